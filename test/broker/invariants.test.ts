// Random operation sequences (fast-check) against a topology with TTL, overflow and dead-letter loops. After every
// call the broker must keep the invariants RabbitMQ's classic queue keeps:
// - ready messages are in arrival order (requeues merge by seq id: rabbit_variable_queue:requeue);
// - no consumer with room waits while messages are ready (run_message_queue drains to consumers with room);
// - the head is never expired (drop_expired_msgs after every change, TTL timer at the head);
// - a drop-head queue is never over max-length; counts and bytes agree with the messages themselves;
// - connections: every open channel is on an open connection, and every exclusive queue belongs to one (closing
//   the owner deletes it: rabbit_amqqueue, the exclusive owner's exit).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Broker } from '../../src/broker/broker.js'
import { emptyBroker, ok, table } from './helpers.js'

function setup(): Broker {
  const b = emptyBroker('3.10')
  ok(b.declareExchange({ name: 'fx', type: 'fanout' }))
  ok(b.declareExchange({ name: 'tx', type: 'topic' }))
  ok(b.declareExchange({ name: 'dlx', type: 'topic' }))
  ok(b.declareQueue({ name: 'ttl', arguments: table({ 'x-message-ttl': 50, 'x-dead-letter-exchange': 'dlx' }) }))
  ok(b.declareQueue({ name: 'capped', arguments: table({ 'x-max-length': 2, 'x-dead-letter-exchange': 'dlx' }) }))
  ok(b.declareQueue({ name: 'strict', arguments: table({ 'x-max-length': 2, 'x-overflow': 'reject-publish-dlx', 'x-dead-letter-exchange': 'dlx' }) }))
  ok(b.declareQueue({ name: 'self', arguments: table({ 'x-dead-letter-exchange': '' }) }))
  ok(b.declareQueue({ name: 'retry', arguments: table({ 'x-message-ttl': 30, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'ttl' }) }))
  ok(b.declareQueue({ name: 'dlq', arguments: table({ 'x-max-length-bytes': 12 }) }))
  for (const q of ['ttl', 'capped', 'strict']) ok(b.bind({ source: 'fx', destination: q }))
  ok(b.bind({ source: 'tx', destination: 'self', routingKey: 'a.*' }))
  ok(b.bind({ source: 'tx', destination: 'retry', routingKey: '#.r' }))
  ok(b.bind({ source: 'dlx', destination: 'dlq', routingKey: '#' }))
  ok(b.bind({ source: 'dlx', destination: 'retry', routingKey: 'x.#' }))
  // Channels c1 and c2 are on connection k, which owns the exclusive queue ex (fed by fx); c3 on the default one.
  b.openConnection('k')
  b.openChannel('c1', { connection: 'k' })
  b.openChannel('c2', { connection: 'k' })
  claim(b)
  return b
}

/** Declares the exclusive queue ex on c1 (connection k) and binds it to fx (405 / no-op when it cannot). */
function claim(b: Broker): void {
  if (b.declareQueue({ name: 'ex', exclusive: true, durable: false }, { channel: 'c1' }).ok) b.bind({ source: 'fx', destination: 'ex' }, { channel: 'c1' })
}

const QUEUES = ['ttl', 'capped', 'strict', 'self', 'retry', 'dlq', 'ex'] as const
const CHANNELS = ['c1', 'c2', 'c3'] as const

type Op =
  | { op: 'publish'; exchange: string; key: string; body: string; expiration?: string; cc?: string[] }
  | { op: 'consume'; queue: string; channel: string; prefetch: number; noAck: boolean }
  | { op: 'cancel'; index: number }
  | { op: 'get'; queue: string; channel: string; noAck: boolean }
  | { op: 'settle'; kind: 'ack' | 'nack' | 'reject'; channel: string; tag: number; multiple: boolean; requeue: boolean }
  | { op: 'close'; channel: string }
  | { op: 'tick'; ms: number }
  | { op: 'disconnect' }
  | { op: 'claim' }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({
    op: fc.constant('publish' as const),
    exchange: fc.constantFrom('fx', 'tx', '', 'dlx'),
    key: fc.constantFrom('a.b', 'x.r', 'a.r', 'ttl', 'self', 'dlq', 'x.y'),
    body: fc.string({ maxLength: 8 }),
    expiration: fc.option(fc.constantFrom('0', '10', '40', '100'), { nil: undefined }),
    cc: fc.option(fc.array(fc.constantFrom('x.r', 'self', 'a.c'), { maxLength: 2 }), { nil: undefined }),
  }, { requiredKeys: ['op', 'exchange', 'key', 'body'] }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('consume' as const), queue: fc.constantFrom(...QUEUES), channel: fc.constantFrom(...CHANNELS), prefetch: fc.integer({ min: 0, max: 3 }), noAck: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), index: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('get' as const), queue: fc.constantFrom(...QUEUES), channel: fc.constantFrom(...CHANNELS), noAck: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('settle' as const), kind: fc.constantFrom('ack' as const, 'nack' as const, 'reject' as const), channel: fc.constantFrom(...CHANNELS), tag: fc.nat(12), multiple: fc.boolean(), requeue: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), channel: fc.constantFrom(...CHANNELS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 80 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('disconnect' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('claim' as const) }) },
)

function apply(b: Broker, o: Op): void {
  switch (o.op) {
    case 'publish':
      b.publish({
        exchange: o.exchange, routingKey: o.key, body: o.body, channel: 'pub',
        ...(o.expiration !== undefined ? { properties: { expiration: o.expiration } } : {}),
        ...(o.cc !== undefined ? { headers: table({ CC: o.cc }) } : {}),
      })
      return
    case 'consume': b.consume(o.queue, { channel: o.channel, prefetch: o.prefetch, noAck: o.noAck }); return
    case 'cancel': {
      const c = b.consumers()[o.index]
      if (c !== undefined) b.cancel(c.consumerTag)
      return
    }
    case 'get': b.get(o.queue, { channel: o.channel, noAck: o.noAck }); return
    case 'settle':
      if (o.kind === 'ack') b.ack(o.channel, o.tag, o.multiple)
      else if (o.kind === 'nack') b.nack(o.channel, o.tag, o.multiple, o.requeue)
      else b.reject(o.channel, o.tag, o.requeue)
      return
    case 'close': b.closeChannel(o.channel); return
    case 'tick': b.tick(o.ms); return
    case 'disconnect': b.closeConnection('k'); return
    case 'claim': claim(b)
  }
}

function checkInvariants(b: Broker): void {
  const connections = b.connections()
  const open = new Set(connections.map((c) => c.name))
  for (const ch of b.channels()) expect(open.has(ch.connection), `channel ${ch.name} on an open connection`).toBe(true)
  const owned = connections.flatMap((c) => c.exclusiveQueues).sort()
  expect(owned, 'every exclusive queue has an open owner').toEqual(b.queueStats().filter((s) => s.exclusive).map((s) => s.name).sort())
  if (!open.has('k')) expect(b.queueStats('ex'), 'closing k deleted ex').toEqual([])
  const unacked = b.unacked()
  for (const s of b.queueStats()) {
    const ready = b.peek(s.name)
    const seqs = ready.map((r) => r.message.seq)
    expect(seqs, `${s.name}: ready in arrival order`).toEqual([...seqs].sort((x, y) => x - y))
    expect(ready.length).toBe(s.ready)
    expect(ready.reduce((n, r) => n + r.message.bodySize, 0), `${s.name}: bytes`).toBe(s.bytes)
    expect(unacked.filter((d) => d.queue === s.name).length, `${s.name}: unacked`).toBe(s.unacked)
    const head = ready[0]
    if (head?.expiresAt !== undefined) expect(head.expiresAt, `${s.name}: head not expired`).toBeGreaterThan(b.now)
    if (s.effective.overflow === 'drop-head' && s.effective.maxLength !== undefined) expect(s.ready).toBeLessThanOrEqual(s.effective.maxLength)
    if (s.effective.maxLengthBytes !== undefined && s.effective.overflow === 'drop-head') expect(s.bytes).toBeLessThanOrEqual(s.effective.maxLengthBytes)
    if (s.ready > 0) {
      for (const c of b.consumers(s.name)) {
        expect(!c.noAck && c.prefetch > 0 && c.unacked >= c.prefetch, `${s.name}: consumer ${c.consumerTag} has room while messages wait`).toBe(true)
      }
    }
  }
}

describe('classic queue invariants under random operations', () => {
  it('hold after every call', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 20, maxLength: 80 }), (ops) => {
        const b = setup()
        for (const o of ops) {
          apply(b, o)
          checkInvariants(b)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('a failed ack has exactly the effect of closing its channel (rabbit_channel: a channel error closes it)', () => {
    const snapshot = (b: Broker): unknown => b.queueStats().map((s) => [s.name, s.ready, s.unacked, b.peek(s.name).map((r) => [r.message.body, r.redelivered])])
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
        const failed = setup()
        const closed = setup()
        for (const o of ops) {
          apply(failed, o)
          apply(closed, o)
        }
        const r = failed.ack('c1', 999)
        expect(r.ok).toBe(false)
        closed.closeChannel('c1')
        expect(snapshot(failed)).toEqual(snapshot(closed))
        expect(failed.unacked('c1')).toEqual([])
      }),
      { numRuns: 150 },
    )
  })
})
