import { isMap, LineCounter, parseDocument } from 'yaml'
import type { Document } from 'yaml'
import type { DocPath, Topology } from '../core/model.js'
import { freezeVhost, newVhost, type VhostBuilder } from './build-model.js'
import type { Diagnostic } from './diagnostic.js'
import type { LoadedTopology, Problem } from './loaded-topology.js'
import { createYamlLocator, type YamlLocator } from './yaml-locator.js'

/**
 * AsyncAPI 2.x and 3.0 documents (YAML or JSON) read through their `amqp` bindings (asyncapi/bindings amqp 0.2.0 and
 * 0.3.0). A channel binding with `exchange` declares that exchange; with `queue`, that queue; with both, a binding
 * from the exchange to the queue whose key is the channel's address (2.x: the channel's name; `{param}` becomes `*`
 * on a topic exchange). Exchange type `default` is the default exchange (nothing to declare). Operation bindings'
 * `cc`/`bcc` are publish options, not topology: a warning says how to trace them. Everything else that cannot be
 * mapped (a channel without an amqp binding, a headers exchange's binding, an unresolvable $ref) is a warning with
 * its position. Unset durable/autoDelete/exclusive take rmq-sim's defaults (durable, not auto-delete, not exclusive).
 */

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const EXCHANGE_TYPES = new Set(['topic', 'direct', 'fanout', 'default', 'headers'])

/** Does this text look like an AsyncAPI document (a top-level `asyncapi` key, YAML or JSON)? Cheap: no parse. */
export function looksLikeAsyncApi(text: string): boolean {
  return /^(?:\{\s*)?["']?asyncapi["']?\s*:|^\s{1,4}"asyncapi"\s*:/m.test(text)
}

/** Loads an AsyncAPI document; undefined when the root has no `asyncapi` key after all (then it is not one). */
export function parseAsyncApi(text: string, file: string): LoadedTopology | undefined {
  const lineCounter = new LineCounter()
  const doc: Document.Parsed = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false })
  if (!isMap(doc.contents) || !doc.contents.has('asyncapi')) return undefined
  const locator: YamlLocator = createYamlLocator(doc)
  const diagnostics: Diagnostic[] = []
  const report = (p: Problem): void => {
    const offset = locator.offset(p.path, p.at ?? 'auto')
    const pos = offset === undefined ? undefined : lineCounter.linePos(offset)
    diagnostics.push({ rule: p.rule, severity: p.severity, message: p.message, ...(p.hint ? { hint: p.hint } : {}), file, path: p.path, ...(pos ? { pos } : {}) })
  }
  const warn = (rule: string, message: string, path: DocPath, hint?: string) => report({ rule, severity: 'warning', message, path, ...(hint ? { hint } : {}) })
  const loaded = (topology?: Topology): LoadedTopology => ({
    file, format: 'asyncapi', diagnostics, source: text, duplicates: [],
    locate: (path) => { const o = locator.offset(path, 'auto'); return o === undefined ? undefined : lineCounter.linePos(o) },
    ...(topology && !diagnostics.some((d) => d.severity === 'error') ? { topology } : {}),
  })
  for (const e of doc.errors) {
    diagnostics.push({ rule: 'yaml/syntax', severity: 'error', message: e.message.split('\n')[0] ?? e.message, file, path: [], pos: lineCounter.linePos(e.pos[0]) })
  }
  if (diagnostics.length > 0) return loaded()
  const root = doc.toJS({ maxAliasCount: 100 }) as Obj
  const version = root['asyncapi']
  const major = typeof version === 'string' ? Number(/^(\d+)\./.exec(version)?.[1]) : NaN
  if (major !== 2 && major !== 3) {
    report({ rule: 'asyncapi/version', severity: 'error', message: `AsyncAPI ${JSON.stringify(version)} is not supported: rmq-sim reads 2.x (2.6) and 3.0`, path: ['asyncapi'], at: 'value' })
    return loaded()
  }

  /** Follows a local `$ref` (`#/components/...`), a few steps at most; the path is where the value really is. */
  const resolve = (value: unknown, path: DocPath): { value: unknown; path: DocPath } | undefined => {
    let v = value
    let p = path
    for (let hops = 0; isObj(v) && typeof v['$ref'] === 'string'; hops++) {
      const ref = v['$ref'] as string
      if (hops > 16 || !ref.startsWith('#/')) { warn('asyncapi/ref', `$ref ${JSON.stringify(ref)} cannot be followed (only local #/... references)`, [...p, '$ref']); return undefined }
      const steps = ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      let target: unknown = root
      for (const s of steps) target = isObj(target) && Object.hasOwn(target, s) ? target[s] : undefined
      if (target === undefined) { warn('asyncapi/ref', `$ref ${JSON.stringify(ref)} points at nothing`, [...p, '$ref']); return undefined }
      v = target
      p = steps
    }
    return { value: v, path: p }
  }

  const vhosts = new Map<string, VhostBuilder>()
  const vhostOf = (name: string): VhostBuilder => {
    let v = vhosts.get(name)
    if (v === undefined) { v = newVhost(name); vhosts.set(name, v) }
    return v
  }
  const str = (o: Obj, k: string): string | undefined => (typeof o[k] === 'string' ? o[k] as string : undefined)
  const bool = (o: Obj, k: string): boolean | undefined => (typeof o[k] === 'boolean' ? o[k] as boolean : undefined)

  const channels = isObj(root['channels']) ? root['channels'] : {}
  for (const id of Object.keys(channels)) {
    const at = resolve(channels[id], ['channels', id])
    if (at === undefined || !isObj(at.value)) continue
    const channel = at.value
    // 2.x: the channel's key is its address; 3.0: `address` (null = dynamic)
    const address = major === 2 ? id : typeof channel['address'] === 'string' ? channel['address'] : undefined
    const bindings = isObj(channel['bindings']) ? resolve(channel['bindings'], [...at.path, 'bindings']) : undefined
    const amqpAt = bindings && isObj(bindings.value) && bindings.value['amqp'] !== undefined ? resolve(bindings.value['amqp'], [...bindings.path, 'amqp']) : undefined
    if (amqpAt === undefined || !isObj(amqpAt.value)) {
      warn('asyncapi/no-amqp-binding', `channel ${JSON.stringify(id)} has no amqp channel binding: nothing to map`, at.path)
      continue
    }
    const amqp = amqpAt.value
    const base = amqpAt.path
    const is = str(amqp, 'is') ?? 'routingKey'
    if (is !== 'routingKey' && is !== 'queue') { warn('asyncapi/enum', `is must be routingKey or queue, not ${JSON.stringify(amqp['is'])}`, [...base, 'is']); continue }
    let exchange: { name: string; type: string; vhost: string } | undefined
    if (isObj(amqp['exchange'])) {
      const x = amqp['exchange']
      const name = str(x, 'name')
      const type = str(x, 'type') ?? 'topic'
      const vhost = str(x, 'vhost') ?? '/'
      if (!EXCHANGE_TYPES.has(type)) warn('asyncapi/enum', `exchange.type must be topic, direct, fanout, default or headers, not ${JSON.stringify(type)}`, [...base, 'exchange', 'type'])
      if (type === 'default' || name === '' ) exchange = { name: '', type: 'direct', vhost }
      else if (name === undefined) warn('asyncapi/missing-field', `channel ${JSON.stringify(id)}: exchange has no name`, [...base, 'exchange'])
      else {
        exchange = { name, type, vhost }
        const v = vhostOf(vhost)
        const first = v.exchanges.get(name)
        const durable = bool(x, 'durable') ?? true
        const autoDelete = bool(x, 'autoDelete') ?? false
        if (first === undefined) v.exchanges.set(name, { vhost, name, type, durable, autoDelete, internal: false, arguments: new Map(), path: [...base, 'exchange'] })
        else if (first.type !== type || first.durable !== durable || first.autoDelete !== autoDelete) warn('asyncapi/conflict', `exchange ${JSON.stringify(name)} is described differently by another channel: the first description is kept`, [...base, 'exchange'])
      }
    } else if (is === 'routingKey') {
      warn('asyncapi/missing-field', `channel ${JSON.stringify(id)} is a routing key but names no exchange: messages go to the default exchange`, base)
    }
    let queue: { name: string; vhost: string } | undefined
    if (isObj(amqp['queue'])) {
      const q = amqp['queue']
      const name = str(q, 'name') ?? (is === 'queue' ? address : undefined)
      const vhost = str(q, 'vhost') ?? '/'
      if (name === undefined) warn('asyncapi/missing-field', `channel ${JSON.stringify(id)}: queue has no name`, [...base, 'queue'])
      else {
        queue = { name, vhost }
        const v = vhostOf(vhost)
        if (!v.queues.has(name)) v.queues.set(name, { vhost, name, type: 'classic', durable: bool(q, 'durable') ?? true, exclusive: bool(q, 'exclusive') ?? false, autoDelete: bool(q, 'autoDelete') ?? false, arguments: new Map(), path: [...base, 'queue'] })
      }
    } else if (is === 'queue') {
      warn('asyncapi/missing-field', `channel ${JSON.stringify(id)} is a queue but has no queue object`, base)
    }
    if (exchange !== undefined && queue !== undefined && exchange.name !== '') {
      if (exchange.vhost !== queue.vhost) warn('asyncapi/vhost', `channel ${JSON.stringify(id)}: the exchange (vhost ${JSON.stringify(exchange.vhost)}) and the queue (vhost ${JSON.stringify(queue.vhost)}) cannot be bound across vhosts`, base)
      else if (exchange.type === 'headers') warn('asyncapi/unmapped', `channel ${JSON.stringify(id)}: a headers exchange's binding needs header arguments, which AsyncAPI's amqp binding cannot say: not bound`, [...base, 'exchange', 'type'])
      else if (address === undefined) warn('asyncapi/unmapped', `channel ${JSON.stringify(id)} has no address: the binding key is unknown, so the queue is not bound`, at.path)
      else {
        const params = /\{[^}]*\}/g
        let key = address
        if (params.test(address)) {
          if (exchange.type === 'topic') { key = address.replace(params, '*'); warn('asyncapi/parameter', `channel ${JSON.stringify(id)}: the address parameters become '*' in the binding key ${JSON.stringify(key)}`, major === 2 ? at.path : [...at.path, 'address']) }
          else warn('asyncapi/parameter', `channel ${JSON.stringify(id)}: the address has parameters, but a ${exchange.type} exchange matches keys literally`, major === 2 ? at.path : [...at.path, 'address'])
        }
        vhostOf(queue.vhost).bindings.push({ vhost: queue.vhost, source: exchange.name, destination: queue.name, destinationType: 'queue', routingKey: exchange.type === 'fanout' ? '' : key, arguments: new Map(), path: base })
      }
    }
  }

  // Operation bindings: 2.x channels.<id>.publish/subscribe.bindings.amqp, 3.0 operations.<id>.bindings.amqp
  const operations: { path: DocPath; op: unknown }[] = []
  if (major === 2) {
    for (const id of Object.keys(channels)) {
      const c = channels[id]
      if (isObj(c)) for (const verb of ['publish', 'subscribe']) if (c[verb] !== undefined) operations.push({ path: ['channels', id, verb], op: c[verb] })
    }
  } else if (isObj(root['operations'])) {
    const ops = root['operations']
    for (const id of Object.keys(ops)) operations.push({ path: ['operations', id], op: ops[id] })
  }
  for (const { path, op } of operations) {
    const at = resolve(op, path)
    if (at === undefined || !isObj(at.value) || !isObj(at.value['bindings'])) continue
    const b = resolve(at.value['bindings'], [...at.path, 'bindings'])
    const amqp = b && isObj(b.value) ? resolve(b.value['amqp'], [...b.path, 'amqp']) : undefined
    if (amqp === undefined || !isObj(amqp.value)) continue
    for (const k of ['cc', 'bcc']) {
      const keys = amqp.value[k]
      if (Array.isArray(keys) && keys.length > 0) {
        warn('asyncapi/publish-option', `operation ${k} ${JSON.stringify(keys)} is a publish option, not topology`, [...amqp.path, k], `trace it with ${keys.map((x) => `--${k} ${JSON.stringify(String(x))}`).join(' ')}`)
      }
    }
  }

  if (vhosts.size === 0) {
    warn('asyncapi/empty', 'no amqp channel binding declares an exchange or a queue', ['channels'])
    vhostOf('/')
  }
  return loaded({ vhosts: new Map([...vhosts].map(([k, v]) => [k, freezeVhost(v)])) })
}
