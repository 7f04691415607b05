import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { VhostTopology } from '../../src/core/model.js'
import type { Publish, RouteResult } from '../../src/core/route-types.js'
import type { Observation } from './broker-client.js'
import { PREDECLARED_TYPES } from './generate-topology.js'

/** The differences between the core's answer and the broker's, as readable lines (empty = agreement). */
export function differences(core: RouteResult, seen: Observation): string[] {
  const out: string[] = []
  if (core.error || seen.error) {
    if (core.error?.code !== seen.error?.code) {
      out.push(`publish error: core ${core.error ? `${core.error.code} ${core.error.name}` : 'none'}, broker ${seen.error ? seen.error.text : 'none'}`)
    }
    return out
  }
  if (!sameList(core.queues, seen.queues)) out.push(`queues: core [${core.queues.map(q).join(', ')}], broker [${seen.queues.map(q).join(', ')}]`)
  if (core.returned !== seen.returned) out.push(`returned (mandatory): core ${core.returned}, broker ${seen.returned}`)
  if (seen.duplicates.length > 0) out.push(`broker delivered more than one copy to [${seen.duplicates.map(q).join(', ')}]`)
  if (seen.nacked) out.push('broker nacked the publish')
  if (core.unsupported.length > 0) out.push(`core reports unsupported exchange types at [${core.unsupported.map(q).join(', ')}]`)
  return out
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** A name as JSON, so empty strings, spaces and unicode stay visible. */
const q = (s: string): string => JSON.stringify(s)

export function formatValue(v: AmqpValue): string {
  switch (v.type) {
    case 'longstr': return JSON.stringify(v.value)
    case 'void': return 'void'
    case 'array': return `[${v.value.map(formatValue).join(', ')}]`
    case 'table': return formatTable(v.value)
    default: return `${v.type}:${String(v.value)}`
  }
}

export function formatTable(t: AmqpTable): string {
  return `{${[...t].map(([k, v]) => `${JSON.stringify(k)}: ${formatValue(v)}`).join(', ')}}`
}

export function formatPublish(p: Publish): string {
  const headers = p.headers && p.headers.size > 0 ? ` headers=${formatTable(p.headers)}` : ''
  return `publish exchange=${q(p.exchange)} routing_key=${q(p.routingKey)}${headers} mandatory=${p.mandatory === true}`
}

/**
 * The part of the topology a publish to `exchange` can touch: the exchanges reachable through E2E bindings
 * and alternate exchanges (argument or any policy), their bindings, and the vhost's policies.
 * Without `exchange`: the whole vhost.
 */
export function topologyFragment(vhost: VhostTopology, exchange?: string): string[] {
  const start = exchange === undefined ? [...vhost.exchanges.keys(), ...vhost.bindings.map((b) => b.source)] : [exchange]
  const reach = new Set<string>(start)
  const work = [...reach]
  const policyAes = vhost.policies.map((p) => p.definition.get('alternate-exchange')).filter((x): x is string => typeof x === 'string')
  while (work.length > 0) {
    const x = work.pop() as string
    const next = vhost.bindings.filter((b) => b.source === x && b.destinationType === 'exchange').map((b) => b.destination)
    const ae = vhost.exchanges.get(x)?.arguments.get('alternate-exchange')
    if (ae?.type === 'longstr') next.push(ae.value)
    next.push(...policyAes)
    for (const n of next) if (!reach.has(n)) { reach.add(n); work.push(n) }
  }
  const lines: string[] = [`vhost ${q(vhost.name)}:`]
  for (const name of reach) {
    const x = vhost.exchanges.get(name)
    const desc = x
      ? `${x.type}${x.internal ? ' internal' : ''}${x.arguments.size > 0 ? ` args=${formatTable(x.arguments)}` : ''}`
      : PREDECLARED_TYPES.has(name) ? `${PREDECLARED_TYPES.get(name)} (predeclared)` : name === '' ? 'default exchange' : 'NOT DECLARED'
    lines.push(`  exchange ${q(name)}: ${desc}`)
    for (const b of vhost.bindings.filter((b) => b.source === name)) {
      const args = b.arguments.size > 0 ? ` args=${formatTable(b.arguments)}` : ''
      lines.push(`    -> ${b.destinationType} ${q(b.destination)} key=${q(b.routingKey)}${args}`)
    }
  }
  for (const p of vhost.policies) {
    lines.push(`  policy ${q(p.name)}: pattern=${q(p.pattern)} apply-to=${p.applyTo} priority=${p.priority} definition=${JSON.stringify(Object.fromEntries(p.definition))}`)
  }
  lines.push(`  queues: ${[...vhost.queues.keys()].map(q).join(', ')}`)
  return lines
}
