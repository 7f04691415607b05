import { describe, expect, it } from 'vitest'
import { Chalk } from 'chalk'
import type { BrokerEvent, BrokerMessage } from '../../src/broker/types.js'
import type { RouteResult } from '../../src/core/route-types.js'
import { bodyText, formatEvents, formatMessage, MessageLabels, xDeathEntryText } from '../../src/report/broker-events.js'
import type { AmqpValue } from '../../src/core/amqp-value.js'

const plain = new Chalk({ level: 0 })
const coloured = new Chalk({ level: 1 })
const route = { queues: [], routes: [], routed: false, returned: false, hops: [], unsupported: [], routingKeys: [] } as RouteResult

function msg(seq: number, extra: Partial<BrokerMessage> = {}): BrokerMessage {
  return { seq, exchange: 'shop', routingKey: 'order.created', body: 'hi', bodySize: 2, properties: {}, headers: new Map(), ...extra }
}

const str = (value: string): AmqpValue => ({ type: 'longstr', value })

describe('formatEvents', () => {
  it('one line per event that matters, symbols carry the meaning without colour', () => {
    const m1 = msg(1)
    const events: BrokerEvent[] = [
      { kind: 'published', channel: 'pub', message: m1, mandatory: false },
      { kind: 'routed', message: m1, queues: ['a', 'b'], route },
      { kind: 'enqueued', queue: 'a', message: m1 },
      { kind: 'delivered', queue: 'a', channel: 'ch1', deliveryTag: 1, consumerTag: 'c1', redelivered: false, autoAck: false, message: m1 },
      { kind: 'delivered', queue: 'b', channel: 'ch2', deliveryTag: 1, consumerTag: 'c2', redelivered: true, autoAck: false, message: m1 },
      { kind: 'confirm', seq: 1, result: 'ack' },
    ]
    expect(formatEvents(events, plain, new MessageLabels(), { defaultChannel: 'ch1' })).toEqual([
      'm1 (shop "order.created") routed to a, b',
      '→ c1 ← m1 (shop "order.created") from a tag 1',
      '→ c2 ← m1 (shop "order.created") from b tag 1 on ch2 (redelivered)',
    ])
  })

  it('a nack names the queue that refused and its overflow mode', () => {
    const m = msg(3)
    const lines = formatEvents([
      { kind: 'rejected-publish', queue: 'q', message: m, overflow: 'reject-publish' },
      { kind: 'confirm', seq: 3, result: 'nack' },
    ], plain, new MessageLabels())
    expect(lines).toEqual(['✗ q refused m3 (reject-publish: queue full)', 'nack (reject-publish: q full)'])
  })

  it('a dead-lettered copy keeps the name of the message it came from', () => {
    const labels = new MessageLabels()
    const original = msg(1)
    const copy = msg(7, { exchange: 'dlx', deadLetteredFrom: 1 })
    const lines = formatEvents([
      { kind: 'dead-lettered', queue: 'q', reason: 'rejected', dlx: 'dlx', routingKeys: ['order.created'], route, queues: ['dlq'], cycleDropped: [], missingDlx: false, original, message: copy },
      { kind: 'delivered', queue: 'dlq', channel: 'ch1', deliveryTag: 2, consumerTag: 'd', redelivered: false, autoAck: true, message: copy },
    ], plain, labels, { defaultChannel: 'ch1' })
    expect(lines).toEqual([
      '✗ dead-lettered m1 from q (rejected) → dlx ["order.created"] → dlq',
      '→ d ← m1 (dlx "order.created") from dlq tag 2 (auto-ack)',
    ])
  })

  it('a missing DLX and cycle drops are said plainly', () => {
    const m = msg(1)
    const [missing, cycle] = formatEvents([
      { kind: 'dead-lettered', queue: 'q', reason: 'expired', dlx: 'gone', routingKeys: ['k'], route, queues: [], cycleDropped: [], missingDlx: true, original: m, message: m },
      { kind: 'dead-lettered', queue: 'q', reason: 'expired', dlx: '', routingKeys: ['q'], route, queues: [], cycleDropped: ['q'], missingDlx: false, original: m, message: m },
    ], plain, new MessageLabels())
    expect(missing).toBe('✗ dead-lettered m1 from q (expired): dead-letter exchange gone does not exist, dropped')
    expect(cycle).toBe('✗ dead-lettered m1 from q (expired) → (default exchange) ["q"] → no queue (dropped); cycle: not delivered again to q')
  })

  it('m<n> counts publishes, not the broker seq (dead-lettered copies take seqs too)', () => {
    const labels = new MessageLabels()
    const [a, copy, b] = [msg(1), msg(2, { deadLetteredFrom: 1 }), msg(3)]
    const lines = formatEvents([
      { kind: 'published', channel: 'pub', message: a, mandatory: false },
      { kind: 'dead-lettered', queue: 'q', reason: 'maxlen', dlx: 'dlx', routingKeys: ['k'], route, queues: ['dlq'], cycleDropped: [], missingDlx: false, original: a, message: copy },
      { kind: 'published', channel: 'pub', message: b, mandatory: true },
      { kind: 'unroutable', message: b, route },
    ], plain, labels)
    expect(lines).toEqual(['✗ dead-lettered m1 from q (maxlen) → dlx ["k"] → dlq', 'm2 (shop "order.created") unroutable: no queue'])
    expect(labels.label(copy)).toBe('m1')
  })

  it('a plugin exchange type the simulator cannot route is said, not passed off as unroutable', () => {
    const m = msg(1)
    const partial = { ...route, unsupported: ['hash'], hops: [{ exchange: 'hash', type: 'x-consistent-hash', cause: { kind: 'publish' }, matches: [], unsupported: true }] } as RouteResult
    expect(formatEvents([{ kind: 'unroutable', message: m, route: partial }], plain, new MessageLabels())).toEqual([
      'm1 (shop "order.created") unroutable: no queue, dropped',
      '! cannot simulate exchange hash (x-consistent-hash): this answer is partial',
    ])
  })

  it('message-id names the message when set; returns and drops', () => {
    const m = msg(2, { properties: { messageId: 'order-42' } })
    expect(formatEvents([
      { kind: 'returned', replyCode: 312, replyText: 'NO_ROUTE', message: m },
      { kind: 'dropped', queue: 'q', reason: 'rejected', message: m },
    ], plain, new MessageLabels())).toEqual(['↩ returned order-42 312 NO_ROUTE', '✗ dropped order-42 from q (rejected, no dead-letter exchange)'])
  })

  it('colour adds escapes but keeps the same words', () => {
    const m = msg(1)
    const e: BrokerEvent = { kind: 'returned', replyCode: 312, replyText: 'NO_ROUTE', message: m }
    const [c] = formatEvents([e], coloured, new MessageLabels())
    expect(c).toMatch(/\u001b\[/)
    expect(c!.replace(/\u001b\[\d+m/g, '')).toBe(formatEvents([e], plain, new MessageLabels())[0])
  })
})

describe('formatMessage', () => {
  it('pretty-prints x-death newest first and x-first-death-*', () => {
    const entry = (reason: string, count: number, queue: string): AmqpValue => ({
      type: 'table', value: new Map<string, AmqpValue>([
        ['count', { type: 'long', value: count }], ['reason', str(reason)], ['queue', str(queue)], ['time', { type: 'timestamp', value: 0 }],
        ['exchange', str('')], ['routing-keys', { type: 'array', value: [str('q1'), str('extra')] }],
      ]),
    })
    const m = msg(1, {
      headers: new Map<string, AmqpValue>([
        ['x-death', { type: 'array', value: [entry('expired', 1, 'q2'), entry('rejected', 2, 'q1')] }],
        ['x-first-death-queue', str('q1')], ['x-first-death-reason', str('rejected')], ['x-first-death-exchange', str('')],
        ['format', str('pdf')],
      ]),
    })
    const lines = formatMessage(1, m, plain, new MessageLabels(), { redelivered: true }, { now: 0 })
    expect(lines).toEqual([
      '  1. m1 (shop "order.created") redelivered',
      '     body "hi" (2 bytes)',
      '     headers format: "pdf"',
      '     x-death (newest first)',
      '       count 1 · expired · queue q2 · exchange "" · keys [q1, extra] · at t=0s',
      '       count 2 · rejected · queue q1 · exchange "" · keys [q1, extra] · at t=0s',
      '     x-first-death: queue q1, reason rejected, exchange ""',
    ])
  })

  it('shows original-expiration and the time left before a TTL fires', () => {
    const t = new Map<string, AmqpValue>([['count', { type: 'long', value: 1 }], ['reason', str('expired')], ['original-expiration', str('60000')]])
    expect(xDeathEntryText(t)).toBe('count 1 · expired · original-expiration 60000')
    const lines = formatMessage(2, msg(5), plain, new MessageLabels(), { redelivered: false, expiresAt: 30_000 }, { now: 10_000 })
    expect(lines[0]).toBe('  2. m5 (shop "order.created") expires in 20s')
  })
})

describe('bodyText', () => {
  it('caps long bodies and says how big they are', () => {
    const t = bodyText('y'.repeat(10_000), 10_000)
    expect(t).toMatch(/^"y{200}"… \(10000 bytes, first 200 characters shown\)$/)
  })
  it('shows binary bodies as hex', () => {
    expect(bodyText(new Uint8Array([0xff, 0xfe, 0x00]), 3)).toBe('"0xfffe00" (3 bytes)')
  })
})
