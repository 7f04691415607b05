import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { Binding, Exchange, Policy, PolicyApplyTo, Queue, VhostTopology } from '../../src/core/model.js'
import { rulesFor } from '../../src/core/versions.js'
import { lintTopology } from '../../src/lint/lint-topology.js'
import type { LintInput } from '../../src/lint/types.js'
import type { Diagnostic } from '../../src/topology/diagnostic.js'

export type Plain = string | number | boolean | null | AmqpValue | Plain[]

const isTyped = (v: unknown): v is AmqpValue => typeof v === 'object' && v !== null && !Array.isArray(v) && 'type' in v

/** The documented typed encoding, for tests: string→longstr, integer→long, other number→double, null→void. */
export function value(v: Plain): AmqpValue {
  if (isTyped(v)) return v
  if (v === null) return { type: 'void' }
  if (Array.isArray(v)) return { type: 'array', value: v.map(value) }
  if (typeof v === 'string') return { type: 'longstr', value: v }
  if (typeof v === 'boolean') return { type: 'bool', value: v }
  return Number.isInteger(v) ? { type: 'long', value: v } : { type: 'double', value: v }
}

export const table = (o: Record<string, Plain> = {}): AmqpTable => new Map(Object.entries(o).map(([k, v]) => [k, value(v)]))

export interface ExchangeOpts { durable?: boolean; autoDelete?: boolean; internal?: boolean; args?: Record<string, Plain> }
export const ex = (name: string, type = 'direct', o: ExchangeOpts = {}): Exchange => ({
  vhost: '/', name, type, durable: o.durable ?? true, autoDelete: o.autoDelete ?? false, internal: o.internal ?? false,
  arguments: table(o.args), path: ['exchanges', name],
})

export interface QueueOpts { durable?: boolean; exclusive?: boolean; autoDelete?: boolean; args?: Record<string, Plain> }
export const qu = (name: string, o: QueueOpts = {}): Queue => {
  const args = table(o.args)
  const t = args.get('x-queue-type')
  return {
    vhost: '/', name, type: t?.type === 'longstr' ? t.value : 'classic', durable: o.durable ?? true, exclusive: o.exclusive ?? false,
    autoDelete: o.autoDelete ?? false, arguments: args, path: ['queues', name],
  }
}

export const bind = (source: string, destination: string, routingKey = '', o: { toExchange?: boolean; args?: Record<string, Plain> } = {}): Binding => ({
  vhost: '/', source, destination, destinationType: o.toExchange ? 'exchange' : 'queue', routingKey, arguments: table(o.args),
})

export const pol = (name: string, pattern: string, definition: Record<string, unknown>, o: { applyTo?: PolicyApplyTo; priority?: number } = {}): Policy => ({
  vhost: '/', name, pattern, applyTo: o.applyTo ?? 'all', priority: o.priority ?? 0, definition: new Map(Object.entries(definition)), path: ['policies', name],
})

export interface VhostParts { exchanges?: Exchange[]; queues?: Queue[]; bindings?: Binding[]; policies?: Policy[] }

export function vhost(parts: VhostParts, name = '/'): VhostTopology {
  return {
    name,
    exchanges: new Map((parts.exchanges ?? []).map((x) => [x.name, { ...x, vhost: name }])),
    queues: new Map((parts.queues ?? []).map((q) => [q.name, { ...q, vhost: name }])),
    bindings: (parts.bindings ?? []).map((b, i) => ({ ...b, vhost: name, path: ['bindings', i] })),
    policies: parts.policies ?? [],
  }
}

/** Lints a hand-built vhost with the given version's rules. */
export function lint(parts: VhostParts, version?: string, input: Partial<LintInput> = {}): Diagnostic[] {
  const vh = vhost(parts)
  return lintTopology({ file: 't.yaml', diagnostics: [], topology: { vhosts: new Map([[vh.name, vh]]) }, ...input }, rulesFor(version))
}

/** The diagnostics of one rule. */
export const only = (ds: readonly Diagnostic[], rule: string): Diagnostic[] => ds.filter((d) => d.rule === rule)
export const ids = (ds: readonly Diagnostic[]): string[] => ds.map((d) => d.rule)
