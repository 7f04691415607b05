import { describe, expect, it } from 'vitest'
import { bind, ex, ids, lint, only, qu } from './helpers.js'

/** A small topology RabbitMQ users would call healthy: no rule should fire on it. */
const healthy = {
  exchanges: [ex('orders', 'topic'), ex('unrouted', 'fanout'), ex('events', 'fanout', { args: { 'alternate-exchange': 'unrouted' } })],
  queues: [qu('orders.all'), qu('orders.eu'), qu('unrouted.q'), qu('audit')],
  bindings: [bind('orders', 'orders.all', '#'), bind('orders', 'orders.eu', 'order.*.eu'), bind('unrouted', 'unrouted.q'), bind('events', 'audit'), bind('events', 'orders', '', { toExchange: true })],
}

describe('a healthy topology', () => {
  it('has no findings', () => {
    expect(lint(healthy)).toEqual([])
  })
})

describe('ref/unknown-exchange and ref/unknown-queue (rabbit_binding:add → 404)', () => {
  it('reports a binding from an undeclared exchange with did-you-mean', () => {
    const ds = only(lint({ exchanges: [ex('orders')], queues: [qu('q')], bindings: [bind('order', 'q', 'k'), bind('orders', 'q', 'k')] }), 'ref/unknown-exchange')
    expect(ds).toHaveLength(1)
    expect(ds[0]!.severity).toBe('error')
    expect(ds[0]!.message).toContain("did you mean 'orders'")
    expect(ds[0]!.path).toEqual(['bindings', 0, 'source'])
  })
  it('reports an E2E binding to an undeclared exchange and a binding to an undeclared queue', () => {
    const ds = lint({ exchanges: [ex('a')], queues: [qu('q1')], bindings: [bind('a', 'b', 'k', { toExchange: true }), bind('a', 'q2', 'k')] })
    expect(only(ds, 'ref/unknown-exchange')[0]!.path).toEqual(['bindings', 0, 'destination'])
    expect(only(ds, 'ref/unknown-queue')).toHaveLength(1)
  })
  it('accepts the predeclared amq.* exchanges without declaration (rabbit_vhost:declare_default_exchanges/2)', () => {
    const ds = lint({ queues: [qu('q1'), qu('q2'), qu('q3'), qu('q4')], bindings: [bind('amq.direct', 'q1', 'k'), bind('amq.topic', 'q2', 'a.#'), bind('amq.fanout', 'q3'), bind('amq.match', 'q4', '', { args: { 'x-match': 'any', a: 1 } })] })
    expect(ids(ds)).not.toContain('ref/unknown-exchange')
  })
  it('downgrades a missing exchange to a warning with the rabbitmqctl hint for rabbitmqctl exports (they omit internal exchanges)', () => {
    const ds = only(lint({ queues: [qu('q')], bindings: [bind('internal.x', 'q', 'k')] }, undefined, { definitionsShape: 'rabbitmqctl' }), 'ref/unknown-exchange')
    expect(ds[0]!.severity).toBe('warning')
    expect(ds[0]!.hint).toMatch(/rabbitmqctl export_definitions leaves out internal exchanges/)
  })
  it('treats names as case-sensitive', () => {
    expect(ids(lint({ exchanges: [ex('Orders')], queues: [qu('q')], bindings: [bind('orders', 'q', 'k')] }))).toContain('ref/unknown-exchange')
  })
})

describe('duplicates', () => {
  it('duplicate/binding: identical source, destination, key and arguments (RabbitMQ stores one)', () => {
    const ds = lint({ exchanges: [ex('x')], queues: [qu('q')], bindings: [bind('x', 'q', 'k'), bind('x', 'q', 'k'), bind('x', 'q', 'other')] })
    expect(only(ds, 'duplicate/binding')).toHaveLength(1)
    expect(only(ds, 'duplicate/binding')[0]!.path).toEqual(['bindings', 1])
  })
  it('duplicate/binding: different arguments make a different binding', () => {
    const ds = lint({ exchanges: [ex('h', 'headers')], queues: [qu('q')], bindings: [bind('h', 'q', '', { args: { 'x-match': 'all', a: 1 } }), bind('h', 'q', '', { args: { 'x-match': 'all', a: 1.5 } })] })
    expect(only(ds, 'duplicate/binding')).toEqual([])
  })
  it('duplicate/exchange and duplicate/queue come from the loader\'s duplicates list', () => {
    const ds = lint({ exchanges: [ex('x')], queues: [qu('q')], bindings: [bind('x', 'q', 'k')] }, undefined, {
      duplicates: [{ kind: 'queue', vhost: '/', name: 'q', path: ['queues', 3], firstPath: ['queues', 0] }, { kind: 'exchange', vhost: '/', name: 'x', path: ['exchanges', 1] }],
    })
    expect(ids(ds).sort()).toEqual(['duplicate/exchange', 'duplicate/queue'])
  })
})

describe('name/reserved-amq-prefix (rabbit_channel check_name → 403)', () => {
  it('reports declared amq.* exchanges and queues', () => {
    const ds = only(lint({ exchanges: [ex('amq.orders', 'topic')], queues: [qu('amq.q')], bindings: [bind('amq.orders', 'amq.q', '#')] }), 'name/reserved-amq-prefix')
    expect(ds.map((d) => d.path)).toEqual([['exchanges', 'amq.orders'], ['queues', 'amq.q']])
  })
  it('allows redeclaring a predeclared exchange with its own type, not with another type', () => {
    expect(only(lint({ exchanges: [ex('amq.topic', 'topic')] }), 'name/reserved-amq-prefix')).toEqual([])
    expect(only(lint({ exchanges: [ex('amq.topic', 'fanout')] }), 'name/reserved-amq-prefix')).toHaveLength(1)
  })
})

describe('name/too-long (AMQP shortstr: 255 UTF-8 bytes)', () => {
  it('counts bytes, not characters', () => {
    const name = 'é'.repeat(128) // 256 bytes, 128 characters
    expect(ids(lint({ exchanges: [ex(name, 'fanout')] }))).toContain('name/too-long')
    expect(ids(lint({ exchanges: [ex('é'.repeat(127), 'fanout')] }))).not.toContain('name/too-long')
  })
  it('limits quorum and stream queue names to 251 bytes on vhost "/" (rabbit_queue_type_util:qname_to_internal_name/1)', () => {
    const qq = (n: number) => qu('q'.repeat(n), { args: { 'x-queue-type': 'quorum' } })
    expect(ids(lint({ queues: [qq(251)] }))).not.toContain('name/too-long')
    const ds = only(lint({ queues: [qq(252)] }), 'name/too-long')
    expect(ds[0]!.message).toMatch(/at most 251/)
    expect(ids(lint({ queues: [qu('c'.repeat(255))] }))).not.toContain('name/too-long')
    expect(ids(lint({ queues: [qu('c'.repeat(256))] }))).toContain('name/too-long')
  })
  it('checks binding keys and header names', () => {
    const ds = only(lint({ exchanges: [ex('x', 'topic')], queues: [qu('q')], bindings: [bind('x', 'q', 'k'.repeat(256))] }), 'name/too-long')
    expect(ds[0]!.path).toEqual(['bindings', 0, 'routing_key'])
  })
})
