import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { long, str, VOID } from '../../src/core/amqp-value.js'
import type { VhostTopology } from '../../src/core/model.js'
import { createRouter } from '../../src/core/router.js'
import { rulesFor } from '../../src/core/versions.js'
import { buildGraph, vhostGraph, type VhostGraph } from '../../src/graph/model.js'
import { highlightRoute } from '../../src/graph/route-highlight.js'
import { bind, e2e, exchange, policy, queue, vhost } from '../core/build.js'

const rules = rulesFor('4.1')
const names = (g: VhostGraph, ids: Iterable<string>): string[] => [...ids].map((id) => {
  const n = g.nodes.find((x) => x.id === id)
  if (n !== undefined) return `${n.kind}:${n.name}`
  const e = g.edges.find((x) => x.id === id)!
  const at = (nid: string) => g.nodes.find((x) => x.id === nid)!.name
  return `${e.kind}:${at(e.from)}->${at(e.to)}`
}).sort()
const edgesOf = (g: VhostGraph) => g.edges.map((e) => ({
  kind: e.kind, from: g.nodes.find((n) => n.id === e.from)!.name, to: g.nodes.find((n) => n.id === e.to)!.name, label: e.label,
}))

const shop: VhostTopology = vhost({
  exchanges: [
    exchange('orders', 'topic', { args: { 'alternate-exchange': str('unrouted') } }),
    exchange('unrouted', 'fanout'),
    exchange('notify', 'fanout'),
    exchange('docs', 'headers'),
    exchange('dlx', 'direct'),
  ],
  queues: [
    queue('orders.eu', 'quorum', { 'x-dead-letter-exchange': str('dlx'), 'x-dead-letter-routing-key': str('dead') }),
    'orders.all', 'unrouted.q', 'email', 'sms', 'pdf', 'dead', queue('log', 'stream'),
  ],
  bindings: [
    bind('orders', 'orders.eu', 'order.*.eu'),
    bind('orders', 'orders.all', 'order.#'),
    bind('orders', 'orders.all', 'order.#'), // stored once by a broker: drawn once
    e2e('orders', 'notify', 'order.shipped.*'),
    bind('unrouted', 'unrouted.q'),
    bind('notify', 'email', 'ignored by a fanout'),
    bind('notify', 'sms'),
    bind('docs', 'pdf', '', { 'x-match': str('any'), format: str('pdf'), pages: long(3), urgent: VOID, 'x-note': str('skipped') }),
    bind('dlx', 'dead', 'dead'),
    bind('amq.topic', 'log', 'audit.#'),
    bind('orders', 'ghost', 'order.ghost'),
  ],
  policies: [policy('dlx-all', '^email$', { 'dead-letter-exchange': 'dlx' }, { applyTo: 'queues' }), policy('ae', '^docs$', { 'alternate-exchange': 'unrouted' }, { applyTo: 'exchanges' })],
})

describe('graph model', () => {
  const g = vhostGraph(shop, rules, 'v0')

  test('nodes: declared exchanges and queues with their types, predeclared only when referenced, missing ones marked', () => {
    const byName = new Map(g.nodes.map((n) => [`${n.kind}:${n.name}`, n]))
    expect(byName.get('exchange:orders')?.type).toBe('topic')
    expect(byName.get('queue:orders.eu')?.type).toBe('quorum')
    expect(byName.get('queue:log')?.type).toBe('stream')
    expect(byName.get('exchange:amq.topic')?.predeclared).toBe(true)
    expect(byName.has('exchange:amq.direct')).toBe(false)
    expect(byName.has('exchange:')).toBe(false)
    expect(byName.get('queue:ghost')?.missing).toBe(true)
    // ids are generated, never the names
    for (const n of g.nodes) expect(n.id).toMatch(/^v0_[xq]\d+$/)
  })

  test('edges: bindings labelled by key or header condition, AE and dead-letter edges from arguments and policies', () => {
    expect(edgesOf(g)).toEqual([
      { kind: 'binding', from: 'orders', to: 'orders.eu', label: 'order.*.eu' },
      { kind: 'binding', from: 'orders', to: 'orders.all', label: 'order.#' },
      { kind: 'binding', from: 'orders', to: 'notify', label: 'order.shipped.*' },
      { kind: 'binding', from: 'unrouted', to: 'unrouted.q', label: '' },
      { kind: 'binding', from: 'notify', to: 'email', label: '' },
      { kind: 'binding', from: 'notify', to: 'sms', label: '' },
      { kind: 'binding', from: 'docs', to: 'pdf', label: 'any: format="pdf", pages=3 (long), urgent present' },
      { kind: 'binding', from: 'dlx', to: 'dead', label: 'dead' },
      { kind: 'binding', from: 'amq.topic', to: 'log', label: 'audit.#' },
      { kind: 'binding', from: 'orders', to: 'ghost', label: 'order.ghost' },
      { kind: 'alternate-exchange', from: 'orders', to: 'unrouted', label: 'alternate-exchange' },
      { kind: 'alternate-exchange', from: 'docs', to: 'unrouted', label: 'alternate-exchange (policy ae)' },
      { kind: 'dead-letter', from: 'orders.eu', to: 'dlx', label: 'dead-letter (key dead)' },
      { kind: 'dead-letter', from: 'email', to: 'dlx', label: 'dead-letter (policy dlx-all)' },
    ])
  })

  test('a route is highlighted from the router hop records: bindings that carried it, AE used, queues reached', () => {
    const router = createRouter(shop, rules)
    expect(names(g, highlightRoute(g, router.route({ exchange: 'orders', routingKey: 'order.shipped.eu' })).edges)).toEqual([
      'binding:notify->email', 'binding:notify->sms', 'binding:orders->notify', 'binding:orders->orders.all', 'binding:orders->orders.eu',
    ])
    const viaAe = highlightRoute(g, router.route({ exchange: 'orders', routingKey: 'invoice' }))
    expect(names(g, viaAe.edges)).toEqual(['alternate-exchange:orders->unrouted', 'binding:unrouted->unrouted.q'])
    expect(names(g, viaAe.nodes)).toEqual(['exchange:orders', 'exchange:unrouted', 'queue:unrouted.q'])
    // a binding to a queue that does not exist carries nothing
    expect(names(g, highlightRoute(g, router.route({ exchange: 'orders', routingKey: 'order.ghost' })).edges)).toEqual(['binding:orders->orders.all'])
    const failed = highlightRoute(g, router.route({ exchange: 'nope', routingKey: 'x' }))
    expect(failed.edges.size + failed.nodes.size).toBe(0)
  })

  test('property: the highlighted queues are exactly the queues the router reaches, and every highlighted edge ends on the route', () => {
    const router = createRouter(shop, rules)
    const word = fc.constantFrom('order', 'shipped', 'eu', 'us', 'invoice', 'audit', 'x')
    fc.assert(fc.property(fc.constantFrom('orders', 'notify', 'unrouted', 'amq.topic', 'dlx'), fc.array(word, { minLength: 1, maxLength: 4 }), (x, words) => {
      const result = router.route({ exchange: x, routingKey: words.join('.') })
      const hl = highlightRoute(g, result)
      const queues = names(g, hl.nodes).filter((n) => n.startsWith('queue:')).map((n) => n.slice(6))
      expect(queues).toEqual([...result.queues].sort())
      for (const id of hl.edges) expect(hl.nodes.has(g.edges.find((e) => e.id === id)!.to)).toBe(true)
    }))
  })

  test('every vhost gets its own ids', () => {
    const topology = { vhosts: new Map([['/', shop], ['b', { ...vhost({ queues: ['q'] }), name: 'b' }]]) }
    const graph = buildGraph(topology, rules)
    expect(graph.vhosts.map((v) => [v.id, v.vhost])).toEqual([['v0', '/'], ['v1', 'b']])
    expect(graph.vhosts[1]!.nodes.map((n) => n.id)).toEqual(['v1_q0'])
  })
})
