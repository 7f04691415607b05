import type { AmqpValue } from '../../src/core/amqp-value.js'
import type { Exchange, VhostTopology } from '../../src/core/model.js'
import type { Publish, RouteResult } from '../../src/core/route-types.js'
import type { VersionRules } from '../../src/core/versions.js'
import { observeCase } from './broker-client.js'
import type { BrokerEndpoints } from './broker-client.js'
import { differences } from './compare.js'
import type { Probe } from './generate-topology.js'

export interface Minimised {
  readonly vhost: VhostTopology
  readonly probe: Probe
  readonly diffs: readonly string[]
  /** How many times the reduced case was run on the broker. */
  readonly steps: number
}

type Candidate = { vhost: VhostTopology; probe: Probe }

const MAX_STEPS = 120

/**
 * Greedy delta debugging of one mismatch: removes exchanges, queues, bindings, policies, alternate-exchange
 * arguments and message headers one at a time, keeping a removal when the broker and the core still disagree
 * in the same way (same kind of difference). Each try runs on the broker in a fresh vhost.
 */
export async function minimiseMismatch(
  ep: BrokerEndpoints,
  makeRoute: (vhost: VhostTopology, rules: VersionRules) => (publish: Publish) => RouteResult,
  rules: VersionRules,
  vhost: VhostTopology,
  probe: Probe,
): Promise<Minimised> {
  let steps = 0
  const name = `${vhost.name}-min`
  const check = async (c: Candidate): Promise<string[]> => {
    steps++
    const v: VhostTopology = { ...c.vhost, name }
    const seen = await observeCase(ep, v, [c.probe])
    let core: RouteResult
    try {
      core = makeRoute(v, rules)(c.probe.publish)
    } catch (e) {
      return [`core threw: ${(e as Error).message}`]
    }
    const obs = seen.get(c.probe.id)
    return obs ? differences(core, obs) : []
  }
  let best: Candidate = { vhost, probe }
  let bestDiffs = await check(best)
  if (bestDiffs.length === 0) throw new Error('the mismatch did not reproduce on its own (order or timing dependent?)')
  const kind = (d: readonly string[]): string => d[0]?.split(':')[0] ?? ''
  const wanted = kind(bestDiffs)

  for (const reduce of reductions) {
    for (let i = 0; ; i++) {
      if (steps >= MAX_STEPS) return { ...best, diffs: bestDiffs, steps }
      const next = reduce(best, i)
      if (next === undefined) break
      if (next === null) continue
      const diffs = await check(next)
      if (diffs.length > 0 && kind(diffs) === wanted) {
        best = next
        bestDiffs = diffs
        i-- // the i-th item is gone: the next one now has index i
      }
    }
  }
  return { ...best, diffs: bestDiffs, steps }
}

/** Each reduction returns the i-th smaller candidate, null to skip index i, undefined when i is past the end. */
type Reduction = (c: Candidate, i: number) => Candidate | null | undefined

const withVhost = (c: Candidate, patch: Partial<VhostTopology>): Candidate => ({ ...c, vhost: { ...c.vhost, ...patch } })

const reductions: readonly Reduction[] = [
  // Drop a whole exchange (not the publish target) and every binding from or to it.
  (c, i) => {
    const names = [...c.vhost.exchanges.keys()]
    const x = names[i]
    if (x === undefined) return undefined
    if (x === c.probe.publish.exchange) return null
    const exchanges = new Map(c.vhost.exchanges)
    exchanges.delete(x)
    const bindings = c.vhost.bindings.filter((b) => b.source !== x && !(b.destinationType === 'exchange' && b.destination === x))
    return withVhost(c, { exchanges, bindings })
  },
  // Drop a queue and the bindings to it.
  (c, i) => {
    const names = [...c.vhost.queues.keys()]
    const q = names[i]
    if (q === undefined) return undefined
    const queues = new Map(c.vhost.queues)
    queues.delete(q)
    return withVhost(c, { queues, bindings: c.vhost.bindings.filter((b) => !(b.destinationType === 'queue' && b.destination === q)) })
  },
  (c, i) => (i < c.vhost.bindings.length ? withVhost(c, { bindings: c.vhost.bindings.filter((_, j) => j !== i) }) : undefined),
  (c, i) => (i < c.vhost.policies.length ? withVhost(c, { policies: c.vhost.policies.filter((_, j) => j !== i) }) : undefined),
  // Drop an exchange's arguments (its alternate exchange).
  (c, i) => {
    const entries = [...c.vhost.exchanges.values()]
    const x = entries[i]
    if (x === undefined) return undefined
    if (x.arguments.size === 0) return null
    const exchanges = new Map(c.vhost.exchanges)
    exchanges.set(x.name, { ...x, arguments: new Map() } satisfies Exchange)
    return withVhost(c, { exchanges })
  },
  // Make an exchange non-internal (unless it is the publish target, where internal is the point).
  (c, i) => {
    const x = [...c.vhost.exchanges.values()][i]
    if (x === undefined) return undefined
    if (!x.internal || x.name === c.probe.publish.exchange) return null
    const exchanges = new Map(c.vhost.exchanges)
    exchanges.set(x.name, { ...x, internal: false })
    return withVhost(c, { exchanges })
  },
  // Drop a message header.
  (c, i) => {
    const headers = [...(c.probe.publish.headers ?? new Map<string, AmqpValue>())]
    if (i >= headers.length) return undefined
    const publish: Publish = { ...c.probe.publish, headers: new Map(headers.filter((_, j) => j !== i)) }
    return { ...c, probe: { ...c.probe, publish } }
  },
]
