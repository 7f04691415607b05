// The sections of docs/reference/rabbitmq-3.10-delivery-observed.md below the numbered items that concern
// classic queues: round-robin and prefetch, basic.get/requeue/channel, reject and dead-lettering, TTL, max-length,
// consumer priority and auto-delete.
import { describe, expect, it } from 'vitest'
import {
  bodyOf, byConsumer, declareQueue, drain, emptyBroker, events, header, ok, readyBodies, send, table, xDeath,
} from './helpers.js'

describe('round-robin and prefetch (rabbit_queue_consumers: blocked consumers rejoin the rotation when acked)', () => {
  it('prefetch 1, consumers attached first: one each in registration order, then whoever acks first', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    for (const c of ['c1', 'c2', 'c3']) ok(b.consume('q', { consumerTag: c, channel: c, prefetch: 1 }))
    const first = events(...['m1', 'm2', 'm3', 'm4', 'm5'].map((m) => send(b, 'q', m)))
    expect(byConsumer(first)).toEqual({ c1: ['m1'], c2: ['m2'], c3: ['m3'] })
    expect(byConsumer(ok(b.ack('c3', 1)).events)).toEqual({ c3: ['m4'] })
    expect(byConsumer(ok(b.ack('c1', 1)).events)).toEqual({ c1: ['m5'] })
  })

  it('prefetch 1 with a backlog: each attaching consumer takes one; the rest follows ack order', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    for (let i = 1; i <= 6; i++) send(b, 'q', `m${i}`)
    const attach = events(...['c1', 'c2', 'c3'].map((c) => b.consume('q', { consumerTag: c, channel: c, prefetch: 1 })))
    expect(byConsumer(attach)).toEqual({ c1: ['m1'], c2: ['m2'], c3: ['m3'] })
    const acks = events(ok(b.ack('c3', 1)), ok(b.ack('c2', 1)), ok(b.ack('c1', 1)))
    expect(byConsumer(acks)).toEqual({ c3: ['m4'], c2: ['m5'], c1: ['m6'] })
  })

  it('consumers with room attached before publishing: strict alternation in registration order', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    ok(b.consume('q', { consumerTag: 'c1', channel: 'c1' }))
    ok(b.consume('q', { consumerTag: 'c2', channel: 'c2' }))
    const all = events(...[1, 2, 3, 4, 5, 6, 7].map((i) => send(b, 'q', `m${i}`)))
    expect(byConsumer(all)).toEqual({ c1: ['m1', 'm3', 'm5', 'm7'], c2: ['m2', 'm4', 'm6'] })
  })

  it('six messages requeued at once are dealt alternately in rotation order, c1 first, all redelivered', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    for (let i = 1; i <= 6; i++) send(b, 'q', `m${i}`)
    ok(b.consume('q', { consumerTag: 'c1', channel: 'c1', prefetch: 10 }))
    ok(b.consume('q', { consumerTag: 'c2', channel: 'c2', prefetch: 10 }))
    const requeued = ok(b.nack('c1', 6, true, true))
    expect(byConsumer(requeued.events)).toEqual({ c1: ['m1*', 'm3*', 'm5*'], c2: ['m2*', 'm4*', 'm6*'] })
  })

  it('round-robin skips a consumer at its prefetch limit; the leftovers stay ready', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    ok(b.consume('q', { consumerTag: 'c1', channel: 'c1', prefetch: 1 }))
    ok(b.consume('q', { consumerTag: 'c2', channel: 'c2', prefetch: 3 }))
    const all = events(...[1, 2, 3, 4, 5, 6].map((i) => send(b, 'q', `m${i}`)))
    expect(byConsumer(all)).toEqual({ c1: ['m1'], c2: ['m2', 'm3', 'm4'] })
    expect(readyBodies(b, 'q')).toEqual(['m5', 'm6'])
  })

  it('a fanout publish reaches the queues in reverse name order (rabbit_exchange:route prepends; seen on 3.10.8)', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'fx', type: 'fanout' }))
    for (const q of ['b', 'd', 'a', 'c']) {
      declareQueue(b, q)
      ok(b.bind({ source: 'fx', destination: q }))
      ok(b.consume(q, { consumerTag: q, channel: 'one' }))
    }
    const r = b.publish({ exchange: 'fx', routingKey: '', body: 'm' })
    expect(r.events.flatMap((e) => (e.kind === 'delivered' ? [`${e.consumerTag}#${e.deliveryTag}`] : []))).toEqual(['d#1', 'c#2', 'b#3', 'a#4'])
  })

  it('dead letters reach their queues in name order (stateless delivery, seen on 3.10.8)', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'dlx', type: 'fanout' }))
    declareQueue(b, 'src', { 'x-dead-letter-exchange': 'dlx' })
    for (const q of ['b', 'a', 'c']) {
      declareQueue(b, q)
      ok(b.bind({ source: 'dlx', destination: q }))
      ok(b.consume(q, { consumerTag: q, channel: 'one' }))
    }
    send(b, 'src', 'm')
    const d = ok(b.get('src', { channel: 'g' })).message!
    const r = ok(b.reject('g', d.deliveryTag, false))
    expect(r.events.flatMap((e) => (e.kind === 'delivered' ? [e.consumerTag] : []))).toEqual(['a', 'b', 'c'])
  })

  it('an auto-ack consumer is never blocked by its prefetch', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    ok(b.consume('q', { consumerTag: 'auto', channel: 'a', prefetch: 1, noAck: true }))
    ok(b.consume('q', { consumerTag: 'manual', channel: 'm', prefetch: 1 }))
    const all = events(...[1, 2, 3, 4, 5].map((i) => send(b, 'q', `a${i}`)))
    expect(byConsumer(all)).toEqual({ auto: ['a1', 'a3', 'a4', 'a5'], manual: ['a2'] })
  })

  it('consumer priority x-priority: the higher-priority consumer gets every message until its prefetch is full', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    ok(b.consume('q', { consumerTag: 'low', channel: 'l', prefetch: 10 }))
    ok(b.consume('q', { consumerTag: 'high', channel: 'h', prefetch: 2, args: table({ 'x-priority': 10 }) }))
    const all = events(...[1, 2, 3, 4, 5].map((i) => send(b, 'q', `m${i}`)))
    expect(byConsumer(all)).toEqual({ high: ['m1', 'm2'], low: ['m3', 'm4', 'm5'] })
  })
})

describe('basic.get, requeue, channel', () => {
  it('basic.get is FIFO; message_count is the ready count after this one; an empty queue gives get-empty', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    for (const m of ['m1', 'm2', 'm3']) send(b, 'q', m)
    const counts = [1, 2, 3].map(() => ok(b.get('q', { noAck: true })))
    expect(counts.map((r) => [bodyOf(r.message!.message), r.messageCount])).toEqual([['m1', 2], ['m2', 1], ['m3', 0]])
    const empty = ok(b.get('q'))
    expect(empty.message).toBeUndefined()
    expect(empty.messageCount).toBe(0)
  })

  it('a reject with requeue puts the message back at the head, redelivered, to the consumer that has room', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    for (const m of ['m1', 'm2', 'm3']) send(b, 'q', m)
    const d = ok(b.get('q', { channel: 'g' })).message!
    ok(b.get('q', { channel: 'g', noAck: true }))
    ok(b.reject('g', d.deliveryTag, true))
    expect(readyBodies(b, 'q')).toEqual(['m1*', 'm3'])
    const c = ok(b.consume('q', { consumerTag: 'c', channel: 'c', prefetch: 1 }))
    expect(byConsumer(c.events)).toEqual({ c: ['m1*'] })
  })

  it('nack multiple with requeue redelivers the messages in their original order', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    for (const m of ['m1', 'm2', 'm3']) send(b, 'q', m)
    ok(b.consume('q', { consumerTag: 'c', channel: 'c', prefetch: 3 }))
    const r = ok(b.nack('c', 3, true, true))
    expect(byConsumer(r.events)).toEqual({ c: ['m1*', 'm2*', 'm3*'] })
  })

  it('closing a channel requeues its unacked messages ahead of the ready ones, redelivered (m1* m2* m3 m4)', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    for (const m of ['m1', 'm2', 'm3', 'm4']) send(b, 'q', m)
    ok(b.consume('q', { consumerTag: 'c', channel: 'c', prefetch: 2 }))
    const closed = ok(b.closeChannel('c'))
    expect(closed.events.find((e) => e.kind === 'channel-closed')).toMatchObject({ channel: 'c', requeued: 2 })
    expect(readyBodies(b, 'q')).toEqual(['m1*', 'm2*', 'm3', 'm4'])
    expect(b.consumers('q')).toEqual([])
  })

  it('acking the same delivery twice is 406 unknown delivery tag; the channel closes and requeues its other unacked', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    for (const m of ['m1', 'm2', 'm3']) send(b, 'q', m)
    ok(b.consume('q', { consumerTag: 'c', channel: 'c', prefetch: 3 }))
    ok(b.ack('c', 1))
    const again = b.ack('c', 1)
    expect(again.ok).toBe(false)
    if (again.ok) return
    expect(again.error).toMatchObject({ code: 406, message: 'PRECONDITION_FAILED - unknown delivery tag 1', closedChannel: 'c' })
    expect(readyBodies(b, 'q')).toEqual(['m2*', 'm3*'])
    expect(b.channels().map((c) => c.name)).not.toContain('c')
  })

  it('basic.cancel leaves the consumer\'s unacked messages on the channel: still ackable, requeued only on close', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    for (const m of ['m1', 'm2']) send(b, 'q', m)
    ok(b.consume('q', { consumerTag: 'c', channel: 'ch', prefetch: 2 }))
    expect(ok(b.cancel('c')).found).toBe(true)
    expect(b.queueStats('q')[0]).toMatchObject({ ready: 0, unacked: 2, consumers: 0 })
    ok(b.ack('ch', 1))
    ok(b.closeChannel('ch'))
    expect(readyBodies(b, 'q')).toEqual(['m2*'])
  })
})

describe('reject and dead-lettering', () => {
  it('reject without requeue and without a DLX drops the message; a DLX naming a missing exchange drops it silently', () => {
    const b = emptyBroker()
    declareQueue(b, 'plain')
    declareQueue(b, 'missing', { 'x-dead-letter-exchange': 'nope' })
    send(b, 'plain', 'm1')
    send(b, 'missing', 'm2')
    const d1 = ok(b.get('plain', { channel: 'c' })).message!
    const r1 = ok(b.reject('c', d1.deliveryTag, false))
    expect(r1.events.find((e) => e.kind === 'dropped')).toMatchObject({ queue: 'plain', reason: 'rejected' })
    const d2 = ok(b.get('missing', { channel: 'c' })).message!
    const r2 = ok(b.reject('c', d2.deliveryTag, false))
    expect(r2.events.find((e) => e.kind === 'dead-lettered')).toMatchObject({ dlx: 'nope', missingDlx: true, queues: [] })
    expect(b.queueStats().map((q) => q.messages)).toEqual([0, 0])
  })

  it('DLX "" with a DLRK: delivered from exchange "" with the DLRK as routing key', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    send(b, 'q', 'm')
    const d = ok(b.get('q', { channel: 'c' })).message!
    ok(b.reject('c', d.deliveryTag, false))
    const [got] = drain(b, 'dlq')
    expect([got!.message.exchange, got!.message.routingKey]).toEqual(['', 'dlq'])
  })

  it('the DLX is an ordinary exchange: its AE catches an unmatched dead letter, still named after the DLX; without an AE it is dropped', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'ae', type: 'fanout' }))
    ok(b.declareExchange({ name: 'dlx', type: 'direct', arguments: table({ 'alternate-exchange': 'ae' }) }))
    ok(b.declareExchange({ name: 'dlx2', type: 'direct' }))
    declareQueue(b, 'caught')
    declareQueue(b, 'q', { 'x-dead-letter-exchange': 'dlx' })
    declareQueue(b, 'q2', { 'x-dead-letter-exchange': 'dlx2' })
    ok(b.bind({ source: 'ae', destination: 'caught' }))
    send(b, 'q', 'm')
    send(b, 'q2', 'm2')
    const d = ok(b.get('q', { channel: 'c' })).message!
    ok(b.reject('c', d.deliveryTag, false))
    const [got] = drain(b, 'caught')
    expect(got!.message.exchange).toBe('dlx')
    const d2 = ok(b.get('q2', { channel: 'c' })).message!
    const r = ok(b.reject('c', d2.deliveryTag, false))
    expect(r.events.find((e) => e.kind === 'dead-lettered')).toMatchObject({ dlx: 'dlx2', queues: [], missingDlx: false })
    expect(b.queueStats().reduce((n, q) => n + q.messages, 0)).toBe(0)
  })

  it('a headers DLX routes by the dead letter\'s own headers, x-first-death-* included (checked on 3.10.8)', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'hx', type: 'headers' }))
    declareQueue(b, 'dlq')
    declareQueue(b, 'dlq2')
    declareQueue(b, 'q', { 'x-dead-letter-exchange': 'hx' })
    ok(b.bind({ source: 'hx', destination: 'dlq', arguments: table({ 'x-match': 'any-with-x', 'x-first-death-reason': 'rejected' }) }))
    ok(b.bind({ source: 'hx', destination: 'dlq2', arguments: table({ 'x-match': 'all', CC: ['c1'] }) }))
    send(b, 'q', 'm', undefined, table({ CC: ['c1'] }))
    const d = ok(b.get('q', { channel: 'c' })).message!
    ok(b.reject('c', d.deliveryTag, false))
    expect([readyBodies(b, 'dlq'), readyBodies(b, 'dlq2')]).toEqual([['m'], ['m']])
  })

  it('one x-death entry per {queue, reason}; x-first-death-* set once; 3.10 writes no x-last-death-*', () => {
    const b = emptyBroker('3.10')
    declareQueue(b, 'q', { 'x-dead-letter-exchange': '' })
    send(b, 'q', 'm')
    for (let i = 0; i < 2; i++) {
      const d = ok(b.get('q', { channel: 'c' })).message!
      ok(b.reject('c', d.deliveryTag, false))
    }
    const [m] = b.peek('q')
    expect(xDeath(m!.message).map((e) => [e.queue, e.reason, e.count])).toEqual([['q', 'rejected', 2]])
    expect(header(m!.message, 'x-first-death-queue')).toBe('q')
    expect(header(m!.message, 'x-last-death-queue')).toBeUndefined()
  })

  it('a client-supplied x-death counts for the cycle rule up to 3.x (checked on 3.10.8), and is ignored by 4.x (release-notes 4.0.1)', () => {
    const clientDeath = new Map([['x-death', { type: 'array' as const, value: [{ type: 'table' as const, value: table({ queue: 'q2', reason: 'expired', count: 1, exchange: '' }) }] }]])
    const outcome = (version: string): string[] => {
      const b = emptyBroker(version)
      declareQueue(b, 'q2')
      declareQueue(b, 'q1', { 'x-message-ttl': 0, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'q2' })
      send(b, 'q1', 'm', undefined, clientDeath)
      return readyBodies(b, 'q2')
    }
    expect(outcome('3.12')).toEqual([])
    expect(outcome('4.0')).toEqual(['m'])
  })

  it('3.13+ also writes x-last-death-* (the newest death)', () => {
    const b = emptyBroker('3.13')
    declareQueue(b, 'dlq', { 'x-message-ttl': 5, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'q' })
    declareQueue(b, 'q', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    send(b, 'q', 'm')
    const d = ok(b.get('q', { channel: 'c' })).message!
    ok(b.reject('c', d.deliveryTag, false))
    b.tick(5)
    const [m] = b.peek('q')
    expect([header(m!.message, 'x-first-death-queue'), header(m!.message, 'x-first-death-reason')]).toEqual(['q', 'rejected'])
    expect([header(m!.message, 'x-last-death-queue'), header(m!.message, 'x-last-death-reason')]).toEqual(['dlq', 'expired'])
  })
})

describe('TTL', () => {
  it('queue TTL 100: messages are dead-lettered in publish order, reason expired, without original-expiration', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-message-ttl': 100, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    send(b, 'q', 'm1')
    b.tick(50)
    send(b, 'q', 'm2')
    b.tick(50)
    expect(readyBodies(b, 'dlq')).toEqual(['m1'])
    b.tick(50)
    expect(readyBodies(b, 'dlq')).toEqual(['m1', 'm2'])
    const entry = xDeath(b.peek('dlq')[0]!.message)[0]!
    expect(entry.reason).toBe('expired')
    expect('original-expiration' in entry).toBe(false)
  })

  it('effective TTL = min(queue TTL, expiration); original-expiration shows the message\'s own 60000', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-message-ttl': 100, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    send(b, 'q', 'm', { expiration: '60000' })
    b.tick(99)
    expect(readyBodies(b, 'dlq')).toEqual([])
    b.tick(1)
    expect(xDeath(b.peek('dlq')[0]!.message)[0]!['original-expiration']).toBe('60000')
  })

  it('expiration "0" expires at once, unless a consumer with room is waiting (it gets the message, still marked "0")', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    send(b, 'q', 'gone', { expiration: '0' })
    expect(readyBodies(b, 'dlq')).toEqual(['gone'])
    ok(b.consume('q', { consumerTag: 'c', channel: 'c', prefetch: 1 }))
    const r = send(b, 'q', 'kept', { expiration: '0' })
    const [d] = r.events.filter((e) => e.kind === 'delivered')
    expect(d).toMatchObject({ consumerTag: 'c' })
    if (d?.kind === 'delivered') expect(d.message.properties.expiration).toBe('0')
    expect(readyBodies(b, 'dlq')).toEqual(['gone'])
  })

  it('x-expires: an unused queue is deleted with its messages (not dead-lettered); a consumer keeps it alive', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'tmp', { 'x-expires': 1000, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    declareQueue(b, 'kept', { 'x-expires': 1000 })
    ok(b.consume('kept', { consumerTag: 'c', channel: 'c' }))
    send(b, 'tmp', 'm')
    b.tick(999)
    expect(b.queueStats('tmp')).toHaveLength(1)
    const t = b.tick(1)
    expect(t.events.find((e) => e.kind === 'queue-deleted')).toMatchObject({ queue: 'tmp', reason: 'x-expires', messages: 1 })
    expect(b.queueStats().map((q) => q.name)).toEqual(['dlq', 'kept'])
    expect(readyBodies(b, 'dlq')).toEqual([])
    const after = b.publish({ exchange: '', routingKey: 'tmp', body: 'late', mandatory: true })
    expect([after.returned, after.confirm]).toEqual([true, 'ack'])
    b.tick(10_000)
    expect(b.queueStats('kept')).toHaveLength(1)
  })

  it('x-expires restarts when the last consumer goes (here: its channel closes)', () => {
    const b = emptyBroker()
    declareQueue(b, 'tmp', { 'x-expires': 100 })
    ok(b.consume('tmp', { consumerTag: 'c', channel: 'c' }))
    b.tick(500)
    ok(b.closeChannel('c'))
    b.tick(99)
    expect(b.queueStats('tmp')).toHaveLength(1)
    b.tick(1)
    expect(b.queueStats('tmp')).toHaveLength(0)
  })

  it('a passive declare restarts x-expires too (queue stat, observed on 3.10.8)', () => {
    const b = emptyBroker()
    declareQueue(b, 'tmp', { 'x-expires': 1000 })
    b.tick(700)
    ok(b.declareQueue({ name: 'tmp', passive: true }))
    b.tick(700)
    expect(b.queueStats('tmp')).toHaveLength(1)
    b.tick(300)
    expect(b.queueStats('tmp')).toHaveLength(0)
  })

  it('x-expires counts from the last use: basic.get and redeclare restart it', () => {
    const b = emptyBroker()
    declareQueue(b, 'tmp', { 'x-expires': 100 })
    b.tick(80)
    ok(b.get('tmp'))
    b.tick(80)
    declareQueue(b, 'tmp', { 'x-expires': 100 })
    b.tick(80)
    expect(b.queueStats('tmp')).toHaveLength(1)
    b.tick(20)
    expect(b.queueStats('tmp')).toHaveLength(0)
  })
})

describe('max-length', () => {
  it('drop-head: the oldest messages are dead-lettered (maxlen) in order, and every publish is confirmed ack', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-max-length': 2, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    const confirms = ['m1', 'm2', 'm3', 'm4'].map((m) => send(b, 'q', m).confirm)
    expect(confirms).toEqual(['ack', 'ack', 'ack', 'ack'])
    expect(readyBodies(b, 'q')).toEqual(['m3', 'm4'])
    expect(readyBodies(b, 'dlq')).toEqual(['m1', 'm2'])
  })

  it('reject-publish-dlx (classic): the new message is nacked and dead-lettered (maxlen)', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-max-length': 1, 'x-overflow': 'reject-publish-dlx', 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    expect(send(b, 'q', 'm1').confirm).toBe('ack')
    expect(send(b, 'q', 'm2').confirm).toBe('nack')
    expect(readyBodies(b, 'q')).toEqual(['m1'])
    expect(readyBodies(b, 'dlq')).toEqual(['m2'])
    expect(xDeath(b.peek('dlq')[0]!.message)[0]).toMatchObject({ reason: 'maxlen', queue: 'q' })
  })

  it('x-max-length 0: every message is dead-lettered at once, unless a consumer with room is waiting', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-max-length': 0, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    send(b, 'q', 'm1')
    expect(readyBodies(b, 'dlq')).toEqual(['m1'])
    ok(b.consume('q', { consumerTag: 'c', channel: 'c', prefetch: 1 }))
    expect(byConsumer(send(b, 'q', 'm2').events)).toEqual({ c: ['m2'] })
    send(b, 'q', 'm3')
    expect(readyBodies(b, 'dlq')).toEqual(['m1', 'm3'])
  })
})

describe('auto-delete', () => {
  it('an auto-delete queue is deleted when its last consumer cancels, not before; one that never had a consumer stays', () => {
    const b = emptyBroker()
    declareQueue(b, 'ad', {}, { autoDelete: true })
    declareQueue(b, 'never', {}, { autoDelete: true })
    ok(b.consume('ad', { consumerTag: 'c1', channel: 'c' }))
    ok(b.consume('ad', { consumerTag: 'c2', channel: 'c' }))
    ok(b.cancel('c1'))
    expect(b.queueStats('ad')).toHaveLength(1)
    const last = ok(b.cancel('c2'))
    expect(last.events.find((e) => e.kind === 'queue-deleted')).toMatchObject({ queue: 'ad', reason: 'auto-delete' })
    expect(b.queueStats().map((q) => q.name)).toEqual(['never'])
    expect(b.publish({ exchange: '', routingKey: 'ad', body: 'm', mandatory: true }).returned).toBe(true)
  })
})
