import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import type { Binding, DocPath, Exchange, Policy, PolicyApplyTo, Queue, Topology, VhostTopology } from '../core/model.js'
import { parseVersion } from '../core/versions.js'
import type { RawBinding, RawExchange, RawPolicy, RawQueue, RawTopology, RawVhost } from './format-types.js'
import type { DuplicateEntity, Problem } from './loaded-topology.js'
import { describePath } from './schema-errors.js'
import { decodeTypedTable, type ValuePath } from './typed-value.js'

/** What the model builder needs from the source format beyond the plain JS value. */
export interface BuildHooks {
  /** True when the integral number at `tablePath` + `valuePath` was written as a float (`1.0`). */
  integralDouble?(tablePath: DocPath, valuePath: ValuePath): boolean
  /** The source text of a number (`rabbitmq: 3.10` must read "3.10", not 3.1). */
  numberText?(path: DocPath, value: number): string
  /**
   * The keys of the mapping at `path` in document order. JS objects list integer-like keys ("0", "42") first,
   * so the builder asks for the real order when such a key is present.
   */
  keyOrder?(path: DocPath): readonly string[] | undefined
}

/** Keys JS objects enumerate before all others (array indices), which breaks document order. */
export const isIndexLike = (k: string): boolean => /^(?:0|[1-9]\d{0,9})$/.test(k) && Number(k) < 4294967295

export interface BuiltModel {
  readonly topology?: Topology
  readonly problems: readonly Problem[]
  readonly duplicates: readonly DuplicateEntity[]
}

/** A vhost under construction. */
export interface VhostBuilder {
  readonly name: string
  readonly exchanges: Map<string, Exchange>
  readonly queues: Map<string, Queue>
  readonly bindings: Binding[]
  readonly policies: Policy[]
  readonly policyPaths: Map<string, DocPath>
}

export function newVhost(name: string): VhostBuilder {
  return { name, exchanges: new Map(), queues: new Map(), bindings: [], policies: [], policyPaths: new Map() }
}

export function freezeVhost(v: VhostBuilder): VhostTopology {
  return { name: v.name, exchanges: v.exchanges, queues: v.queues, bindings: v.bindings, policies: v.policies }
}

/** x-queue-type decides the queue type; classic when absent (rabbit_queue_type:discover/1). */
export function queueTypeOf(args: AmqpTable): string {
  const t = args.get('x-queue-type')
  return t?.type === 'longstr' ? t.value : 'classic'
}

/** Object keys in document order when the source can tell it (integer-like keys come first in JS objects). */
function orderedKeys(obj: object, path: DocPath, hooks: BuildHooks): string[] {
  const keys = Object.keys(obj)
  const first = keys[0]
  if (first === undefined || !isIndexLike(first) || hooks.keyOrder === undefined) return keys
  const order = hooks.keyOrder(path)
  if (order === undefined) return keys
  const seen = new Set<string>()
  const out = order.filter((k) => Object.hasOwn(obj, k) && !seen.has(k) && (seen.add(k), true))
  return out.length === keys.length ? out : keys
}

/**
 * Builds the model from a schema-valid YAML topology (as plain JS). Defaults are RabbitMQ's declare defaults
 * in our format: durable true, auto_delete/internal/exclusive false, destination_type queue, routing_key "",
 * apply-to all, priority 0.
 */
export function buildModel(raw: RawTopology, hooks: BuildHooks = {}): BuiltModel {
  const entries = <T>(obj: { readonly [k: string]: T } | null | undefined, path: DocPath): [string, T][] =>
    obj === null || obj === undefined ? [] : orderedKeys(obj, path, hooks).map((k) => [k, obj[k] as T])
  const problems: Problem[] = []
  const duplicates: DuplicateEntity[] = []
  const vhosts = new Map<string, VhostBuilder>()
  const vhostOf = (name: string): VhostBuilder => {
    let v = vhosts.get(name)
    if (v === undefined) { v = newVhost(name); vhosts.set(name, v) }
    return v
  }

  const table = (value: unknown, path: DocPath): AmqpTable => {
    const integralDouble = hooks.integralDouble
    const r = decodeTypedTable(value, integralDouble ? { integralDouble: (rel) => integralDouble(path, rel) } : {})
    if (r.ok) {
      if (value === null || typeof value !== 'object' || hooks.keyOrder === undefined) return r.value
      const keys = orderedKeys(value, path, hooks)
      return keys[0] === [...r.value.keys()][0] ? r.value : new Map(keys.map((k) => [k, r.value.get(k) as AmqpValue]))
    }
    const where = [...path, ...r.path]
    const subject = describePath(where[where.length - 1] === 'value' || where[where.length - 1] === 'type' ? where.slice(0, -1) : where)
    problems.push({ rule: 'schema/typed-value', severity: 'error', message: `${subject}: ${r.message}`, path: where, at: 'value' })
    return new Map()
  }

  const addSection = (vhostName: string, section: RawVhost | null | undefined, base: DocPath): void => {
    const v = vhostOf(vhostName)
    if (section === null || section === undefined) return
    for (const [name, x] of entries<RawExchange>(section.exchanges, [...base, 'exchanges'])) {
      const path = [...base, 'exchanges', name]
      const first = v.exchanges.get(name)
      if (first !== undefined) { duplicates.push({ kind: 'exchange', vhost: vhostName, name, path, firstPath: first.path ?? [] }); continue }
      v.exchanges.set(name, {
        vhost: vhostName, name, type: x.type, durable: x.durable ?? true, autoDelete: x.auto_delete ?? false,
        internal: x.internal ?? false, arguments: table(x.arguments, [...path, 'arguments']), path,
      })
    }
    for (const [name, q] of entries<RawQueue | null>(section.queues, [...base, 'queues'])) {
      const path = [...base, 'queues', name]
      const first = v.queues.get(name)
      if (first !== undefined) { duplicates.push({ kind: 'queue', vhost: vhostName, name, path, firstPath: first.path ?? [] }); continue }
      const args = table(q?.arguments, [...path, 'arguments'])
      v.queues.set(name, {
        vhost: vhostName, name, type: queueTypeOf(args), durable: q?.durable ?? true, exclusive: q?.exclusive ?? false,
        autoDelete: q?.auto_delete ?? false, arguments: args, path,
      })
    }
    const bindings: readonly RawBinding[] = section.bindings ?? []
    bindings.forEach((b, i) => {
      const path = [...base, 'bindings', i]
      v.bindings.push({
        vhost: vhostName, source: b.source, destination: b.destination, destinationType: b.destination_type ?? 'queue',
        routingKey: b.routing_key ?? '', arguments: table(b.arguments, [...path, 'arguments']), path,
      })
    })
    for (const [name, p] of entries<RawPolicy>(section.policies, [...base, 'policies'])) {
      const path = [...base, 'policies', name]
      const firstPath = v.policyPaths.get(name)
      if (firstPath !== undefined) { duplicates.push({ kind: 'policy', vhost: vhostName, name, path, firstPath }); continue }
      v.policyPaths.set(name, path)
      v.policies.push({
        vhost: vhostName, name, pattern: p.pattern, applyTo: (p['apply-to'] ?? 'all') as PolicyApplyTo,
        priority: p.priority ?? 0, definition: new Map(orderedKeys(p.definition, [...path, 'definition'], hooks).map((k) => [k, p.definition[k]])), path,
      })
    }
  }

  const topVhost = raw.vhost ?? '/'
  const hasTopLevel = raw.exchanges != null || raw.queues != null || raw.bindings != null || raw.policies != null
  if (hasTopLevel || raw.vhosts === undefined) addSection(topVhost, raw, [])
  for (const [name, section] of entries(raw.vhosts, ['vhosts'])) addSection(name, section, ['vhosts', name])

  let rabbitmqVersion: string | undefined
  if (raw.rabbitmq !== undefined) {
    const text = typeof raw.rabbitmq === 'number' ? hooks.numberText?.(['rabbitmq'], raw.rabbitmq) ?? String(raw.rabbitmq) : raw.rabbitmq
    const parsed = parseVersion(text)
    if (parsed.ok) rabbitmqVersion = text.trim().replace(/^v/, '')
    // A well-formed version rmq-sim does not implement is a warning, as in exports (defs/unsupported-version): the
    // file still loads, with the default rules or --rabbitmq's. A malformed one is an error.
    else if (/^v?\d+\.\d+(?:\.\d+)?(?:[-+].*)?$/.test(text.trim())) {
      problems.push({ rule: 'schema/unsupported-version', severity: 'warning', message: parsed.message, hint: 'pass --rabbitmq <version> to choose the rules that apply', path: ['rabbitmq'], at: 'value' })
    } else problems.push({ rule: 'schema/rabbitmq-version', severity: 'error', message: parsed.message, path: ['rabbitmq'], at: 'value' })
  }

  const topology: Topology = {
    ...(rabbitmqVersion === undefined ? {} : { rabbitmqVersion }),
    vhosts: new Map([...vhosts].map(([k, v]) => [k, freezeVhost(v)])),
  }
  return { topology, problems, duplicates }
}
