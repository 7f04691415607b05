import type { RouteResult } from '../core/route-types.js'
import { bindingIdentity } from './binding-label.js'
import type { VhostGraph } from './model.js'

/** The part of a vhost's graph a message travelled: ids of the edges and nodes on its route. */
export interface RouteHighlight {
  readonly edges: ReadonlySet<string>
  readonly nodes: ReadonlySet<string>
}

/**
 * Maps the routing core's hop records (core/router.ts) onto the graph: every exchange visited, every binding that
 * carried the message on (to an exchange the walk then visited, or to a queue that got a copy), every alternate
 * exchange used, and every queue reached. A publish that fails (404/403/406) highlights nothing.
 */
export function highlightRoute(graph: VhostGraph, result: RouteResult): RouteHighlight {
  const edges = new Set<string>()
  const nodes = new Set<string>()
  if (result.error !== undefined) return { edges, nodes }
  const exchangeId = new Map<string, string>()
  const queueId = new Map<string, string>()
  for (const n of graph.nodes) (n.kind === 'exchange' ? exchangeId : queueId).set(n.name, n.id)
  const bindingEdge = new Map<string, string>()
  const aeEdge = new Map<string, string>()
  for (const e of graph.edges) {
    if (e.bindingId !== undefined) bindingEdge.set(e.bindingId, e.id)
    else if (e.kind === 'alternate-exchange') aeEdge.set(e.from, e.id)
  }
  const reached = new Set(result.queues)
  const mark = (id: string | undefined, into: Set<string>): void => { if (id !== undefined) into.add(id) }
  for (const hop of result.hops) {
    mark(exchangeId.get(hop.exchange), nodes)
    const cause = hop.cause
    if (cause.kind === 'binding') mark(bindingEdge.get(bindingIdentity(cause.binding)), edges)
    else if (cause.kind === 'alternate-exchange') {
      const from = exchangeId.get(cause.from)
      if (from !== undefined) mark(aeEdge.get(from), edges)
    }
    for (const m of hop.matches) {
      if (m.binding.destinationType === 'queue' && reached.has(m.binding.destination)) mark(bindingEdge.get(bindingIdentity(m.binding)), edges)
    }
  }
  for (const q of result.queues) mark(queueId.get(q), nodes)
  return { edges, nodes }
}
