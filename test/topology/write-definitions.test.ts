import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { Binding, Exchange, Policy, Queue, Topology, VhostTopology } from '../../src/core/model.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'
import { topologyToDefinitions } from '../../src/topology/write-definitions.js'
import { topologyToYaml } from '../../src/topology/write-yaml.js'

/** The model without source paths: what must survive an export and a load. */
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

const name = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', '1.0', 'true', 'null', '', '#', ' lead', 'é日本💥'))
const exchangeName = name.filter((n) => n !== '' && !n.startsWith('amq.'))
/** Everything a definitions file can hold exactly: JSON's types, with integral doubles as `1.0`. */
const value: fc.Arbitrary<AmqpValue> = fc.letrec<{ v: AmqpValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 8 }).map((v) => ({ type: 'longstr', value: v }) as const),
    fc.maxSafeInteger().map((v) => ({ type: 'long', value: v }) as const),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)).map((v) => ({ type: 'double', value: v }) as const),
    fc.boolean().map((v) => ({ type: 'bool', value: v }) as const),
    fc.array(tie('v'), { maxLength: 3 }).map((v) => ({ type: 'array', value: v }) as const),
    fc.uniqueArray(fc.tuple(name, tie('v')), { maxLength: 2, selector: (kv) => kv[0] }).map((kv) => ({ type: 'table', value: new Map(kv) }) as const),
  ),
})).v
const table: fc.Arbitrary<AmqpTable> = fc.uniqueArray(fc.tuple(name, value), { maxLength: 3, selector: (kv) => kv[0] }).map((kv) => new Map(kv))

const vhostArb = (vhost: string): fc.Arbitrary<VhostTopology> => fc.record({
  exchanges: fc.uniqueArray(fc.record({ name: exchangeName, type: fc.constantFrom('direct', 'fanout', 'topic', 'headers', 'x-consistent-hash'), durable: fc.boolean(), autoDelete: fc.boolean(), internal: fc.boolean(), arguments: table }), { maxLength: 3, selector: (x) => x.name }),
  queues: fc.uniqueArray(fc.record({ name, qtype: fc.constantFrom('classic', 'quorum', 'stream', undefined), durable: fc.boolean(), autoDelete: fc.boolean(), arguments: table }), { maxLength: 3, selector: (x) => x.name }),
  bindings: fc.array(fc.record({ source: name, destination: name, destinationType: fc.constantFrom('queue', 'exchange'), routingKey: name, arguments: table }), { maxLength: 3 }),
  policies: fc.uniqueArray(fc.record({ name, pattern: name, applyTo: fc.constantFrom('all', 'exchanges', 'queues', 'quorum_queues', 'streams'), priority: fc.integer({ min: -5, max: 100 }), definition: fc.uniqueArray(fc.tuple(name, fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }))), { minLength: 1, maxLength: 2, selector: (kv) => kv[0] }) }), { maxLength: 2, selector: (p) => p.name }),
}).map((r) => ({
  name: vhost,
  exchanges: new Map(r.exchanges.map((x): [string, Exchange] => [x.name, { vhost, ...x }])),
  queues: new Map(r.queues.map(({ qtype, ...q }): [string, Queue] => {
    const args = new Map(q.arguments)
    args.delete('x-queue-type')
    if (qtype !== undefined) args.set('x-queue-type', { type: 'longstr', value: qtype })
    return [q.name, { vhost, ...q, exclusive: false, type: qtype ?? 'classic', arguments: args }]
  })),
  bindings: r.bindings.map((b): Binding => ({ vhost, ...b })),
  policies: r.policies.map((p): Policy => ({ vhost, ...p, definition: new Map(p.definition) })),
}))

const topologyArb: fc.Arbitrary<Topology> = fc.record({
  version: fc.constantFrom(undefined, '3.10.8', '3.13.7', '4.3.5'),
  names: fc.uniqueArray(fc.oneof(fc.constant('/'), name), { minLength: 1, maxLength: 3 }),
}).chain(({ version, names }) => fc.tuple(...names.map(vhostArb)).map((vs) => ({
  ...(version === undefined ? {} : { rabbitmqVersion: version }),
  vhosts: new Map(vs.map((v) => [v.name, v])),
})))

describe('topologyToDefinitions', () => {
  it('writes a broker-shape file that loads back to the same model, with no notes (property)', () => {
    fc.assert(fc.property(topologyArb, (t) => {
      const out = topologyToDefinitions(t)
      expect(out.notes).toEqual([])
      const loaded = parseTopologyText(out.text, 'defs.json')
      expect(loaded.format).toBe('definitions')
      expect(loaded.diagnostics).toEqual([])
      expect(withoutPaths(loaded.topology as Topology)).toEqual(withoutPaths(t))
    }), { numRuns: 300 })
  })
  it('writes a vhost-shape file (no vhost fields) that loads back into its vhost (property)', () => {
    fc.assert(fc.property(topologyArb, (t) => {
      const one = [...t.vhosts.values()][0]!
      const single: Topology = { ...t, vhosts: new Map([[one.name, one]]) }
      const out = topologyToDefinitions(single, { shape: 'vhost' })
      const data = JSON.parse(out.text) as Record<string, { vhost?: string }[]>
      for (const list of ['exchanges', 'queues', 'bindings', 'policies']) expect(data[list]!.every((x) => !Object.hasOwn(x, 'vhost'))).toBe(true)
      expect(Object.hasOwn(data, 'vhosts')).toBe(false)
      const loaded = parseTopologyText(out.text, 'defs.json')
      expect(loaded.definitionsShape).toBe('api-vhost')
      expect(withoutPaths(loaded.topology as Topology)).toEqual(withoutPaths(single))
    }), { numRuns: 100 })
  })
  it('import then export is the identity on the model: YAML → definitions → YAML (property)', () => {
    fc.assert(fc.property(topologyArb, (t) => {
      const yaml = topologyToYaml(parseTopologyText(topologyToDefinitions(t).text, 'd.json').topology as Topology)
      expect(withoutPaths(parseTopologyText(yaml, 't.yaml').topology as Topology)).toEqual(withoutPaths(t))
    }), { numRuns: 100 })
  })
  it('keeps an integral double a double (1.0) and a long a long in the JSON text', () => {
    const t = parseTopologyText('exchanges: {h: {type: headers}}\nqueues: {q: {}}\nbindings:\n  - {source: h, destination: q, arguments: {x-match: all, v: 2.0, n: 2, big: 1e300, f: {type: float, value: 1.5}}}\n', 't.yaml').topology as Topology
    const out = topologyToDefinitions(t)
    expect(out.text).toMatch(/"v": 2\.0,/)
    expect(out.text).toMatch(/"n": 2,/)
    expect(out.text).toMatch(/"big": 1e\+300/)
    const back = parseTopologyText(out.text, 'd.json').topology!.vhosts.get('/')!.bindings[0]!.arguments
    expect(back.get('v')).toEqual({ type: 'double', value: 2 })
    expect(back.get('n')).toEqual({ type: 'long', value: 2 })
    expect(back.get('f')).toEqual({ type: 'double', value: 1.5 })
    expect(out.notes).toEqual(['binding "h" -> "q" (vhost "/") argument "f" is a float (32-bit): written as a double'])
  })
  it('names what JSON cannot hold in a note: void, NaN, narrow integers in arrays, predeclared exchanges, exclusive queues', () => {
    const t = parseTopologyText([
      'exchanges: {h: {type: headers}, amq.direct: {type: direct}}',
      'queues: {q: {exclusive: true}}',
      'bindings:',
      '  - {source: h, destination: q, arguments: {x-match: any, present: null, nan: {type: double, value: NaN}, list: [{type: signedint, value: 1}]}}',
    ].join('\n'), 't.yaml').topology as Topology
    const out = topologyToDefinitions(t)
    expect(out.notes).toEqual([
      'exchange "amq.direct" (vhost "/") left out: RabbitMQ predeclares it and its import skips the name',
      'queue "q" (vhost "/") is exclusive: a definitions import declares it as an ordinary queue',
      'binding "h" -> "q" (vhost "/") argument "present" is void: RabbitMQ\'s definitions import refuses null (null_not_allowed), so it is left out',
      'binding "h" -> "q" (vhost "/") argument "nan" is NaN: JSON cannot hold it, so it is left out',
      'binding "h" -> "q" (vhost "/") argument "list" (an element) is a signedint: written as an integer, which the import reads as a long',
    ])
    const data = JSON.parse(out.text) as { exchanges: { name: string }[]; bindings: { arguments: Record<string, unknown> }[] }
    expect(data.exchanges.map((x) => x.name)).toEqual(['h'])
    expect(data.bindings[0]!.arguments).toEqual({ 'x-match': 'any', list: [1] })
  })
  it('refuses the vhost shape for several vhosts', () => {
    const t = parseTopologyText('vhosts: {a: {}, b: {}}\n', 't.yaml').topology as Topology
    expect(() => topologyToDefinitions(t, { shape: 'vhost' })).toThrow(/exactly one vhost/)
  })
})

describe('topologyToYaml', () => {
  it('writes an all-defaults queue as `name: {}`, never `name: null`', () => {
    const t = parseTopologyText('queues: {q: , r: {}}\n', 't.yaml').topology as Topology
    const text = topologyToYaml(t)
    expect(text).toMatch(/^ {2}q: \{\}$/m)
    expect(text).toMatch(/^ {2}r: \{\}$/m)
    expect(text).not.toMatch(/null/)
  })
})
