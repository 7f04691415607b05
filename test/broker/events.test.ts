// The event stream is the contract the REPL and presenters render: every mutating call reports what happened,
// in order, including the steps a dead letter takes.
import { describe, expect, it } from 'vitest'
import { declareQueue, emptyBroker, ok, send } from './helpers.js'

describe('event order', () => {
  it('a publish: channel opened (first use), published, routed, delivered, confirm', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    ok(b.consume('q', { consumerTag: 'c', channel: 'c' }))
    expect(send(b, 'q', 'm').events.map((e) => e.kind)).toEqual(['channel-opened', 'published', 'routed', 'delivered', 'confirm'])
    expect(send(b, 'q', 'm').events.map((e) => e.kind)).toEqual(['published', 'routed', 'delivered', 'confirm'])
  })

  it('an unroutable mandatory publish: published, unroutable, returned, confirm ack', () => {
    const b = emptyBroker()
    const r = b.publish({ exchange: 'amq.direct', routingKey: 'none', body: 'm', mandatory: true })
    expect(r.events.map((e) => e.kind)).toEqual(['channel-opened', 'published', 'unroutable', 'returned', 'confirm'])
  })

  it('a reject without requeue: dead-lettered (with the route and the copy), then the copy enqueued', () => {
    const b = emptyBroker()
    declareQueue(b, 'dlq')
    declareQueue(b, 'q', { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dlq' })
    const published = send(b, 'q', 'm')
    const d = ok(b.get('q', { channel: 'g' })).message!
    const r = ok(b.reject('g', d.deliveryTag, false))
    expect(r.events.map((e) => e.kind)).toEqual(['dead-lettered', 'enqueued'])
    const dl = r.events[0]!
    if (dl.kind !== 'dead-lettered') throw new Error('expected dead-lettered')
    expect(dl).toMatchObject({ queue: 'q', reason: 'rejected', dlx: '', routingKeys: ['dlq'], queues: ['dlq'], cycleDropped: [], missingDlx: false })
    expect(dl.original.seq).toBe(published.message!.seq)
    expect(dl.message.deadLetteredFrom).toBe(published.message!.seq)
    expect(dl.message.seq).toBeGreaterThan(published.message!.seq)
  })

  it('a channel error: the failed call\'s events end with the channel closing and what it requeued', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    send(b, 'q', 'm')
    ok(b.consume('q', { consumerTag: 'c', channel: 'c' }))
    const r = b.ack('c', 7)
    expect(r.ok).toBe(false)
    expect(r.events.map((e) => e.kind)).toEqual(['consumer-cancelled', 'requeued', 'channel-closed'])
  })

  it('tick: expiries in time order, then the clock', () => {
    const b = emptyBroker()
    declareQueue(b, 'a', { 'x-message-ttl': 20 })
    declareQueue(b, 'b', { 'x-message-ttl': 10 })
    send(b, 'a', 'm1')
    send(b, 'b', 'm2')
    const t = b.tick(30)
    expect(t.events.map((e) => (e.kind === 'dropped' ? `${e.queue}:${e.reason}` : e.kind))).toEqual(['b:expired', 'a:expired', 'clock'])
    expect(t.now).toBe(30)
  })
})
