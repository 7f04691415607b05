// Run-time topology changes and channel errors, with RabbitMQ's codes and texts (rabbit_channel.erl,
// rabbit_exchange:assert_equivalence, rabbit_amqqueue:assert_equivalence, rabbit_misc:assert_args_equivalence).
import { describe, expect, it } from 'vitest'
import { Broker } from '../../src/broker/broker.js'
import type { Queue, Topology } from '../../src/core/model.js'
import { rulesFor } from '../../src/core/versions.js'
import { declareQueue, emptyBroker, ok, readyBodies, send, table } from './helpers.js'

describe('redeclare equivalence (406 PRECONDITION_FAILED)', () => {
  it('a queue redeclared with a different argument value fails with RabbitMQ\'s text and changes nothing', () => {
    const b = emptyBroker()
    declareQueue(b, 'q', { 'x-message-ttl': 100 })
    const r = b.declareQueue({ name: 'q', arguments: table({ 'x-message-ttl': 200 }) })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe(406)
    expect(r.error.message).toBe(
      "PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': received '200' but current is '100'",
    )
    expect(b.queueStats('q')[0]!.effective.messageTtl).toBe(100)
  })

  it('the texts match a real 3.10.8 broker: deletion of a system exchange, a non-integer TTL', () => {
    const b = emptyBroker()
    const del = b.deleteExchange('amq.direct')
    expect(!del.ok && del.error.message).toBe("ACCESS_REFUSED - deletion of system exchange 'amq.direct' in vhost '/' not allowed")
    const r = b.declareQueue({ name: 'q', arguments: table({ 'x-message-ttl': 'abc' }) })
    expect(!r.ok && r.error.message).toBe(`PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue 'q' in vhost '/': "expected integer, got longstr"`)
  })

  it('a missing argument is inequivalent too ("but current is none"); an identical redeclare is ok', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    const r = b.declareQueue({ name: 'q', arguments: table({ 'x-max-length': 5 }) })
    expect(!r.ok && r.error.message).toBe(
      "PRECONDITION_FAILED - inequivalent arg 'x-max-length' for queue 'q' in vhost '/': received the value '5' of type 'long' but current is none",
    )
    expect(ok(b.declareQueue({ name: 'q' })).created).toBe(false)
  })

  it('integer widths are one type class (signedint 5 == long 5), unknown arguments are not compared', () => {
    const b = emptyBroker()
    declareQueue(b, 'q', { 'x-max-length': 5, 'x-custom': 'a' })
    const r = b.declareQueue({ name: 'q', arguments: new Map([['x-max-length', { type: 'signedint', value: 5 }], ['x-custom', { type: 'longstr', value: 'b' }]]) })
    expect(r.ok).toBe(true)
  })

  it('durable and auto_delete mismatches', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    const r = b.declareQueue({ name: 'q', durable: false })
    expect(!r.ok && r.error.message).toBe("PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'q' in vhost '/': received 'false' but current is 'true'")
  })

  it('an exchange redeclared with another type fails; with the same type it is ok', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'x', type: 'direct' }))
    const r = b.declareExchange({ name: 'x', type: 'fanout' })
    expect(!r.ok && r.error.message).toBe("PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'x' in vhost '/': received 'fanout' but current is 'direct'")
    expect(ok(b.declareExchange({ name: 'x', type: 'direct' })).created).toBe(false)
  })

  it('a redeclare error on a named channel closes it and requeues its unacked messages', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    send(b, 'q', 'm1')
    ok(b.get('q', { channel: 'c' }))
    const r = b.declareQueue({ name: 'q', durable: false }, { channel: 'c' })
    expect(!r.ok && r.error.closedChannel).toBe('c')
    expect(readyBodies(b, 'q')).toEqual(['m1*'])
  })
})

describe('declare and bind refusals', () => {
  it('403 for amq.* names and the default exchange', () => {
    const b = emptyBroker()
    const x = b.declareExchange({ name: 'amq.mine', type: 'direct' })
    expect(!x.ok && x.error.message).toBe("ACCESS_REFUSED - exchange name 'amq.mine' contains reserved prefix 'amq.*'")
    const q = b.declareQueue({ name: 'amq.q' })
    expect(!q.ok && q.error.message).toBe("ACCESS_REFUSED - queue name 'amq.q' contains reserved prefix 'amq.*'")
    declareQueue(b, 'q')
    const bd = b.bind({ source: '', destination: 'q', routingKey: 'q' })
    expect(!bd.ok && bd.error.message).toBe('ACCESS_REFUSED - operation not permitted on the default exchange')
    const del = b.deleteExchange('amq.direct')
    expect(!del.ok && del.error.code).toBe(403)
  })

  it('404 for a binding to a missing queue or from a missing exchange; the topology is unchanged', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'x', type: 'direct' }))
    const r1 = b.bind({ source: 'x', destination: 'nope' })
    expect(!r1.ok && r1.error.message).toBe("NOT_FOUND - no queue 'nope' in vhost '/'")
    declareQueue(b, 'q')
    const r2 = b.bind({ source: 'nope', destination: 'q' })
    expect(!r2.ok && r2.error.message).toBe("NOT_FOUND - no exchange 'nope' in vhost '/'")
    expect(b.topology().vhosts.get('/')!.bindings).toEqual([])
  })

  it('invalid queue arguments are refused at declare (rabbit_amqqueue:declare_args)', () => {
    const b = emptyBroker()
    const r = b.declareQueue({ name: 'q', arguments: table({ 'x-dead-letter-routing-key': 'k' }) })
    expect(!r.ok && r.error.message).toBe("PRECONDITION_FAILED - invalid arg 'x-dead-letter-routing-key' for queue 'q' in vhost '/': routing_key_but_no_dlx_defined")
    const r2 = b.declareQueue({ name: 'q', arguments: table({ 'x-expires': 0 }) })
    expect(!r2.ok && r2.error.code).toBe(406)
    expect(b.queueStats()).toEqual([])
  })

  it('4.3 denies transient non-exclusive queues (541, deprecated feature); 4.2 allows them', () => {
    const b43 = emptyBroker('4.3.5')
    const r = b43.declareQueue({ name: 'tmp', durable: false })
    expect(!r.ok && r.error.code).toBe(541)
    expect(!r.ok && r.error.message).toMatch(/^INTERNAL_ERROR - Feature `transient_nonexcl_queues` is deprecated/)
    expect(ok(b43.declareQueue({ name: 'tmp', durable: false, exclusive: true })).created).toBe(true)
    expect(ok(emptyBroker('4.2').declareQueue({ name: 'tmp', durable: false })).created).toBe(true)
  })

  it('binding validation comes from the exchange type (headers x-match)', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'h', type: 'headers' }))
    declareQueue(b, 'q')
    const r = b.bind({ source: 'h', destination: 'q', arguments: table({ 'x-match': 'some' }) })
    expect(!r.ok && r.error.code).toBe(406)
  })

  it('bind, unbind and delete change routing at once; deleting a queue removes its bindings', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'x', type: 'topic' }))
    declareQueue(b, 'q')
    ok(b.bind({ source: 'x', destination: 'q', routingKey: 'a.*' }))
    expect(b.publish({ exchange: 'x', routingKey: 'a.b', body: 'm1' }).route.queues).toEqual(['q'])
    ok(b.unbind({ source: 'x', destination: 'q', routingKey: 'a.*' }))
    expect(b.publish({ exchange: 'x', routingKey: 'a.b', body: 'm2' }).route.queues).toEqual([])
    ok(b.bind({ source: 'x', destination: 'q', routingKey: '#' }))
    ok(b.deleteQueue('q'))
    expect(b.topology().vhosts.get('/')!.bindings).toEqual([])
  })

  it('an auto-delete exchange goes with its last binding', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'x', type: 'fanout', autoDelete: true }))
    declareQueue(b, 'q')
    ok(b.bind({ source: 'x', destination: 'q' }))
    const r = ok(b.unbind({ source: 'x', destination: 'q' }))
    expect(r.events.map((e) => e.kind)).toEqual(['unbound', 'exchange-deleted'])
    expect(b.topology().vhosts.get('/')!.exchanges.has('x')).toBe(false)
  })
})

describe('publish errors and returns', () => {
  it('404 for a missing exchange closes the channel and requeues its unacked messages', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    send(b, 'q', 'm1')
    ok(b.get('q', { channel: 'c' }))
    const r = b.publish({ exchange: 'nope', routingKey: 'k', body: 'x', channel: 'c' })
    expect(r.ok).toBe(false)
    expect(r.error).toMatchObject({ code: 404, message: "NOT_FOUND - no exchange 'nope' in vhost '/'", closedChannel: 'c' })
    expect(r.confirm).toBe('none')
    expect(readyBodies(b, 'q')).toEqual(['m1*'])
  })

  it('403 for an internal exchange', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'in', type: 'fanout', internal: true }))
    const r = b.publish({ exchange: 'in', routingKey: '', body: 'x' })
    expect(r.error?.message).toBe("ACCESS_REFUSED - cannot publish to internal exchange 'in' in vhost '/'")
  })

  it('406 for an invalid expiration and for a CC header that is not an array', () => {
    const b = emptyBroker()
    declareQueue(b, 'q')
    expect(send(b, 'q', 'x', { expiration: 'soon' }).error?.message).toBe("PRECONDITION_FAILED - invalid expiration 'soon': no_integer")
    expect(send(b, 'q', 'x', { expiration: '-1' }).error?.code).toBe(406)
    expect(send(b, 'q', 'x', undefined, table({ CC: 'a' })).error?.code).toBe(406)
    expect(b.queueStats('q')[0]!.messages).toBe(0)
  })

  it('an unroutable mandatory message is returned (312 NO_ROUTE) and acked; without mandatory it is dropped', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'x', type: 'direct' }))
    const m = b.publish({ exchange: 'x', routingKey: 'none', body: 'm', mandatory: true })
    expect([m.returned, m.confirm]).toEqual([true, 'ack'])
    expect(m.events.find((e) => e.kind === 'returned')).toMatchObject({ replyCode: 312, replyText: 'NO_ROUTE' })
    const n = b.publish({ exchange: 'x', routingKey: 'none', body: 'm' })
    expect([n.returned, n.events.some((e) => e.kind === 'returned')]).toEqual([false, false])
  })

  it('a dead letter through an internal DLX is routed (dead-lettering skips the publish checks)', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'dlx', type: 'fanout', internal: true }))
    declareQueue(b, 'q', { 'x-dead-letter-exchange': 'dlx' })
    declareQueue(b, 'dlq')
    ok(b.bind({ source: 'dlx', destination: 'dlq' }))
    send(b, 'q', 'm')
    const d = ok(b.get('q', { channel: 'c' })).message!
    ok(b.reject('c', d.deliveryTag, false))
    expect(readyBodies(b, 'dlq')).toEqual(['m'])
  })
})

describe('starting from a loaded topology, with policies', () => {
  it('policy message-ttl and dead-letter-exchange apply; classic takes min(policy, argument) for the TTL', () => {
    const q: Queue = { vhost: '/', name: 'work', type: 'classic', durable: true, exclusive: false, autoDelete: false, arguments: table({ 'x-message-ttl': 500 }) }
    const dlq: Queue = { ...q, name: 'work.dlq', arguments: new Map() }
    const topology: Topology = {
      vhosts: new Map([['/', {
        name: '/', exchanges: new Map(), queues: new Map([['work', q], ['work.dlq', dlq]]), bindings: [],
        policies: [{ vhost: '/', name: 'dl', pattern: '^work$', applyTo: 'queues', priority: 1, definition: new Map<string, unknown>([['message-ttl', 100], ['dead-letter-exchange', ''], ['dead-letter-routing-key', 'work.dlq']]) }],
      }]]),
    }
    const b = new Broker({ topology, vhost: '/', rules: rulesFor('3.13') })
    expect(b.queueStats('work')[0]!.effective).toMatchObject({ messageTtl: 100, deadLetterExchange: '', deadLetterRoutingKey: 'work.dlq', policy: 'dl' })
    send(b, 'work', 'm')
    b.tick(100)
    expect(readyBodies(b, 'work.dlq')).toEqual(['m'])
    // the broker never mutates the topology it was given
    expect(topology.vhosts.get('/')!.queues.size).toBe(2)
  })

  it('queueStats names the simulated behaviour and what is not simulated (stream retention, unknown types)', () => {
    const b = emptyBroker()
    declareQueue(b, 'p', { 'x-max-priority': 5, 'x-single-active-consumer': true })
    declareQueue(b, 'qq', { 'x-queue-type': 'quorum' })
    declareQueue(b, 's', { 'x-queue-type': 'stream', 'x-max-age': '7D' })
    declareQueue(b, 'custom', { 'x-queue-type': 'x-custom' })
    declareQueue(b, 'plain')
    expect(b.queueStats().map((s) => [s.name, s.behaviour, s.notSimulated])).toEqual([
      ['p', 'classic-priority', []],
      ['qq', 'quorum', []],
      ['s', 'stream', ['x-max-age']],
      ['custom', 'classic', ['x-queue-type=x-custom']],
      ['plain', 'classic', []],
    ])
  })

  it('topology() reflects run-time changes', () => {
    const b = emptyBroker()
    ok(b.declareExchange({ name: 'x', type: 'topic' }))
    declareQueue(b, 'q', { 'x-max-length': 3 })
    ok(b.bind({ source: 'x', destination: 'q', routingKey: 'k.#' }))
    const vh = b.topology().vhosts.get('/')!
    expect([...vh.exchanges.keys()]).toEqual(['x'])
    expect(vh.queues.get('q')!.arguments.get('x-max-length')).toEqual({ type: 'long', value: 3 })
    expect(vh.bindings.map((x) => x.routingKey)).toEqual(['k.#'])
  })
})

describe('bulk mode', () => {
  it('recordEvents: false returns no events but the same state', () => {
    const b = new Broker({ topology: { vhosts: new Map() }, vhost: '/', rules: rulesFor('3.10'), recordEvents: false })
    declareQueue(b, 'q')
    ok(b.consume('q', { consumerTag: 'c', channel: 'c', prefetch: 2 }))
    const r = send(b, 'q', 'm1')
    send(b, 'q', 'm2')
    send(b, 'q', 'm3')
    expect(r.events).toEqual([])
    expect(b.queueStats('q')[0]).toMatchObject({ ready: 1, unacked: 2 })
    ok(b.ack('c', 2, true))
    expect(b.queueStats('q')[0]).toMatchObject({ ready: 0, unacked: 1 })
  })
})
