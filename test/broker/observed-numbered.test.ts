// The numbered behaviours of docs/reference/rabbitmq-3.10-delivery-observed.md that concern classic queues
// (1, 3–9, 12–15, 19, 20), each replayed on the simulated broker with exact orders, flags and x-death contents.
import { describe, expect, it } from 'vitest'
import {
  bodyOf, byConsumer, declareQueue, drain, emptyBroker, events, header, ok, readyBodies, send, table, xDeath,
} from './helpers.js'

describe('observed 1: classic requeue position (rabbit_variable_queue:requeue merges by seq id)', () => {
  it('nacking m2, m4, m1 puts them back at the head in publish order: m1 m2 m4 m5 m6', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5', 'm6']) send(b, 'q', m)
    const tags = new Map<string, number>()
    for (let i = 0; i < 4; i++) {
      const d = ok(b.get('q', { channel: 'c' })).message!
      tags.set(bodyOf(d.message), d.deliveryTag)
    }
    ok(b.ack('c', tags.get('m3')!))
    for (const m of ['m2', 'm4', 'm1']) ok(b.nack('c', tags.get(m)!, false, true))
    expect(readyBodies(b, 'q')).toEqual(['m1*', 'm2*', 'm4*', 'm5', 'm6'])
  })
})

describe('observed 3: a requeued message goes to the next consumer in the rotation', () => {
  it('c1 nacks m1 and c2 gets it; the next publish m4 goes to c1', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    ok(b.consume('q', { consumerTag: 'c1', channel: 'ch1', prefetch: 10 }))
    ok(b.consume('q', { consumerTag: 'c2', channel: 'ch2', prefetch: 10 }))
    const first = events(send(b, 'q', 'm1'), send(b, 'q', 'm2'), send(b, 'q', 'm3'))
    expect(byConsumer(first)).toEqual({ c1: ['m1', 'm3'], c2: ['m2'] })
    const nacked = ok(b.nack('ch1', 1, false, true))
    expect(byConsumer(nacked.events)).toEqual({ c2: ['m1*'] })
    expect(byConsumer(send(b, 'q', 'm4').events)).toEqual({ c1: ['m4'] })
  })
})

describe('observed 4: round-robin only shares messages that arrive while several consumers have room', () => {
  it('a backlog of 6 goes entirely to c1 (prefetch 10); c2 attaching next gets nothing', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    for (let i = 1; i <= 6; i++) send(b, 'q', `m${i}`)
    const c1 = ok(b.consume('q', { consumerTag: 'c1', channel: 'ch1', prefetch: 10 }))
    expect(byConsumer(c1.events)).toEqual({ c1: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'] })
    const c2 = ok(b.consume('q', { consumerTag: 'c2', channel: 'ch2', prefetch: 10 }))
    expect(byConsumer(c2.events)).toEqual({})
    expect(b.queueStats('q')[0]).toMatchObject({ ready: 0, unacked: 6, consumers: 2 })
  })
})

describe('observed 5: x-death merging (rabbit_dead_letter:update_x_death_header)', () => {
  it('a second death in q1 increments its entry, moves it to the front and keeps its first exchange and keys', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'dlx', type: 'direct' }))
    declareQueue(b, 'q1', { 'x-dead-letter-exchange': 'dlx' })
    declareQueue(b, 'q2', { 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'to1' })
    ok(b.bind({ source: 'dlx', destination: 'q2', routingKey: 'q1' }))
    ok(b.bind({ source: 'dlx', destination: 'q1', routingKey: 'to1' }))
    send(b, 'q1', 'm', undefined, table({ CC: ['extra'] }))
    const reject = (q: string): void => {
      const d = ok(b.get(q, { channel: 'c' })).message!
      ok(b.reject('c', d.deliveryTag, false))
    }
    reject('q1') // q1 → dlx[q1] → q2
    reject('q2') // q2 → dlx[to1] → q1
    reject('q1') // q1 again: the message's only key is now to1 → dlx[to1] → q1 itself
    expect(readyBodies(b, 'q2')).toEqual([])
    const m = drain(b, 'q1')[0]!.message
    expect(xDeath(m)).toEqual([
      { count: 2, exchange: '', queue: 'q1', reason: 'rejected', 'routing-keys': ['q1', 'extra'], time: 0 },
      { count: 1, exchange: 'dlx', queue: 'q2', reason: 'rejected', 'routing-keys': ['q1', 'extra'], time: 0 },
    ])
    expect(header(m, 'x-first-death-queue')).toBe('q1')
    expect(header(m, 'x-first-death-exchange')).toBe('')
    expect(header(m, 'x-first-death-reason')).toBe('rejected')
  })
})

describe('observed 6: without a DLRK, dead-lettering routes by key + CC + BCC; x-death lists key + CC', () => {
  it('a DLX binding matching only the BCC key gets the copy, with the first key and the CC header', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'dlx', type: 'direct' }))
    declareQueue(b, 'src', { 'x-dead-letter-exchange': 'dlx' })
    declareQueue(b, 'dlq')
    ok(b.bind({ source: 'dlx', destination: 'dlq', routingKey: 'bcc1' }))
    send(b, 'src', 'm', undefined, table({ CC: ['cc1'], BCC: ['bcc1'] }))
    const d = ok(b.get('src', { channel: 'c' })).message!
    expect(d.message.headers.has('BCC')).toBe(false)
    ok(b.reject('c', d.deliveryTag, false))
    const [got] = drain(b, 'dlq')
    expect(got!.message.routingKey).toBe('src')
    expect(got!.message.exchange).toBe('dlx')
    expect(header(got!.message, 'CC')).toEqual(['cc1'])
    expect(got!.message.headers.has('BCC')).toBe(false)
    expect(xDeath(got!.message)[0]!['routing-keys']).toEqual(['src', 'cc1'])
  })
})

describe('observed 7: with x-dead-letter-routing-key the copy is routed by the DLRK alone and CC is removed', () => {
  it('routes by the DLRK, removes CC, x-death keeps the original keys [a, cc1]', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'x', type: 'direct' }))
    ok(b.declareExchange({ name: 'dlx', type: 'direct' }))
    declareQueue(b, 'src', { 'x-dead-letter-exchange': 'dlx', 'x-dead-letter-routing-key': 'dead' })
    declareQueue(b, 'dlq')
    declareQueue(b, 'by-a')
    ok(b.bind({ source: 'x', destination: 'src', routingKey: 'a' }))
    ok(b.bind({ source: 'dlx', destination: 'dlq', routingKey: 'dead' }))
    ok(b.bind({ source: 'dlx', destination: 'by-a', routingKey: 'a' }))
    ok(b.publish({ exchange: 'x', routingKey: 'a', body: 'm', headers: table({ CC: ['cc1'] }) }))
    const d = ok(b.get('src', { channel: 'c' })).message!
    ok(b.reject('c', d.deliveryTag, false))
    expect(b.queueStats('by-a')[0]!.ready).toBe(0)
    const [got] = drain(b, 'dlq')
    expect(got!.message.routingKey).toBe('dead')
    expect(got!.message.headers.has('CC')).toBe(false)
    expect(xDeath(got!.message)[0]).toMatchObject({ exchange: 'x', queue: 'src', 'routing-keys': ['a', 'cc1'] })
  })
})

describe('observed 8: the dead-letter cycle rule (rabbit_dead_letter:detect_cycles / is_cycle)', () => {
  it('a queue dead-lettering its own expired messages into itself drops them on the first expiry; other targets still get them', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'dlx', type: 'fanout' }))
    declareQueue(b, 'self', { 'x-message-ttl': 100, 'x-dead-letter-exchange': 'dlx' })
    declareQueue(b, 'other')
    ok(b.bind({ source: 'dlx', destination: 'self' }))
    ok(b.bind({ source: 'dlx', destination: 'other' }))
    send(b, 'self', 'm')
    const t = b.tick(100)
    const dl = t.events.find((e) => e.kind === 'dead-lettered')
    expect(dl).toMatchObject({ queue: 'self', reason: 'expired', queues: ['other'], cycleDropped: ['self'] })
    expect(b.queueStats('self')[0]!.messages).toBe(0)
    expect(readyBodies(b, 'other')).toEqual(['m'])
  })

  it('a TTL loop qa → qb → qa drops the message when it would re-enter qa', () => {
    const b = emptyBroker()
    declareQueue(b, 'qa', { 'x-message-ttl': 10, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'qb' })
    declareQueue(b, 'qb', { 'x-message-ttl': 10, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'qa' })
    send(b, 'qa', 'm')
    b.tick(10)
    expect(readyBodies(b, 'qb')).toEqual(['m'])
    const t = b.tick(10)
    expect(t.events.find((e) => e.kind === 'dead-lettered')).toMatchObject({ queue: 'qb', queues: [], cycleDropped: ['qa'] })
    expect(b.queueStats().map((q) => q.messages)).toEqual([0, 0])
  })

  it('a loop that contains a rejection is kept forever and the counts grow', () => {
    const b = emptyBroker()
    declareQueue(b, 'qa', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'qb' })
    declareQueue(b, 'qb', { 'x-message-ttl': 10, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'qa' })
    send(b, 'qa', 'm')
    for (let round = 0; round < 3; round++) {
      const d = ok(b.get('qa', { channel: 'c' })).message!
      ok(b.reject('c', d.deliveryTag, false))
      b.tick(10)
    }
    const [m] = b.peek('qa')
    expect(xDeath(m!.message).map((e) => [e.queue, e.reason, e.count])).toEqual([['qb', 'expired', 3], ['qa', 'rejected', 3]])
  })

  it('reason rejected is never cycle-checked: DLX "" without DLRK puts the message back at the tail of the same queue', () => {
    const b = emptyBroker()
    declareQueue(b, 'r', { 'x-dead-letter-exchange': '' })
    send(b, 'r', 'm1')
    send(b, 'r', 'm2')
    let d = ok(b.get('r', { channel: 'c' })).message!
    ok(b.reject('c', d.deliveryTag, false))
    expect(readyBodies(b, 'r')).toEqual(['m2', 'm1'])
    d = ok(b.get('r', { channel: 'c' })).message!
    ok(b.reject('c', d.deliveryTag, false))
    d = ok(b.get('r', { channel: 'c' })).message!
    expect(bodyOf(d.message)).toBe('m1')
    ok(b.reject('c', d.deliveryTag, false))
    const ready = b.peek('r')
    expect(ready.map((r) => bodyOf(r.message))).toEqual(['m2', 'm1'])
    expect(xDeath(ready[1]!.message)[0]).toMatchObject({ queue: 'r', reason: 'rejected', count: 2 })
  })
})

describe('observed 9: classic reject-publish only nacks the publisher', () => {
  it('max 2: m3 is nacked, not dead-lettered, not returned though mandatory, and still reaches the other fanout queue', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'fx', type: 'fanout' }))
    ok(b.declareExchange({ name: 'dlx', type: 'fanout' }))
    declareQueue(b, 'full', { 'x-max-length': 2, 'x-overflow': 'reject-publish', 'x-dead-letter-exchange': 'dlx' })
    declareQueue(b, 'other')
    declareQueue(b, 'dlq')
    ok(b.bind({ source: 'fx', destination: 'full' }))
    ok(b.bind({ source: 'fx', destination: 'other' }))
    ok(b.bind({ source: 'dlx', destination: 'dlq' }))
    const confirms = ['m1', 'm2', 'm3'].map((m) => b.publish({ exchange: 'fx', routingKey: '', body: m, mandatory: true }))
    expect(confirms.map((c) => c.confirm)).toEqual(['ack', 'ack', 'nack'])
    expect(confirms.map((c) => c.returned)).toEqual([false, false, false])
    expect(readyBodies(b, 'full')).toEqual(['m1', 'm2'])
    expect(readyBodies(b, 'other')).toEqual(['m1', 'm2', 'm3'])
    expect(readyBodies(b, 'dlq')).toEqual([])
  })
})

describe('observed 12: per-message TTL is checked at the head only', () => {
  it('an expired message behind a live one keeps counting until exposed, then is dead-lettered at once (get-ok count 1)', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    send(b, 'q', 'm1')
    send(b, 'q', 'm2', { expiration: '100' })
    send(b, 'q', 'm3')
    b.tick(1000)
    expect(b.queueStats('q')[0]!.ready).toBe(3)
    const r = ok(b.get('q', { noAck: true }))
    expect(bodyOf(r.message!.message)).toBe('m1')
    expect(r.messageCount).toBe(1)
    const [dead] = drain(b, 'dlq')
    expect(bodyOf(dead!.message)).toBe('m2')
    expect(xDeath(dead!.message)[0]).toMatchObject({ reason: 'expired', queue: 'q', 'original-expiration': '100' })
  })
})

describe('observed 13: a requeued message whose TTL has passed is dead-lettered instead of requeued', () => {
  it('does not expire while unacked; the requeue dead-letters it with reason expired', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-message-ttl': 100, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    send(b, 'q', 'm1')
    const d = ok(b.get('q', { channel: 'c' })).message!
    b.tick(500)
    expect(b.queueStats('q')[0]).toMatchObject({ ready: 0, unacked: 1 })
    expect(readyBodies(b, 'dlq')).toEqual([])
    ok(b.nack('c', d.deliveryTag, false, true))
    expect(b.queueStats('q')[0]).toMatchObject({ ready: 0, unacked: 0 })
    const [dead] = drain(b, 'dlq')
    expect(bodyOf(dead!.message)).toBe('m1')
    expect(xDeath(dead!.message)[0]).toMatchObject({ reason: 'expired', queue: 'q' })
  })
})

describe('observed 14: x-max-length counts ready messages only', () => {
  it('a message requeued into a full queue lands at the head and is the one dropped: the DLQ receives m2, then m1', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-max-length': 1, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    send(b, 'q', 'm1')
    const d = ok(b.get('q', { channel: 'c' })).message!
    send(b, 'q', 'm2')
    expect(b.queueStats('q')[0]).toMatchObject({ ready: 1, unacked: 1 })
    send(b, 'q', 'm3')
    ok(b.nack('c', d.deliveryTag, false, true))
    expect(readyBodies(b, 'dlq')).toEqual(['m2', 'm1'])
    expect(readyBodies(b, 'q')).toEqual(['m3'])
    expect(xDeath(b.peek('dlq')[1]!.message)[0]).toMatchObject({ reason: 'maxlen', queue: 'q' })
  })
})

describe('observed 15: dead letters reach the DLQ in settlement order', () => {
  it('reject m4, then nack-multiple m1..m3, gives a DLQ of m4 m1 m2 m3', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    for (const m of ['m1', 'm2', 'm3', 'm4']) send(b, 'q', m)
    ok(b.consume('q', { consumerTag: 'c', channel: 'ch', prefetch: 10 }))
    ok(b.reject('ch', 4, false))
    ok(b.nack('ch', 3, true, false))
    expect(readyBodies(b, 'dlq')).toEqual(['m4', 'm1', 'm2', 'm3'])
  })
})

describe('observed 15 (across queues, checked on 3.10.8): the channel settles per queue', () => {
  it('a multiple nack over messages of queues a and b dead-letters a\'s, then b\'s: a1 a2 b1 b2', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'a', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    declareQueue(b, 'b', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    for (const [q, m] of [['a', 'a1'], ['b', 'b1'], ['a', 'a2'], ['b', 'b2']] as const) send(b, q, m)
    for (const q of ['a', 'b', 'a', 'b']) ok(b.get(q, { channel: 'c' }))
    ok(b.nack('c', 4, true, false))
    expect(readyBodies(b, 'dlq')).toEqual(['a1', 'a2', 'b1', 'b2'])
  })
})

describe('settlement order (rabbit_channel:foreach_per_queue: a gb_tree keyed by {queue, consumer tag})', () => {
  it('groups are taken in queue-name order, not delivery-tag order', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'zz', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    declareQueue(b, 'aa', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    send(b, 'zz', 'z1')
    send(b, 'aa', 'a1')
    ok(b.get('zz', { channel: 'c' }))
    ok(b.get('aa', { channel: 'c' }))
    ok(b.nack('c', 2, true, false))
    expect(readyBodies(b, 'dlq')).toEqual(['a1', 'z1'])
  })
})

describe('observed 19: the dead-lettered copy', () => {
  it('has exchange = DLX, routing key = first original key, redelivered false, no expiration (kept as original-expiration)', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'dlx', type: 'fanout' }))
    declareQueue(b, 'q', { 'x-dead-letter-exchange': 'dlx' })
    declareQueue(b, 'dlq')
    ok(b.bind({ source: 'dlx', destination: 'dlq' }))
    send(b, 'q', 'm', { expiration: '60000', messageId: 'id-1' })
    let d = ok(b.get('q', { channel: 'c' })).message!
    ok(b.nack('c', d.deliveryTag, false, true))
    d = ok(b.get('q', { channel: 'c' })).message!
    expect(d.redelivered).toBe(true)
    ok(b.reject('c', d.deliveryTag, false))
    const [got] = drain(b, 'dlq')
    expect(got!.redelivered).toBe(false)
    expect(got!.message.exchange).toBe('dlx')
    expect(got!.message.routingKey).toBe('q')
    expect(got!.message.properties.expiration).toBeUndefined()
    expect(got!.message.properties.messageId).toBe('id-1')
    expect(xDeath(got!.message)[0]!['original-expiration']).toBe('60000')
  })
})

describe('observed 20: x-max-length-bytes counts body bytes', () => {
  it('a message bigger than the limit empties the queue, itself included, all dead-lettered (maxlen), publish acked', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-max-length-bytes': 10, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    send(b, 'q', 'aaaa')
    send(b, 'q', 'bbbb')
    const big = send(b, 'q', 'ccccccccccc')
    expect(big.confirm).toBe('ack')
    expect(readyBodies(b, 'q')).toEqual([])
    expect(readyBodies(b, 'dlq')).toEqual(['aaaa', 'bbbb', 'ccccccccccc'])
    expect(b.peek('dlq').map((r) => xDeath(r.message)[0]!.reason)).toEqual(['maxlen', 'maxlen', 'maxlen'])
  })

  it('exactly at the limit (10 bytes for a limit of 10) is accepted', () => {
    const b = emptyBroker()
    declareQueue(b, 'q', { 'x-max-length-bytes': 10 })
    expect(send(b, 'q', 'aaaaaaaaaa').confirm).toBe('ack')
    expect(b.queueStats('q')[0]).toMatchObject({ ready: 1, bytes: 10 })
  })
})
