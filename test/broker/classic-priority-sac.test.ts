import { describe, expect, it } from 'vitest'
import { bodyOf, byConsumer, declareQueue, drain, emptyBroker, events, ok, readyBodies, send } from './helpers.js'

// Classic priority queues and single active consumer. Expected behaviours: the "Priority, single active consumer,
// exclusive, auto-delete" section and item 16 of docs/reference/rabbitmq-3.10-delivery-observed.md (3.10.8);
// the same code (rabbit_priority_queue.erl, rabbit_queue_consumers.erl) runs in every version 3.10–4.3.

describe('classic priority queues (x-max-priority; rabbit_priority_queue.erl; all versions)', () => {
  it.each(['3.10', '4.3'])('%s: higher first, FIFO within a priority, above the max counts as the max, none counts as 0', (v) => {
    const b = emptyBroker(v)
    declareQueue(b, 'q', { 'x-max-priority': 5 })
    const sends: [string, number | undefined][] = [['none', undefined], ['p1', 1], ['p5a', 5], ['p0', 0], ['p9', 9], ['p3', 3], ['p5b', 5]]
    for (const [body, priority] of sends) send(b, 'q', body, priority === undefined ? undefined : { priority })
    // "none" and p0 share level 0, in publish order.
    expect(readyBodies(b, 'q')).toEqual(['p5a', 'p9', 'p5b', 'p3', 'p1', 'none', 'p0'])
    expect(drain(b, 'q').map((d) => bodyOf(d.message))).toEqual(['p5a', 'p9', 'p5b', 'p3', 'p1', 'none', 'p0'])
  })

  it('a waiting consumer gets the first message at once; only the messages that wait are reordered (observed 3.10.8)', () => {
    const b = emptyBroker()
    declareQueue(b, 'q', { 'x-max-priority': 10 })
    ok(b.consume('q', { consumerTag: 'c', prefetch: 1 }))
    const got = [send(b, 'q', 'low1', { priority: 1 }), send(b, 'q', 'high', { priority: 9 }), send(b, 'q', 'mid', { priority: 5 }), send(b, 'q', 'low2', { priority: 1 })]
    expect(byConsumer(events(...got))).toEqual({ c: ['low1'] })
    const order = ['low1']
    for (let tag = 1; tag <= 3; tag++) order.push(...(byConsumer(ok(b.ack('default', tag)).events).c ?? []))
    expect(order).toEqual(['low1', 'high', 'mid', 'low2'])
  })

  it('a queue without x-max-priority ignores priority but keeps the property', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    send(b, 'q', 'a', { priority: 1 })
    send(b, 'q', 'b', { priority: 9 })
    const got = drain(b, 'q')
    expect(got.map((d) => bodyOf(d.message))).toEqual(['a', 'b'])
    expect(got.map((d) => d.message.properties.priority)).toEqual([1, 9])
  })

  it('a requeued message goes back to the head of its own priority, in publish order (rabbit_priority_queue:requeue)', () => {
    const b = emptyBroker()
    declareQueue(b, 'q', { 'x-max-priority': 5 })
    send(b, 'q', 'h1', { priority: 5 })
    send(b, 'q', 'h2', { priority: 5 })
    send(b, 'q', 'l1', { priority: 1 })
    send(b, 'q', 'l2', { priority: 1 })
    send(b, 'q', 'h3', { priority: 5 })
    for (let i = 0; i < 4; i++) ok(b.get('q')) // h1 h2 h3 l1 are out
    ok(b.nack('default', 4)) // l1
    ok(b.nack('default', 2)) // h2
    expect(readyBodies(b, 'q')).toEqual(['h2*', 'l1*', 'l2'])
  })

  it('x-max-priority 0 is a one-level priority queue: plain FIFO', () => {
    const b = emptyBroker()
    declareQueue(b, 'q', { 'x-max-priority': 0 })
    send(b, 'q', 'a', { priority: 3 })
    send(b, 'q', 'b')
    expect(readyBodies(b, 'q')).toEqual(['a', 'b'])
  })
})

describe('single active consumer (x-single-active-consumer; rabbit_queue_consumers.erl, rabbit_fifo.erl)', () => {
  it.each(['classic', 'quorum'])('%s: only the first consumer receives (a classic queue counts both, a quorum queue the active one); after it cancels the second gets new messages (3.10.8 observed)', (type) => {
    const b = emptyBroker()
    declareQueue(b, 'q', { 'x-single-active-consumer': true, 'x-queue-type': type })
    ok(b.consume('q', { consumerTag: 'c1', channel: 'a', noAck: true }))
    ok(b.consume('q', { consumerTag: 'c2', channel: 'b', noAck: true }))
    // rabbit_fifo:query_stat counts its consumers map, which holds only the active one (test/rabbitmq, 3.10.8).
    expect(ok(b.declareQueue({ name: 'q', passive: true })).consumerCount).toBe(type === 'classic' ? 2 : 1)
    expect(b.consumers('q').map((c) => [c.consumerTag, c.active])).toEqual([['c1', true], ['c2', false]])
    expect(byConsumer(events(send(b, 'q', 'm1'), send(b, 'q', 'm2')))).toEqual({ c1: ['m1', 'm2'] })
    ok(b.cancel('c1'))
    expect(byConsumer(events(send(b, 'q', 'm3')))).toEqual({ c2: ['m3'] })
    expect(b.consumers('q').map((c) => [c.consumerTag, c.active])).toEqual([['c2', true]])
  })

  it('the next consumer takes over a backlog at once when the active one cancels (NOT the 3.10.8 stall: see comment)', () => {
    // RabbitMQ 3.10.8 (classic): the basic_cancel handler picks the new active consumer but does not run the queue,
    // so it gets nothing until the old channel closes, and a publish during that stall crashes the queue process
    // (`{badmatch,false}` in attempt_delivery; the queue restarts empty). That is a broker bug (observed item 16);
    // the simulation does what the feature intends: the new active consumer is served at once.
    const b = emptyBroker('3.10')
    declareQueue(b, 'q', { 'x-single-active-consumer': true })
    ok(b.consume('q', { consumerTag: 'c1', channel: 'a', prefetch: 1 }))
    ok(b.consume('q', { consumerTag: 'c2', channel: 'b', prefetch: 10 }))
    const pub = events(send(b, 'q', 'm1'), send(b, 'q', 'm2'), send(b, 'q', 'm3'))
    expect(byConsumer(pub)).toEqual({ c1: ['m1'] })
    expect(byConsumer(ok(b.cancel('c1')).events)).toEqual({ c2: ['m2', 'm3'] })
    // c1's unacked m1 stays on its channel; closing it requeues m1, which goes to c2, the active consumer.
    expect(byConsumer(ok(b.closeChannel('a')).events)).toEqual({ c2: ['m1*'] })
  })

  it('closing the active consumer\'s channel hands its unacked messages to the next consumer', () => {
    const b = emptyBroker()
    declareQueue(b, 'q', { 'x-single-active-consumer': true })
    ok(b.consume('q', { consumerTag: 'c1', channel: 'a', prefetch: 5 }))
    ok(b.consume('q', { consumerTag: 'c2', channel: 'b', prefetch: 5 }))
    send(b, 'q', 'm1')
    send(b, 'q', 'm2')
    expect(byConsumer(ok(b.closeChannel('a')).events)).toEqual({ c2: ['m1*', 'm2*'] })
  })

  it('a waiting consumer stays out of the rotation even with room (no round-robin)', () => {
    const b = emptyBroker()
    declareQueue(b, 'q', { 'x-single-active-consumer': true })
    ok(b.consume('q', { consumerTag: 'c1', channel: 'a', prefetch: 1 }))
    ok(b.consume('q', { consumerTag: 'c2', channel: 'b', prefetch: 1 }))
    const got = byConsumer(events(send(b, 'q', 'm1'), send(b, 'q', 'm2')))
    expect(got).toEqual({ c1: ['m1'] })
    expect(readyBodies(b, 'q')).toEqual(['m2'])
    expect(byConsumer(ok(b.ack('a', 1)).events)).toEqual({ c1: ['m2'] })
  })

  it('classic (all versions) and quorum before 4.0: consumer priority does not choose the active consumer', () => {
    for (const [v, type] of [['4.3', 'classic'], ['3.13', 'quorum']] as const) {
      const b = emptyBroker(v)
      declareQueue(b, 'q', { 'x-single-active-consumer': true, 'x-queue-type': type })
      ok(b.consume('q', { consumerTag: 'low', channel: 'a', noAck: true }))
      ok(b.consume('q', { consumerTag: 'high', channel: 'b', noAck: true, priority: 10 }))
      expect(byConsumer(events(send(b, 'q', 'm1'))), `${v} ${type}`).toEqual({ low: ['m1'] })
    }
  })

  it('quorum 4.0+: a higher-priority consumer takes over at once when the active one holds nothing (rabbit_fifo activate_next_consumer)', () => {
    const b = emptyBroker('4.0')
    declareQueue(b, 'q', { 'x-single-active-consumer': true, 'x-queue-type': 'quorum' })
    ok(b.consume('q', { consumerTag: 'low', channel: 'a', prefetch: 5 }))
    ok(b.consume('q', { consumerTag: 'high', channel: 'b', prefetch: 5, priority: 10 }))
    expect(b.consumers('q').map((c) => [c.consumerTag, c.active])).toEqual([['low', false], ['high', true]])
    expect(byConsumer(events(send(b, 'q', 'm1')))).toEqual({ high: ['m1'] })
  })

  it('quorum 4.0+: with messages unacked, the active one is quiescing (gets nothing new) until it settles them, then the higher one takes over', () => {
    const b = emptyBroker('4.3')
    declareQueue(b, 'q', { 'x-single-active-consumer': true, 'x-queue-type': 'quorum' })
    ok(b.consume('q', { consumerTag: 'low', channel: 'a', prefetch: 5 }))
    send(b, 'q', 'm1')
    ok(b.consume('q', { consumerTag: 'high', channel: 'b', prefetch: 5, priority: 10 }))
    expect(b.consumers('q').map((c) => [c.consumerTag, c.active])).toEqual([['low', false], ['high', false]])
    expect(byConsumer(events(send(b, 'q', 'm2')))).toEqual({})
    expect(byConsumer(ok(b.ack('a', 1)).events)).toEqual({ high: ['m2'] })
    expect(b.consumers('q').map((c) => [c.consumerTag, c.active])).toEqual([['low', false], ['high', true]])
  })

  it('quorum 4.0+: when the active consumer cancels, the waiting consumer of highest priority takes over', () => {
    const b = emptyBroker('4.3')
    declareQueue(b, 'q', { 'x-single-active-consumer': true, 'x-queue-type': 'quorum' })
    ok(b.consume('q', { consumerTag: 'first', channel: 'a', noAck: true, priority: 20 }))
    ok(b.consume('q', { consumerTag: 'p1', channel: 'b', noAck: true, priority: 1 }))
    ok(b.consume('q', { consumerTag: 'p5', channel: 'c', noAck: true, priority: 5 }))
    ok(b.cancel('first'))
    expect(byConsumer(events(send(b, 'q', 'm1')))).toEqual({ p5: ['m1'] })
  })
})
