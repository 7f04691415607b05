import type { AmqpValue } from '../core/amqp-value.js'
import type { Binding, Topology, VhostTopology } from '../core/model.js'
import type { Publish, RouteResult } from '../core/route-types.js'
import { createRouter, type Router } from '../core/router.js'
import type { VersionRules } from '../core/versions.js'
import { byCodeUnit, vhostNames } from './entities.js'
import type { RoutingChange } from './types.js'

/** A publish to try on both versions, and where it came from. */
export interface Probe {
  readonly vhost: string
  readonly publish: Publish
  readonly source: string
}

/** Both routes of a changed probe, for the report's side-by-side trees. */
export interface RoutingComparison {
  readonly probes: number
  readonly changes: RoutingChange[]
  /** The first change's routes, old then new. */
  readonly first?: { readonly change: RoutingChange; readonly old: RouteResult; readonly new: RouteResult }
}

const EMPTY = (name: string): VhostTopology => ({ name, exchanges: new Map(), queues: new Map(), bindings: [], policies: [] })

/**
 * The publishes the bindings of either version imply: for each binding, a message its source exchange would
 * route through it (a direct key as is; a topic pattern with `*` as one word and `#` as zero and as one word; a
 * fanout any key; a headers binding its own header set); for each queue, its name on the default exchange.
 * Deduplicated per vhost.
 */
export function impliedProbes(oldT: Topology, newT: Topology, already: readonly Probe[] = []): Probe[] {
  const out: Probe[] = []
  const seen = new Set(already.map(probeId))
  for (const vhost of vhostNames(oldT, newT)) {
    const add = (publish: Publish, source: string): void => {
      const id = probeId({ vhost, publish, source })
      if (seen.has(id)) return
      seen.add(id)
      out.push({ vhost, publish, source })
    }
    for (const [label, t] of [['old', oldT], ['new', newT]] as const) {
      const v = t.vhosts.get(vhost)
      if (v === undefined) continue
      for (const b of v.bindings) {
        const type = v.exchanges.get(b.source)?.type ?? (b.source.startsWith('amq.') ? amqType(b.source) : 'direct')
        for (const p of probesOf(b, type)) add(p, `binding of the ${label} version: ${b.source} → ${b.destination}`)
      }
      for (const q of [...v.queues.keys()].sort(byCodeUnit)) add({ exchange: '', routingKey: q }, `queue ${q} of the ${label} version on the default exchange`)
    }
  }
  return out
}

function probeId(p: Probe): string {
  return JSON.stringify([p.vhost, p.publish.exchange, p.publish.routingKey, p.publish.headers ? [...p.publish.headers] : []])
}

function amqType(name: string): string {
  return name === 'amq.fanout' ? 'fanout' : name === 'amq.topic' || name === 'amq.rabbitmq.trace' ? 'topic' : name.startsWith('amq.match') || name === 'amq.headers' ? 'headers' : 'direct'
}

function probesOf(b: Binding, type: string): Publish[] {
  switch (type) {
    case 'fanout': return [{ exchange: b.source, routingKey: b.routingKey }]
    case 'topic': {
      const words = b.routingKey.split('.')
      // `#` as zero, one and two words: where `#` and `*` patterns part ways
      const keys = new Set([0, 1, 2].map((n) => words.flatMap((w) => (w === '#' ? Array(n).fill('any') : [w === '*' ? 'any' : w])).join('.')))
      return [...keys].map((routingKey) => ({ exchange: b.source, routingKey }))
    }
    case 'headers': {
      const headers = new Map<string, AmqpValue>()
      for (const [k, v] of b.arguments) if (!k.startsWith('x-')) headers.set(k, v)
      return [{ exchange: b.source, routingKey: b.routingKey, headers }]
    }
    default: return [{ exchange: b.source, routingKey: b.routingKey }]
  }
}

/** Routes every probe on both versions; a probe whose queues or channel error differ is a change. */
export function compareRouting(oldT: Topology, newT: Topology, probes: readonly Probe[], oldRules: VersionRules, newRules: VersionRules): RoutingComparison {
  const routers = new Map<string, [Router, Router]>()
  const routersFor = (vhost: string): [Router, Router] => {
    let r = routers.get(vhost)
    if (r === undefined) {
      r = [createRouter(oldT.vhosts.get(vhost) ?? EMPTY(vhost), oldRules), createRouter(newT.vhosts.get(vhost) ?? EMPTY(vhost), newRules)]
      routers.set(vhost, r)
    }
    return r
  }
  const changes: RoutingChange[] = []
  let first: RoutingComparison['first']
  for (const p of probes) {
    const [ro, rn] = routersFor(p.vhost)
    const a = ro.route(p.publish)
    const b = rn.route(p.publish)
    const oldSet = new Set(a.queues)
    const newSet = new Set(b.queues)
    const added = b.queues.filter((q) => !oldSet.has(q))
    const lost = a.queues.filter((q) => !newSet.has(q))
    const oldError = a.error?.message
    const newError = b.error?.message
    if (added.length === 0 && lost.length === 0 && oldError === newError) continue
    const change: RoutingChange = { vhost: p.vhost, probe: p.publish, source: p.source, added, lost, ...(oldError ? { oldError } : {}), ...(newError ? { newError } : {}) }
    changes.push(change)
    first ??= { change, old: ro.route(p.publish, { explain: false }), new: rn.route(p.publish, { explain: false }) }
  }
  return { probes: probes.length, changes, ...(first ? { first } : {}) }
}
