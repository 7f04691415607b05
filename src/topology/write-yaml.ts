import { Document, isAlias, isMap, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml'
import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import type { Binding, Exchange, Policy, Queue, Topology, VhostTopology } from '../core/model.js'
import { setOwn } from './typed-value.js'
import { keyString } from './yaml-locator.js'

/**
 * Writes a topology model as rmq-sim YAML that loads back to the same model (defaults left out, typed values
 * in the typed encoding, integral doubles as `1.0`). Used by the REPL's `save`.
 */

const MODELINE = '# yaml-language-server: $schema=https://unpkg.com/rmq-sim/schemas/topology.schema.json'

/** A YAML node for an AMQP value: plain where the plain form reads back the same, `{type, value}` otherwise. */
function valueNode(v: AmqpValue): unknown {
  switch (v.type) {
    case 'longstr': return new Scalar(v.value)
    case 'bool': return new Scalar(v.value)
    case 'void': return new Scalar(null)
    case 'long': return Number.isSafeInteger(v.value) ? new Scalar(v.value) : typed('long', new Scalar(v.value))
    case 'double': {
      if (!Number.isFinite(v.value)) return typed('double', new Scalar(String(v.value)))
      const s = new Scalar(v.value)
      // `1.0` reads back as a double; yaml writes the fraction digit when asked (minFractionDigits)
      if (Number.isInteger(v.value)) {
        if (Math.abs(v.value) >= 1e21) return typed('double', s)
        s.minFractionDigits = 1
      }
      return s
    }
    case 'float': return typed('float', new Scalar(Number.isFinite(v.value) ? v.value : String(v.value)))
    case 'array': { const seq = new YAMLSeq(); seq.flow = true; for (const item of v.value) seq.items.push(valueNode(item)); return seq }
    case 'table': return typed('table', tableNode(v.value))
    default: return typed(v.type, new Scalar(v.value))
  }
}

function typed(type: string, value: unknown): YAMLMap {
  const m = new YAMLMap()
  m.flow = true
  m.items.push(new Pair(new Scalar('type'), new Scalar(type)), new Pair(new Scalar('value'), value))
  return m
}

function tableNode(t: AmqpTable): YAMLMap {
  const m = new YAMLMap()
  for (const [k, v] of t) m.items.push(new Pair(new Scalar(k), valueNode(v)))
  return m
}

function mapOf(entries: readonly (readonly [string, unknown])[]): YAMLMap {
  const m = new YAMLMap()
  for (const [k, v] of entries) m.items.push(new Pair(new Scalar(k), v instanceof Scalar || isMap(v) || isSeq(v) ? v : new Scalar(v)))
  return m
}

function exchangeNode(x: Exchange): YAMLMap {
  const e: [string, unknown][] = [['type', x.type]]
  if (!x.durable) e.push(['durable', false])
  if (x.autoDelete) e.push(['auto_delete', true])
  if (x.internal) e.push(['internal', true])
  if (x.arguments.size > 0) e.push(['arguments', tableNode(x.arguments)])
  return mapOf(e)
}

function queueNode(q: Queue): YAMLMap {
  const e: [string, unknown][] = []
  if (!q.durable) e.push(['durable', false])
  if (q.exclusive) e.push(['exclusive', true])
  if (q.autoDelete) e.push(['auto_delete', true])
  const args = new Map(q.arguments)
  // the model's type comes from x-queue-type; keep the argument so the file says it
  if (q.type !== 'classic' && !args.has('x-queue-type')) args.set('x-queue-type', { type: 'longstr', value: q.type })
  if (args.size > 0) e.push(['arguments', tableNode(args)])
  if (e.length > 0) return mapOf(e)
  // an all-defaults queue is `name: {}`, not `name:` (which reads as null, and shows as `name: null` in flow maps)
  const empty = new YAMLMap()
  empty.flow = true
  return empty
}

function bindingNode(b: Binding): YAMLMap {
  const e: [string, unknown][] = [['source', b.source], ['destination', b.destination]]
  if (b.destinationType !== 'queue') e.push(['destination_type', b.destinationType])
  if (b.routingKey !== '') e.push(['routing_key', b.routingKey])
  if (b.arguments.size > 0) e.push(['arguments', tableNode(b.arguments)])
  return mapOf(e)
}

function plainNode(v: unknown, doc: Document): unknown {
  return doc.createNode(v)
}

function policyNode(p: Policy, doc: Document): YAMLMap {
  const e: [string, unknown][] = [['pattern', p.pattern]]
  if (p.applyTo !== 'all') e.push(['apply-to', p.applyTo])
  if (p.priority !== 0) e.push(['priority', p.priority])
  const def = new YAMLMap()
  for (const [k, v] of p.definition) def.items.push(new Pair(new Scalar(k), plainNode(v, doc)))
  e.push(['definition', def])
  return mapOf(e)
}

function sectionNode(v: VhostTopology, doc: Document): YAMLMap {
  const m = new YAMLMap()
  if (v.exchanges.size > 0) m.items.push(new Pair(new Scalar('exchanges'), mapOf([...v.exchanges].map(([n, x]) => [n, exchangeNode(x)]))))
  if (v.queues.size > 0) m.items.push(new Pair(new Scalar('queues'), mapOf([...v.queues].map(([n, q]) => [n, queueNode(q)]))))
  if (v.bindings.length > 0) { const s = new YAMLSeq(); s.items.push(...v.bindings.map(bindingNode)); m.items.push(new Pair(new Scalar('bindings'), s)) }
  if (v.policies.length > 0) m.items.push(new Pair(new Scalar('policies'), mapOf(v.policies.map((p) => [p.name, policyNode(p, doc)]))))
  return m
}

/** A new YAML document for a topology: one vhost at the top level, several under `vhosts:`. */
export function topologyToYaml(topology: Topology): string {
  const doc = new Document()
  const root = new YAMLMap()
  if (topology.rabbitmqVersion !== undefined) root.items.push(new Pair(new Scalar('rabbitmq'), new Scalar(topology.rabbitmqVersion)))
  const vhosts = [...topology.vhosts.values()]
  const only = vhosts.length === 1 ? vhosts[0] : undefined
  if (only !== undefined) {
    if (only.name !== '/') root.items.push(new Pair(new Scalar('vhost'), new Scalar(only.name)))
    root.items.push(...(sectionNode(only, doc).items as Pair[]))
  } else if (vhosts.length > 1) {
    root.items.push(new Pair(new Scalar('vhosts'), mapOf(vhosts.map((v) => [v.name, sectionNode(v, doc)]))))
  }
  doc.contents = root
  doc.commentBefore = MODELINE.slice(1)
  return doc.toString({ lineWidth: 0 })
}

type Kind = 'exchanges' | 'queues' | 'policies' | 'bindings'
const DEFAULTS: Record<Kind, Record<string, unknown>> = {
  exchanges: { durable: true, auto_delete: false, internal: false, arguments: {} },
  queues: { durable: true, exclusive: false, auto_delete: false, arguments: {} },
  policies: { 'apply-to': 'all', priority: 0 },
  bindings: { destination_type: 'queue', routing_key: '', arguments: {} },
}

/** Node → JS that keeps what matters to the model: `1.0` stays distinct from `1`. */
function canonJs(n: unknown, doc: Document): unknown {
  if (isAlias(n)) return canonJs(n.resolve(doc), doc)
  if (isScalar(n)) {
    const v = n.value
    if (typeof v === 'number' && Number.isInteger(v) && n.format !== 'HEX' && n.format !== 'OCT' && ((n.minFractionDigits ?? 0) > 0 || /[.eE]/.test(n.source ?? ''))) return { $double: v }
    return v
  }
  if (isMap(n)) {
    const o: Record<string, unknown> = {}
    for (const p of n.items as Pair[]) setOwn(o, keyString(p.key) ?? '', canonJs(p.value, doc))
    return o
  }
  if (isSeq(n)) return n.items.map((i) => canonJs(i, doc))
  return null
}

/** A stable string for an entity node, with the format's defaults filled in, so `durable: true` equals nothing. */
function canonical(n: unknown, kind: Kind, doc: Document): string {
  const js = canonJs(n, doc)
  const obj = js !== null && typeof js === 'object' && !Array.isArray(js) ? (js as Record<string, unknown>) : {}
  const filled: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(DEFAULTS[kind])) setOwn(filled, k, v)
  for (const k of Object.keys(obj)) if (obj[k] !== null || k !== 'arguments') setOwn(filled, k, obj[k])
  return stableStringify(filled)
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`).join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

/**
 * Rewrites `originalText` to hold `topology`, keeping comments and layout where entities still exist: unchanged
 * entities are left as they are, changed ones are replaced under their (commented) key, removed ones deleted,
 * new ones appended. Falls back to topologyToYaml when the original is not a topology mapping.
 */
export function updateYamlDocument(originalText: string, topology: Topology): string {
  const doc = parseDocument(originalText)
  if (doc.errors.length > 0 || !isMap(doc.contents)) return topologyToYaml(topology)
  const root = doc.contents as unknown as YAMLMap
  const topVhost = String(root.get('vhost') ?? '/')

  if (topology.rabbitmqVersion !== undefined) {
    const cur: unknown = root.get('rabbitmq', true)
    const text = isScalar(cur) ? (typeof cur.source === 'string' ? cur.source : String(cur.value)) : ''
    if (text !== topology.rabbitmqVersion) root.set('rabbitmq', new Scalar(topology.rabbitmqVersion))
  }
  // a model without a version leaves the file's `rabbitmq:` alone (the version may have come from the file itself)

  // Which sections hold each vhost today: the top level and/or vhosts.<name>
  const sections: { vhost: string; map: YAMLMap }[] = []
  const hasTop = ['exchanges', 'queues', 'bindings', 'policies'].some((k) => root.has(k))
  const vhostsNode = root.get('vhosts', true)
  if (hasTop || !isMap(vhostsNode)) sections.push({ vhost: topVhost, map: root })
  if (isMap(vhostsNode)) {
    for (const pair of vhostsNode.items as Pair[]) {
      const name = keyString(pair.key)
      if (name === undefined) continue
      if (!topology.vhosts.has(name)) continue
      if (!isMap(pair.value)) pair.value = new YAMLMap()
      sections.push({ vhost: name, map: pair.value as YAMLMap })
    }
    vhostsNode.items = (vhostsNode.items as Pair[]).filter((p) => { const n = keyString(p.key); return n === undefined || topology.vhosts.has(n) })
  }

  const placed = new Set<string>()
  for (const { vhost, map } of sections) {
    const v = topology.vhosts.get(vhost)
    if (v === undefined) { for (const k of ['exchanges', 'queues', 'bindings', 'policies']) map.delete(k); continue }
    const first = !placed.has(vhost)
    placed.add(vhost)
    updateEntityMap(map, 'exchanges', first ? new Map([...v.exchanges].map(([n, x]) => [n, exchangeNode(x)])) : new Map(), doc)
    updateEntityMap(map, 'queues', first ? new Map([...v.queues].map(([n, q]) => [n, queueNode(q)])) : new Map(), doc)
    updateEntityMap(map, 'policies', first ? new Map(v.policies.map((p) => [p.name, policyNode(p, doc)])) : new Map(), doc)
    updateBindings(map, first ? v.bindings.map(bindingNode) : [], doc)
  }
  for (const v of topology.vhosts.values()) {
    if (placed.has(v.name)) continue
    let vh: unknown = root.get('vhosts', true)
    if (!isMap(vh)) { vh = new YAMLMap(); root.set('vhosts', vh) }
    ;(vh as YAMLMap).items.push(new Pair(new Scalar(v.name), sectionNode(v, doc)))
  }
  // The top-level vhost exists without any top-level section only while there is no `vhosts:`; once there is one,
  // it needs its own (empty) entry there to survive.
  const vh: unknown = root.get('vhosts', true)
  const hasTopSections = ['exchanges', 'queues', 'bindings', 'policies'].some((k) => root.has(k))
  if (isMap(vh) && topology.vhosts.has(topVhost) && !hasTopSections && !(vh.items as Pair[]).some((p) => keyString(p.key) === topVhost)) {
    vh.items.unshift(new Pair(new Scalar(topVhost), new YAMLMap()))
  }
  return doc.toString({ lineWidth: 0 })
}

function updateEntityMap(section: YAMLMap, key: Exclude<Kind, 'bindings'>, wanted: Map<string, unknown>, doc: Document): void {
  let node: unknown = section.get(key, true)
  if (!isMap(node)) {
    if (wanted.size === 0) { if (section.has(key)) section.delete(key); return }
    node = new YAMLMap()
    section.set(key, node)
  }
  const map = node as YAMLMap
  const kept: Pair[] = []
  const seen = new Set<string>()
  for (const pair of map.items as Pair[]) {
    const name = keyString(pair.key)
    if (name === undefined || !wanted.has(name) || seen.has(name)) continue
    seen.add(name)
    const fresh = wanted.get(name)
    if (canonical(pair.value, key, doc) !== canonical(fresh, key, doc)) pair.value = fresh
    kept.push(pair)
  }
  for (const [name, fresh] of wanted) if (!seen.has(name)) kept.push(new Pair(new Scalar(name), fresh))
  map.items = kept
  if (kept.length === 0) section.delete(key)
}

function updateBindings(section: YAMLMap, wanted: YAMLMap[], doc: Document): void {
  const node = section.get('bindings', true)
  if (!isSeq(node)) {
    if (wanted.length === 0) { if (section.has('bindings')) section.delete('bindings'); return }
    const s = new YAMLSeq()
    s.items.push(...wanted)
    section.set('bindings', s)
    return
  }
  const keyOf = (n: unknown) => canonical(n, 'bindings', doc)
  const pool = new Map<string, number>()
  for (const w of wanted) pool.set(keyOf(w), (pool.get(keyOf(w)) ?? 0) + 1)
  const kept: unknown[] = []
  for (const item of node.items) {
    const k = keyOf(item)
    const n = pool.get(k) ?? 0
    if (n > 0) { kept.push(item); pool.set(k, n - 1) }
  }
  for (const w of wanted) {
    const k = keyOf(w)
    const n = pool.get(k) ?? 0
    if (n > 0) { kept.push(w); pool.set(k, n - 1) }
  }
  node.items = kept
  if (kept.length === 0) section.delete('bindings')
}
