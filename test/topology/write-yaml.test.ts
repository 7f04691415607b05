import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { Binding, Exchange, Policy, Queue, Topology, VhostTopology } from '../../src/core/model.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'
import { topologyToYaml, updateYamlDocument } from '../../src/topology/write-yaml.js'

/** The model without source paths: what must survive a save and a load. */
function withoutPaths(t: Topology): unknown {
  const strip = <T extends { path?: unknown }>(x: T) => { const { path: _p, ...rest } = x; return rest }
  return {
    rabbitmqVersion: t.rabbitmqVersion,
    vhosts: [...t.vhosts.values()].map((v) => ({
      name: v.name,
      exchanges: [...v.exchanges.values()].map(strip),
      queues: [...v.queues.values()].map(strip),
      bindings: v.bindings.map(strip),
      policies: v.policies.map(strip),
    })).sort((a, b) => (a.name < b.name ? -1 : 1)),
  }
}

/** withoutPaths, with each vhost's entities sorted (an update keeps the file's order and appends new entities). */
function unordered(t: Topology): unknown {
  const w = withoutPaths(t) as { vhosts: { exchanges: { name: string }[]; queues: { name: string }[]; policies: { name: string }[]; bindings: unknown[] }[] }
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  const key = (b: unknown) => JSON.stringify(b, (_k, v: unknown) => (v instanceof Map ? [...v] : v))
  for (const v of w.vhosts) {
    v.exchanges.sort(byName); v.queues.sort(byName); v.policies.sort(byName)
    v.bindings.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  }
  return w
}

const name = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', '1.0', 'true', 'null', '', '- x', '#', 'a: b', ' lead', '~'))
const value: fc.Arbitrary<AmqpValue> = fc.letrec<{ v: AmqpValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 8 }).map((v) => ({ type: 'longstr', value: v }) as const),
    fc.maxSafeInteger().map((v) => ({ type: 'long', value: v }) as const),
    fc.double({ noNaN: true }).filter((d) => !Object.is(d, -0)).map((v) => ({ type: 'double', value: v }) as const),
    fc.integer({ min: -32768, max: 32767 }).map((v) => ({ type: 'short', value: v }) as const),
    fc.boolean().map((v) => ({ type: 'bool', value: v }) as const),
    fc.constant({ type: 'void' } as const),
    fc.integer({ min: 0, max: 2 ** 40 }).map((v) => ({ type: 'timestamp', value: v }) as const),
    fc.array(tie('v'), { maxLength: 3 }).map((v) => ({ type: 'array', value: v }) as const),
  ),
})).v
const table: fc.Arbitrary<AmqpTable> = fc.uniqueArray(fc.tuple(name, value), { maxLength: 3, selector: (kv) => kv[0] }).map((kv) => new Map(kv))

const vhostArb = (vhost: string): fc.Arbitrary<VhostTopology> => fc.record({
  exchanges: fc.uniqueArray(fc.record({ name, type: fc.constantFrom('direct', 'fanout', 'topic', 'headers', 'x-consistent-hash'), durable: fc.boolean(), autoDelete: fc.boolean(), internal: fc.boolean(), arguments: table }), { maxLength: 3, selector: (x) => x.name }),
  queues: fc.uniqueArray(fc.record({ name, qtype: fc.constantFrom('classic', 'quorum', 'stream', undefined), durable: fc.boolean(), exclusive: fc.boolean(), autoDelete: fc.boolean(), arguments: table }), { maxLength: 3, selector: (x) => x.name }),
  bindings: fc.array(fc.record({ source: name, destination: name, destinationType: fc.constantFrom('queue', 'exchange'), routingKey: name, arguments: table }), { maxLength: 3 }),
  policies: fc.uniqueArray(fc.record({ name, pattern: name, applyTo: fc.constantFrom('all', 'exchanges', 'queues', 'quorum_queues'), priority: fc.integer({ min: -5, max: 100 }), definition: fc.uniqueArray(fc.tuple(name, fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }))), { minLength: 1, maxLength: 2, selector: (kv) => kv[0] }) }), { maxLength: 2, selector: (p) => p.name }),
}).map((r) => ({
  name: vhost,
  exchanges: new Map(r.exchanges.map((x): [string, Exchange] => [x.name, { vhost, ...x }])),
  queues: new Map(r.queues.map(({ qtype, ...q }): [string, Queue] => {
    const args = new Map(q.arguments)
    args.delete('x-queue-type')
    if (qtype !== undefined) args.set('x-queue-type', { type: 'longstr', value: qtype })
    return [q.name, { vhost, ...q, type: qtype ?? 'classic', arguments: args }]
  })),
  bindings: r.bindings.map((b): Binding => ({ vhost, ...b })),
  policies: r.policies.map((p): Policy => ({ vhost, ...p, definition: new Map(p.definition) })),
}))

const topologyArb: fc.Arbitrary<Topology> = fc.record({
  version: fc.constantFrom(undefined, '3.10', '3.13', '4.3.5'),
  names: fc.uniqueArray(fc.oneof(fc.constant('/'), name), { minLength: 1, maxLength: 3 }),
}).chain(({ version, names }) => fc.tuple(...names.map(vhostArb)).map((vs) => ({
  ...(version === undefined ? {} : { rabbitmqVersion: version }),
  vhosts: new Map(vs.map((v) => [v.name, v])),
})))

describe('topologyToYaml', () => {
  it('writes YAML that loads back to the same model (property)', () => {
    fc.assert(fc.property(topologyArb, (t) => {
      const text = topologyToYaml(t)
      const loaded = parseTopologyText(text, 'saved.yaml')
      expect(loaded.diagnostics).toEqual([])
      expect(withoutPaths(loaded.topology as Topology)).toEqual(withoutPaths(t))
    }), { numRuns: 300 })
  })
  it('starts with the schema modeline and writes integral doubles as 1.0', () => {
    const t: Topology = { vhosts: new Map([['/', { name: '/', exchanges: new Map(), queues: new Map([['q', { vhost: '/', name: 'q', type: 'classic', durable: true, exclusive: false, autoDelete: false, arguments: new Map([['x-n', { type: 'double', value: 3 }]]) }]]), bindings: [], policies: [] }]]) }
    const text = topologyToYaml(t)
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=/)
    expect(text).toContain('x-n: 3.0')
  })
})

describe('updateYamlDocument', () => {
  it('turns any saved topology into any other (property): the result loads to the new model', () => {
    fc.assert(fc.property(topologyArb, topologyArb, (before, after) => {
      const text = updateYamlDocument(topologyToYaml(before), after)
      const loaded = parseTopologyText(text, 'updated.yaml')
      expect(loaded.diagnostics).toEqual([])
      const expected = unordered(after) as { rabbitmqVersion?: string }
      // a model without a version leaves the file's version in place
      if (after.rabbitmqVersion === undefined) expected.rabbitmqVersion = before.rabbitmqVersion
      // entities that stay keep their place in the file, new ones are appended: compare as sets
      expect(unordered(loaded.topology as Topology)).toEqual(expected)
    }), { numRuns: 200 })
  })

  const original = `# yaml-language-server: $schema=../schemas/topology.schema.json
# Orders topology (hand-written)
exchanges:
  # the main exchange
  orders: {type: topic}   # topic, for order.*
  old: {type: fanout}
queues:
  # created orders
  orders.created:
    durable: true   # explicit default
bindings:
  # keep me
  - {source: orders, destination: orders.created, routing_key: order.created}
  - {source: old, destination: orders.created}
`
  it('keeps comments on entities that still exist, drops removed ones, appends new ones', () => {
    const loaded = parseTopologyText(original, 't.yaml')
    const v = loaded.topology?.vhosts.get('/') as VhostTopology
    const exchanges = new Map(v.exchanges)
    exchanges.delete('old')
    exchanges.set('audit', { vhost: '/', name: 'audit', type: 'fanout', durable: true, autoDelete: false, internal: false, arguments: new Map() })
    const next: Topology = { vhosts: new Map([['/', { ...v, exchanges, bindings: v.bindings.filter((b) => b.source !== 'old') }]]) }
    const text = updateYamlDocument(original, next)
    for (const kept of ['# Orders topology (hand-written)', '# the main exchange', '# topic, for order.*', '# created orders', '# explicit default', '# keep me']) expect(text).toContain(kept)
    expect(text).not.toContain('old')
    expect(text).toContain('audit')
    const reloaded = parseTopologyText(text, 't.yaml')
    expect(reloaded.diagnostics).toEqual([])
    expect(withoutPaths(reloaded.topology as Topology)).toEqual(withoutPaths(next))
  })
  it('replaces a changed entity under its key', () => {
    const loaded = parseTopologyText(original, 't.yaml')
    const v = loaded.topology?.vhosts.get('/') as VhostTopology
    const queues = new Map(v.queues)
    const q = queues.get('orders.created') as Queue
    queues.set('orders.created', { ...q, arguments: new Map([['x-message-ttl', { type: 'long', value: 1000 }]]) })
    const next: Topology = { vhosts: new Map([['/', { ...v, queues }]]) }
    const text = updateYamlDocument(original, next)
    expect(text).toContain('# created orders')
    expect(text).toContain('x-message-ttl: 1000')
    expect(withoutPaths(parseTopologyText(text, 't.yaml').topology as Topology)).toEqual(withoutPaths(next))
  })
  it('falls back to a fresh document when the original is not a topology mapping', () => {
    const t: Topology = { vhosts: new Map([['/', { name: '/', exchanges: new Map(), queues: new Map(), bindings: [], policies: [] }]]) }
    expect(updateYamlDocument('- not a map\n', t)).toBe(topologyToYaml(t))
  })
})
