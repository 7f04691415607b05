import type { Binding, Topology, VhostTopology } from '../core/model.js'
import { effectiveQueueArgs } from '../core/policies.js'
import { isPredeclaredExchange, predeclaredExchanges } from '../core/predeclared.js'
import { createRouter } from '../core/router.js'
import type { VersionRules } from '../core/versions.js'
import { bindingLabel, bindingIdentity } from './binding-label.js'

/**
 * The picture of a topology as plain data: nodes and edges per vhost, before any drawing. Node ids are generated
 * (`v0_x3`, `v0_q7`), never taken from names, so a name such as `end`, `#` or `"` cannot break a renderer's syntax;
 * names reach renderers only as labels, which each renderer escapes its own way.
 */
export interface GraphNode {
  readonly id: string
  readonly kind: 'exchange' | 'queue'
  readonly name: string
  /** The exchange type (direct, fanout, topic, headers, a plugin type) or the queue type (classic, quorum, stream). */
  readonly type: string
  /** `""` and the amq.* exchanges: drawn only when something refers to them. */
  readonly predeclared?: boolean
  readonly internal?: boolean
  /** Named by a binding, an alternate exchange or a dead-letter exchange, but not declared. */
  readonly missing?: boolean
}

export type EdgeKind = 'binding' | 'alternate-exchange' | 'dead-letter'

export interface GraphEdge {
  readonly id: string
  readonly kind: EdgeKind
  readonly from: string
  readonly to: string
  /** Binding key or header condition; for AE and dead-letter edges what they are and where they come from. */
  readonly label: string
  /** Binding edges: the binding's identity (source, destination, key, arguments), to find it in a route. */
  readonly bindingId?: string
  /** AE / dead-letter edges: set by an argument or by a policy. */
  readonly source?: 'argument' | 'policy'
  readonly policy?: string
}

export interface VhostGraph {
  readonly id: string
  readonly vhost: string
  readonly nodes: readonly GraphNode[]
  readonly edges: readonly GraphEdge[]
}

export interface TopologyGraph {
  readonly vhosts: readonly VhostGraph[]
}

/**
 * Builds the graph of each vhost of a topology (all of them, or those named). Declared exchanges and queues are
 * always drawn; predeclared exchanges only when a binding, an alternate exchange or a dead-letter exchange names
 * them. Identical bindings are drawn once, as a broker stores them once; bindings from the default exchange are
 * left out (they cannot exist on a broker).
 */
export function buildGraph(topology: Topology, rules: VersionRules, vhosts?: readonly string[]): TopologyGraph {
  const names = vhosts ?? [...topology.vhosts.keys()]
  return {
    vhosts: names.map((name, i) => vhostGraph(
      topology.vhosts.get(name) ?? { name, exchanges: new Map(), queues: new Map(), bindings: [], policies: [] }, rules, `v${i}`)),
  }
}

/** One vhost's nodes and edges; `prefix` makes the ids unique across vhosts. */
export function vhostGraph(vh: VhostTopology, rules: VersionRules, prefix: string): VhostGraph {
  const router = createRouter(vh, rules)
  const exchangeIds = new Map<string, string>()
  const queueIds = new Map<string, string>()
  const nodes: GraphNode[] = []
  const edges: GraphEdge[] = []
  const predeclared = new Map(predeclaredExchanges(vh.name).map((x) => [x.name, x]))
  const missing = new Set<string>()

  const addExchange = (name: string): string => {
    const known = exchangeIds.get(name)
    if (known !== undefined) return known
    const id = `${prefix}_x${exchangeIds.size}`
    exchangeIds.set(name, id)
    const x = vh.exchanges.get(name) ?? predeclared.get(name)
    if (x === undefined) {
      nodes.push({ id, kind: 'exchange', name, type: 'unknown', missing: true })
      missing.add(id)
    } else {
      nodes.push({
        id, kind: 'exchange', name, type: x.type,
        ...(x.predeclared === true && !vh.exchanges.has(name) ? { predeclared: true } : {}),
        ...(x.internal ? { internal: true } : {}),
      })
    }
    return id
  }
  const addQueue = (name: string): string => {
    const known = queueIds.get(name)
    if (known !== undefined) return known
    const id = `${prefix}_q${queueIds.size}`
    queueIds.set(name, id)
    const q = vh.queues.get(name)
    nodes.push(q === undefined ? { id, kind: 'queue', name, type: 'unknown', missing: true } : { id, kind: 'queue', name, type: q.type })
    return id
  }

  for (const x of vh.exchanges.values()) addExchange(x.name)
  for (const q of vh.queues.values()) addQueue(q.name)

  const seen = new Set<string>()
  const bindings: Binding[] = []
  for (const b of vh.bindings) {
    if (b.source === '') continue
    const identity = bindingIdentity(b)
    if (seen.has(identity)) continue
    seen.add(identity)
    bindings.push(b)
  }
  for (const b of bindings) {
    const from = addExchange(b.source)
    const to = b.destinationType === 'exchange' ? addExchange(b.destination) : addQueue(b.destination)
    const sourceType = vh.exchanges.get(b.source)?.type ?? predeclared.get(b.source)?.type ?? 'unknown'
    edges.push({ id: `${prefix}_e${edges.length}`, kind: 'binding', from, to, label: bindingLabel(b, sourceType), bindingId: bindingIdentity(b) })
  }

  // Alternate exchanges: the argument, else the effective policy (router.alternateExchange). Only for exchanges
  // already drawn, so a catch-all policy does not pull every amq.* exchange into the picture.
  for (const [name, id] of [...exchangeIds]) {
    if (missing.has(id)) continue
    const ae = router.alternateExchange(name)
    if (ae === undefined) continue
    edges.push({
      id: `${prefix}_e${edges.length}`, kind: 'alternate-exchange', from: id, to: addExchange(ae.name),
      label: ae.policy !== undefined ? `alternate-exchange (policy ${ae.policy})` : 'alternate-exchange',
      source: ae.source, ...(ae.policy !== undefined ? { policy: ae.policy } : {}),
    })
  }

  // Dead-letter exchanges: argument first, then the policy (core/policies.ts effectiveQueueArgs).
  for (const q of vh.queues.values()) {
    const policy = router.effectivePolicy('queue', q.name, q.type).policy
    const eff = effectiveQueueArgs(q.type, q.arguments, policy)
    const dlx = eff.deadLetterExchange
    if (dlx === undefined) continue
    const key = eff.deadLetterRoutingKey?.value
    const parts = ['dead-letter']
    if (key !== undefined) parts.push(`key ${key === '' ? '""' : key}`)
    if (dlx.source === 'policy' && policy !== undefined) parts.push(`policy ${policy.name}`)
    edges.push({
      id: `${prefix}_e${edges.length}`, kind: 'dead-letter', from: queueIds.get(q.name)!, to: addExchange(dlx.value),
      label: parts.length === 1 ? parts[0]! : `${parts[0]} (${parts.slice(1).join(', ')})`,
      source: dlx.source === 'policy' ? 'policy' : 'argument',
      ...(dlx.source === 'policy' && policy !== undefined ? { policy: policy.name } : {}),
    })
  }

  return { id: prefix, vhost: vh.name, nodes, edges }
}

/** The name a renderer shows for a node: the default exchange has none of its own. */
export function nodeTitle(n: GraphNode): string {
  return n.kind === 'exchange' && n.name === '' ? '(default exchange)' : n.name
}

/** The second line a renderer shows under a node's name: its type, and whether it is missing or internal. */
export function nodeSubtitle(n: GraphNode): string {
  if (n.missing === true) return n.kind === 'exchange' ? 'exchange: not declared' : 'queue: not declared'
  const parts = [n.kind === 'exchange' ? n.type : `${n.type} queue`]
  if (n.internal === true) parts.push('internal')
  if (n.predeclared === true && isPredeclaredExchange(n.name)) parts.push('predeclared')
  return parts.join(', ')
}
