// Random operation sequences (fast-check) over priority, single-active-consumer, quorum and stream queues, on every
// version whose rules differ (3.10: no quorum default limit; 4.0: two priority buckets; 4.3: strict priorities).
// After every call:
// - nothing throws, and counts agree with the messages themselves (ready, bytes, unacked);
// - a priority queue lists its ready messages by priority (capped at the max), publish order within a priority;
// - no consumer that may receive has room while messages wait (a waiting single-active consumer may), and only the
//   active one of a single-active-consumer queue receives;
// - a quorum message is never delivered after more returns than its delivery limit (x-delivery-count ≤ limit);
// - a quorum reject-publish queue (max 3) refuses a publish that finds more than 3 ready messages, and accepts one
//   that finds at most trunc(0.8 × 3) = 2 (returns may push it over the limit: they are never refused);
// - a stream keeps every message: its count only grows, and each consumer reads offsets in order, without gaps.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Broker } from '../../src/broker/broker.js'
import type { BrokerEvent } from '../../src/broker/types.js'
import { emptyBroker, header, ok, table } from './helpers.js'

const QUEUES = ['prio', 'solo', 'qlimit', 'qfull', 'qplain', 'stream'] as const
const CHANNELS = ['c1', 'c2', 'c3'] as const

function setup(version: string): Broker {
  const b = emptyBroker(version)
  ok(b.declareExchange({ name: 'fx', type: 'fanout' }))
  ok(b.declareQueue({ name: 'dlq' }))
  ok(b.declareQueue({ name: 'prio', arguments: table({ 'x-max-priority': 3 }) }))
  ok(b.declareQueue({ name: 'solo', arguments: table({ 'x-single-active-consumer': true }) }))
  ok(b.declareQueue({ name: 'qlimit', arguments: table({ 'x-queue-type': 'quorum', 'x-delivery-limit': 2, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' }) }))
  ok(b.declareQueue({ name: 'qfull', arguments: table({ 'x-queue-type': 'quorum', 'x-max-length': 3, 'x-overflow': 'reject-publish', 'x-single-active-consumer': true }) }))
  ok(b.declareQueue({ name: 'qplain', arguments: table({ 'x-queue-type': 'quorum' }) }))
  ok(b.declareQueue({ name: 'stream', arguments: table({ 'x-queue-type': 'stream' }) }))
  for (const q of QUEUES) ok(b.bind({ source: 'fx', destination: q }))
  return b
}

type Op =
  | { op: 'publish'; queue: string | null; priority?: number }
  | { op: 'consume'; queue: string; channel: string; prefetch: number; noAck: boolean; offset: string; priority: number }
  | { op: 'cancel'; index: number }
  | { op: 'get'; queue: string; channel: string; noAck: boolean }
  /** Settles the index-th outstanding delivery of the channel (nothing when it has none), so channels stay open. */
  | { op: 'settle'; kind: 'ack' | 'nack' | 'reject'; channel: string; index: number; multiple: boolean; requeue: boolean }
  | { op: 'close'; channel: string }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('publish' as const), queue: fc.option(fc.constantFrom(...QUEUES), { nil: null }), priority: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }) }, { requiredKeys: ['op', 'queue'] }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('consume' as const), queue: fc.constantFrom(...QUEUES), channel: fc.constantFrom(...CHANNELS), prefetch: fc.integer({ min: 1, max: 3 }), noAck: fc.boolean(), offset: fc.constantFrom('first', 'last', 'next'), priority: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), index: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('get' as const), queue: fc.constantFrom(...QUEUES.filter((q) => q !== 'stream')), channel: fc.constantFrom(...CHANNELS), noAck: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('settle' as const), kind: fc.constantFrom('ack' as const, 'nack' as const, 'reject' as const), channel: fc.constantFrom(...CHANNELS), index: fc.nat(5), multiple: fc.boolean(), requeue: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), channel: fc.constantFrom(...CHANNELS) }) },
)

function apply(b: Broker, o: Op): readonly BrokerEvent[] {
  switch (o.op) {
    case 'publish': {
      const properties = o.priority !== undefined ? { priority: o.priority } : undefined
      return b.publish({ exchange: o.queue === null ? 'fx' : '', routingKey: o.queue ?? '', body: 'm', channel: 'pub', ...(properties ? { properties } : {}) }).events
    }
    case 'consume':
      return b.consume(o.queue, {
        channel: o.channel, prefetch: o.prefetch, noAck: o.noAck,
        ...(o.queue === 'stream' ? { args: table({ 'x-stream-offset': o.offset }) } : { priority: o.priority }),
      }).events
    case 'cancel': {
      const c = b.consumers()[o.index]
      return c === undefined ? [] : b.cancel(c.consumerTag).events
    }
    case 'get': return b.get(o.queue, { channel: o.channel, noAck: o.noAck }).events
    case 'settle': {
      const pending = b.unacked(o.channel)
      const tag = pending[o.index % Math.max(1, pending.length)]?.deliveryTag
      if (tag === undefined) return []
      if (o.kind === 'ack') return b.ack(o.channel, tag, o.multiple).events
      if (o.kind === 'nack') return b.nack(o.channel, tag, o.multiple, o.requeue).events
      return b.reject(o.channel, tag, o.requeue).events
    }
    case 'close': return b.closeChannel(o.channel).events
  }
}

interface Seen { streamCount: number; readonly nextOffset: Map<string, number> }

function check(b: Broker, events: readonly BrokerEvent[], seen: Seen): void {
  const unacked = b.unacked()
  for (const s of b.queueStats()) {
    const ready = b.peek(s.name)
    expect(ready.length, `${s.name}: ready`).toBe(s.ready)
    expect(ready.reduce((n, r) => n + r.message.bodySize, 0), `${s.name}: bytes`).toBe(s.bytes)
    expect(unacked.filter((d) => d.queue === s.name).length, `${s.name}: unacked`).toBe(s.unacked)
    if (s.name === 'stream') {
      expect(s.ready, 'stream keeps every message').toBeGreaterThanOrEqual(seen.streamCount)
      seen.streamCount = s.ready
      continue
    }
    if (s.name === 'prio') {
      const ranks = ready.map((r) => [Math.min(r.message.properties.priority ?? 0, 3), r.message.seq] as const)
      for (let i = 1; i < ranks.length; i++) {
        const [p0, s0] = ranks[i - 1]!
        const [p1, s1] = ranks[i]!
        expect(p0 > p1 || (p0 === p1 && s0 < s1), `prio: order ${JSON.stringify(ranks)}`).toBe(true)
      }
    }
    if (s.ready > 0) {
      for (const c of b.consumers(s.name)) {
        if (c.active === false) continue
        expect(!c.noAck && c.prefetch > 0 && c.unacked >= c.prefetch, `${s.name}: consumer ${c.consumerTag} has room while messages wait`).toBe(true)
      }
    }
  }
  for (const e of events) {
    if (e.kind !== 'delivered') continue
    if ((e.queue === 'solo' || e.queue === 'qfull') && e.consumerTag !== undefined) {
      const c = b.consumers(e.queue).find((k) => k.consumerTag === e.consumerTag)
      if (c !== undefined) expect(c.active, `${e.queue}: only the active consumer receives`).toBe(true)
    }
    if (e.queue === 'qlimit') expect((header(e.message, 'x-delivery-count') as number | undefined) ?? 0).toBeLessThanOrEqual(2)
    if (e.queue === 'stream' && e.consumerTag !== undefined) {
      const offset = header(e.message, 'x-stream-offset') as number
      const expected = seen.nextOffset.get(`${e.channel}/${e.consumerTag}`)
      if (expected !== undefined) expect(offset, 'stream offsets in order, no gaps').toBe(expected)
      seen.nextOffset.set(`${e.channel}/${e.consumerTag}`, offset + 1)
    }
  }
}

describe.each(['3.10', '4.0', '4.3'])('queue-type invariants under random operations (%s)', (version) => {
  it('hold after every call', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 20, maxLength: 80 }), (ops) => {
        const b = setup(version)
        const seen: Seen = { streamCount: 0, nextOffset: new Map() }
        for (const o of ops) {
          const before = b.queueStats('qfull')[0]!.ready
          const events = apply(b, o)
          check(b, events, seen)
          if (o.op === 'publish' && (o.queue === null || o.queue === 'qfull')) {
            const refused = events.some((e) => e.kind === 'rejected-publish' && e.queue === 'qfull')
            if (before > 3) expect(refused, `qfull refuses at ${before} ready`).toBe(true)
            if (before <= 2) expect(refused, `qfull accepts at ${before} ready`).toBe(false)
          }
        }
      }),
      { numRuns: 200 },
    )
  })
})
