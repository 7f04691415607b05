import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { Binding, Exchange, Policy, Queue, Topology, VhostTopology } from '../../src/core/model.js'
import { createRouter } from '../../src/core/router.js'
import { rulesFor } from '../../src/core/versions.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'
import { topologyToOperator } from '../../src/topology/write-operator.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/operator/orders.yaml')

function withoutPaths(t: Topology): unknown {
  const strip = <T extends { path?: unknown }>(x: T) => { const { path: _p, ...rest } = x; return rest }
  return [...t.vhosts.values()].map((v) => ({
    name: v.name, exchanges: [...v.exchanges.values()].map(strip), queues: [...v.queues.values()].map(strip),
    bindings: v.bindings.map(strip), policies: v.policies.map(strip),
  })).sort((a, b) => (a.name < b.name ? -1 : 1))
}

describe('messaging-topology-operator manifests', () => {
  it('reads the docs-shaped fixture with the CRD defaults: spec.name, vhost "/", durable false, type direct, spec.type → x-queue-type', () => {
    const loaded = parseTopologyText(readFileSync(FIXTURE, 'utf8'), 'orders.yaml')
    expect(loaded.format).toBe('operator')
    expect(loaded.diagnostics.map((d) => [d.rule, d.severity, d.pos?.line, d.pos?.col])).toEqual([['operator/skipped-kind', 'info', 90, 7]])
    const v = loaded.topology!.vhosts.get('/')!
    expect([...v.exchanges.keys()]).toEqual(['orders', 'orders.unrouted'])
    expect(v.queues.get('orders.created')).toMatchObject({ type: 'quorum', durable: true, arguments: new Map<string, AmqpValue>([['x-delivery-limit', { type: 'long', value: 5 }], ['x-dead-letter-exchange', { type: 'longstr', value: 'orders.unrouted' }], ['x-queue-type', { type: 'longstr', value: 'quorum' }]]) })
    // omitempty Go bools: an absent durable is false (api/v1beta1/queue_types.go)
    expect(v.queues.get('orders.lost')).toMatchObject({ type: 'classic', durable: false, autoDelete: false })
    expect(v.policies[0]).toMatchObject({ name: 'lost-length', applyTo: 'queues', priority: 1, pattern: '^orders\\.lost$' })
    const router = createRouter(v, rulesFor('3.13'))
    expect(router.route({ exchange: 'orders', routingKey: 'order.created.eu' }).queues).toEqual(['orders.created'])
    expect(router.route({ exchange: 'orders', routingKey: 'x' }).queues).toEqual(['orders.lost'])
    expect(loaded.locate(v.queues.get('orders.lost')!.path!)).toEqual({ line: 46, col: 1 })
  })
  it('reports bad fields at file:line:col and keeps going to the next document', () => {
    const text = [
      'apiVersion: rabbitmq.com/v1beta1', 'kind: Queue', 'metadata: {name: a}', 'spec:', '  durable: "yes"', '  rabbitmqClusterReference: {name: c}',
      '---', 'apiVersion: rabbitmq.com/v1beta1', 'kind: Binding', 'metadata: {name: b}', 'spec:', '  source: x', '  destination: q', '  destinationType: topic', '  rabbitmqClusterReference: {name: c}',
      '---', 'apiVersion: rabbitmq.com/v1beta1', 'kind: Shovel', 'metadata: {name: s}', 'spec: {}',
      '---', 'apiVersion: rabbitmq.com/v1beta1', 'kind: Widget', 'metadata: {name: w}', 'spec: {}', '',
    ].join('\n')
    const loaded = parseTopologyText(text, 'k8s.yaml')
    expect(loaded.topology).toBeUndefined()
    expect(loaded.diagnostics.map((d) => `${d.rule}@${d.pos?.line}:${d.pos?.col} ${d.message}`)).toEqual([
      'operator/missing-field@4:1 Queue "a": spec.name is required',
      'operator/type@5:12 Queue "a": spec.durable must be a boolean',
      'operator/enum@14:20 Binding "b": spec.destinationType must be queue or exchange, not "topic"',
      'operator/skipped-kind@18:7 Shovel "s" (rabbitmq.com/v1beta1) skipped: rmq-sim reads Exchange, Queue, Binding and Policy; this kind does not route messages',
      'operator/skipped-kind@23:7 Widget "w" (rabbitmq.com/v1beta1) skipped: rmq-sim reads Exchange, Queue, Binding and Policy; this kind does not route messages',
    ])
  })
  it('is detected only from apiVersion rabbitmq.com/...; other YAML stays rmq-sim YAML', () => {
    expect(parseTopologyText('exchanges: {x: {type: topic}}\n', 't.yaml').format).toBe('yaml')
    expect(parseTopologyText('apiVersion: v1\nkind: ConfigMap\n', 't.yaml').format).toBe('yaml')
  })

  const name = fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constantFrom('__proto__', 'Orders', 'a.b', 'é日本')).filter((n) => !n.startsWith('amq.'))
  const value: fc.Arbitrary<AmqpValue> = fc.oneof(
    fc.string({ maxLength: 6 }).map((v) => ({ type: 'longstr', value: v }) as const),
    fc.integer().map((v) => ({ type: 'long', value: v }) as const),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)).map((v) => ({ type: 'double', value: v }) as const),
    fc.boolean().map((v) => ({ type: 'bool', value: v }) as const),
  )
  const table: fc.Arbitrary<AmqpTable> = fc.uniqueArray(fc.tuple(name.filter((n) => n !== 'x-queue-type'), value), { maxLength: 3, selector: (kv) => kv[0] }).map((kv) => new Map(kv))
  const vhostArb = (vhost: string): fc.Arbitrary<VhostTopology> => fc.record({
    exchanges: fc.uniqueArray(fc.record({ name, type: fc.constantFrom('direct', 'fanout', 'topic', 'headers'), durable: fc.boolean(), autoDelete: fc.boolean(), arguments: table }), { maxLength: 3, selector: (x) => x.name }),
    queues: fc.uniqueArray(fc.record({ name, qtype: fc.constantFrom('classic', 'quorum', 'stream'), durable: fc.boolean(), autoDelete: fc.boolean(), arguments: table }), { maxLength: 3, selector: (x) => x.name }),
    bindings: fc.array(fc.record({ source: name, destination: name, destinationType: fc.constantFrom('queue', 'exchange'), routingKey: fc.string({ maxLength: 6 }), arguments: table }), { maxLength: 3 }),
    policies: fc.uniqueArray(fc.record({ name, pattern: fc.string({ maxLength: 5 }), applyTo: fc.constantFrom('all', 'exchanges', 'queues', 'quorum_queues', 'classic_queues'), priority: fc.integer({ min: -5, max: 100 }), definition: fc.uniqueArray(fc.tuple(name, fc.oneof(fc.string(), fc.integer(), fc.boolean())), { minLength: 1, maxLength: 2, selector: (kv) => kv[0] }) }), { maxLength: 2, selector: (p) => p.name }),
  }).map((r) => ({
    name: vhost,
    exchanges: new Map(r.exchanges.map((x): [string, Exchange] => [x.name, { vhost, ...x, internal: false }])),
    queues: new Map(r.queues.map(({ qtype, ...q }): [string, Queue] => [q.name, { vhost, ...q, exclusive: false, type: qtype, arguments: new Map([...q.arguments, ['x-queue-type', { type: 'longstr', value: qtype }]]) }])),
    bindings: r.bindings.map((b): Binding => ({ vhost, ...b })),
    policies: r.policies.map((p): Policy => ({ vhost, ...p, definition: new Map(p.definition) })),
  }))
  it('export --format operator loads back to the same model (property)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.oneof(fc.constant('/'), name), { minLength: 1, maxLength: 2 }).chain((names) => fc.tuple(...names.map(vhostArb))), (vhosts) => {
      // manifests have no place for a vhost without entities
      const kept = vhosts.filter((v) => v.exchanges.size + v.queues.size + v.bindings.length + v.policies.length > 0)
      fc.pre(kept.length > 0)
      const t: Topology = { vhosts: new Map(kept.map((v) => [v.name, v])) }
      const out = topologyToOperator(t, { cluster: 'prod', namespace: 'rabbit' })
      expect(out.notes).toEqual([])
      const loaded = parseTopologyText(out.text, 'k8s.yaml')
      expect(loaded.diagnostics).toEqual([])
      expect(withoutPaths(loaded.topology!)).toEqual(withoutPaths(t))
    }), { numRuns: 150 })
  })
  it('names what the CRDs cannot hold', () => {
    const t = parseTopologyText('exchanges: {i: {type: topic, internal: true}, h: {type: x-consistent-hash}}\nqueues: {q: {exclusive: true, arguments: {x-n: 2.0}}}\npolicies: {s: {pattern: "", apply-to: streams, definition: {max-age: 1D}}}\n', 't.yaml').topology!
    expect(topologyToOperator(t, { cluster: 'c' }).notes).toEqual([
      'exchange "i" (vhost "/") is internal: the Exchange CRD cannot say so, so it is written as an ordinary exchange',
      'exchange "h" (vhost "/") left out: the Exchange CRD allows direct, fanout, headers and topic, not x-consistent-hash',
      'queue "q" (vhost "/") is exclusive: the Queue CRD cannot say so, so it is written as an ordinary queue',
      'queue "q" (vhost "/") argument "x-n" is the double 2.0: Kubernetes stores arguments as JSON, where it may reach RabbitMQ as the integer 2',
      'policy "s" (vhost "/") left out: the Policy CRD\'s applyTo has no streams',
    ])
  })
})
