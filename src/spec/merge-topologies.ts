import type { Topology, VhostTopology } from '../core/model.js'

/** The same entity declared in two topology files of one spec. */
export interface MergeConflict {
  readonly kind: 'exchange' | 'queue' | 'policy'
  readonly vhost: string
  readonly name: string
  /** Index of the file that declares it again. */
  readonly file: number
}

/**
 * Several topology files of one spec as one topology: vhosts united, entities and bindings appended in file
 * order. An exchange, queue or policy declared in two files is a conflict (RabbitMQ would keep whichever was
 * declared first; a spec should not depend on that). The version is the first file's that names one.
 */
export function mergeTopologies(parts: readonly Topology[]): { topology: Topology; conflicts: MergeConflict[] } {
  if (parts.length === 1) return { topology: parts[0]!, conflicts: [] }
  const conflicts: MergeConflict[] = []
  const vhosts = new Map<string, { exchanges: Map<string, VhostTopology['exchanges'] extends ReadonlyMap<string, infer E> ? E : never>; queues: Map<string, VhostTopology['queues'] extends ReadonlyMap<string, infer Q> ? Q : never>; bindings: VhostTopology['bindings'][number][]; policies: VhostTopology['policies'][number][] }>()
  parts.forEach((t, file) => {
    for (const v of t.vhosts.values()) {
      let m = vhosts.get(v.name)
      if (m === undefined) { m = { exchanges: new Map(), queues: new Map(), bindings: [], policies: [] }; vhosts.set(v.name, m) }
      for (const x of v.exchanges.values()) {
        if (m.exchanges.has(x.name)) conflicts.push({ kind: 'exchange', vhost: v.name, name: x.name, file })
        else m.exchanges.set(x.name, x)
      }
      for (const q of v.queues.values()) {
        if (m.queues.has(q.name)) conflicts.push({ kind: 'queue', vhost: v.name, name: q.name, file })
        else m.queues.set(q.name, q)
      }
      for (const p of v.policies) {
        if (m.policies.some((o) => o.name === p.name)) conflicts.push({ kind: 'policy', vhost: v.name, name: p.name, file })
        else m.policies.push(p)
      }
      m.bindings.push(...v.bindings)
    }
  })
  const version = parts.find((t) => t.rabbitmqVersion !== undefined)?.rabbitmqVersion
  const topology: Topology = {
    ...(version !== undefined ? { rabbitmqVersion: version } : {}),
    vhosts: new Map([...vhosts].map(([name, m]) => [name, { name, exchanges: m.exchanges, queues: m.queues, bindings: m.bindings, policies: m.policies }])),
  }
  return { topology, conflicts }
}
