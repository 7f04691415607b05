import type { AmqpTable } from '../core/amqp-value.js'
import type { Binding, Exchange, Policy, Queue, Topology, VhostTopology } from '../core/model.js'
import { PolicyIndex } from '../core/policies.js'
import { encodeTypedValue } from '../topology/typed-value.js'
import type { EffectivePolicyChange, EntityChange, FieldChange } from './types.js'

const EMPTY: VhostTopology = { name: '', exchanges: new Map(), queues: new Map(), bindings: [], policies: [] }

/** Every vhost name of either version, in order of first appearance. */
export function vhostNames(a: Topology, b: Topology): string[] {
  return [...new Set([...a.vhosts.keys(), ...b.vhosts.keys()])]
}

/** Exchanges, queues, bindings and policies added, removed or changed, per vhost, in name order. */
export function diffEntities(oldT: Topology, newT: Topology): EntityChange[] {
  const out: EntityChange[] = []
  for (const vhost of vhostNames(oldT, newT)) {
    const a = oldT.vhosts.get(vhost) ?? { ...EMPTY, name: vhost }
    const b = newT.vhosts.get(vhost) ?? { ...EMPTY, name: vhost }
    out.push(...diffMaps('exchange', vhost, a.exchanges, b.exchanges, exchangeFields))
    out.push(...diffMaps('queue', vhost, a.queues, b.queues, queueFields))
    const bindingsOld = new Map(a.bindings.map((x) => [bindingId(x), x]))
    const bindingsNew = new Map(b.bindings.map((x) => [bindingId(x), x]))
    for (const [id, x] of bindingsOld) if (!bindingsNew.has(id)) out.push({ kind: 'binding', vhost, name: bindingName(x), change: 'removed', fields: [] })
    for (const [id, x] of bindingsNew) if (!bindingsOld.has(id)) out.push({ kind: 'binding', vhost, name: bindingName(x), change: 'added', fields: [] })
    out.push(...diffMaps('policy', vhost, new Map(a.policies.map((p) => [p.name, p])), new Map(b.policies.map((p) => [p.name, p])), policyFields))
  }
  return out
}

function diffMaps<T>(kind: EntityChange['kind'], vhost: string, a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>, fields: (x: T) => Map<string, unknown>): EntityChange[] {
  const out: EntityChange[] = []
  const names = [...new Set([...a.keys(), ...b.keys()])].sort(byCodeUnit)
  for (const name of names) {
    const x = a.get(name)
    const y = b.get(name)
    if (x === undefined) out.push({ kind, vhost, name, change: 'added', fields: [] })
    else if (y === undefined) out.push({ kind, vhost, name, change: 'removed', fields: [] })
    else {
      const changed = compareFields(fields(x), fields(y))
      if (changed.length > 0) out.push({ kind, vhost, name, change: 'changed', fields: changed })
    }
  }
  return out
}

function compareFields(a: Map<string, unknown>, b: Map<string, unknown>): FieldChange[] {
  const out: FieldChange[] = []
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k)
    const y = b.get(k)
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ field: k, old: x ?? null, new: y ?? null })
  }
  return out
}

const argFields = (prefix: string, t: AmqpTable, into: Map<string, unknown>): void => {
  for (const k of [...t.keys()].sort(byCodeUnit)) into.set(`${prefix}${k}`, encodeTypedValue(t.get(k)!))
}

function exchangeFields(x: Exchange): Map<string, unknown> {
  const m = new Map<string, unknown>([['type', x.type], ['durable', x.durable], ['auto_delete', x.autoDelete], ['internal', x.internal]])
  argFields('arguments.', x.arguments, m)
  return m
}

function queueFields(q: Queue): Map<string, unknown> {
  const m = new Map<string, unknown>([['type', q.type], ['durable', q.durable], ['exclusive', q.exclusive], ['auto_delete', q.autoDelete]])
  argFields('arguments.', q.arguments, m)
  return m
}

function policyFields(p: Policy): Map<string, unknown> {
  const m = new Map<string, unknown>([['pattern', p.pattern], ['apply-to', p.applyTo], ['priority', p.priority]])
  for (const k of [...p.definition.keys()].sort(byCodeUnit)) m.set(`definition.${k}`, p.definition.get(k))
  return m
}

/** A binding's identity, as RabbitMQ's: source, destination and its type, key, arguments. */
export function bindingId(b: Binding): string {
  const args = [...b.arguments.keys()].sort(byCodeUnit).map((k) => [k, encodeTypedValue(b.arguments.get(k)!)])
  return JSON.stringify([b.source, b.destinationType, b.destination, b.routingKey, args])
}

export function bindingName(b: Binding): string {
  const args = b.arguments.size > 0 ? ` ${JSON.stringify(Object.fromEntries([...b.arguments].map(([k, v]) => [k, encodeTypedValue(v)])))}` : ''
  return `${b.source === '' ? '(default)' : b.source} → ${b.destinationType === 'exchange' ? 'exchange ' : ''}${b.destination} ${JSON.stringify(b.routingKey)}${args}`
}

/** Exchanges and queues of the new version (and kept from the old) whose effective policy changed. */
export function diffEffectivePolicies(oldT: Topology, newT: Topology): EffectivePolicyChange[] {
  const out: EffectivePolicyChange[] = []
  for (const vhost of vhostNames(oldT, newT)) {
    const a = oldT.vhosts.get(vhost)
    const b = newT.vhosts.get(vhost)
    if (a === undefined || b === undefined) continue
    const pa = new PolicyIndex(a.policies)
    const pb = new PolicyIndex(b.policies)
    for (const name of [...b.exchanges.keys()].sort(byCodeUnit)) {
      if (!a.exchanges.has(name)) continue
      const x = pa.effective('exchange', name).policy?.name
      const y = pb.effective('exchange', name).policy?.name
      if (x !== y) out.push({ vhost, kind: 'exchange', name, ...(x !== undefined ? { old: x } : {}), ...(y !== undefined ? { new: y } : {}) })
    }
    for (const name of [...b.queues.keys()].sort(byCodeUnit)) {
      const qa = a.queues.get(name)
      const qb = b.queues.get(name)!
      if (qa === undefined) continue
      const x = pa.effective('queue', name, qa.type).policy
      const y = pb.effective('queue', name, qb.type).policy
      // the same policy name with a changed definition is a change of what applies, too
      if (x?.name !== y?.name || (x && y && JSON.stringify([...x.definition]) !== JSON.stringify([...y.definition]))) {
        out.push({ vhost, kind: 'queue', name, ...(x ? { old: x.name } : {}), ...(y ? { new: y.name } : {}) })
      }
    }
  }
  return out
}

export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
