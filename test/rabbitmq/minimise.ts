import type { Exchange, VhostTopology } from '../../src/core/model.js'
import type { Publish, RouteResult } from '../../src/core/route-types.js'
import type { VersionRules } from '../../src/core/versions.js'
import { observeCase } from './broker-client.js'
import type { BrokerEndpoints, Observation } from './broker-client.js'
import { differences } from './compare.js'
import type { Probe } from './generate-topology.js'

export interface Minimised {
  readonly vhost: VhostTopology
  readonly probe: Probe
  readonly diffs: readonly string[]
  /** How many times a reduced case was run on the broker. */
  readonly steps: number
}

type Candidate = { readonly vhost: VhostTopology; readonly probe: Probe }

/** One kind of thing that can be removed: the items present in a candidate, and the candidate without some. */
interface Dimension<T> {
  items(c: Candidate): readonly T[]
  without(c: Candidate, drop: ReadonlySet<T>): Candidate
}

const MAX_STEPS = 80

/**
 * Delta debugging of one mismatch (ddmin-style chunks, then single items): removes queues, exchanges,
 * bindings, policies, exchange arguments, internal flags and message headers while the broker and the core
 * still disagree in the same way (same kind of difference). Each try runs on the broker in a fresh vhost.
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
  const run = async (c: Candidate): Promise<{ diffs: string[]; core?: RouteResult; seen?: Observation }> => {
    steps++
    const v: VhostTopology = { ...c.vhost, name }
    const seen = (await observeCase(ep, v, [c.probe])).get(c.probe.id)
    let core: RouteResult
    try {
      core = makeRoute(v, rules)(c.probe.publish)
    } catch (e) {
      return { diffs: [`core threw: ${(e as Error).message}`] }
    }
    return { diffs: seen ? differences(core, seen) : [], core, ...(seen ? { seen } : {}) }
  }
  const kind = (d: readonly string[]): string => d[0]?.split(':')[0] ?? ''

  let best: Candidate = { vhost, probe }
  const first = await run(best)
  let bestDiffs = first.diffs
  if (bestDiffs.length === 0) throw new Error('the mismatch did not reproduce on its own (order or timing dependent?)')
  const wanted = kind(bestDiffs)
  const tryCandidate = async (next: Candidate): Promise<boolean> => {
    if (steps >= MAX_STEPS) return false
    const { diffs } = await run(next)
    if (diffs.length === 0 || kind(diffs) !== wanted) return false
    best = next
    bestDiffs = diffs
    return true
  }

  // First, one bold step: keep only the queues the two sides disagree about.
  if (first.core && first.seen && !first.core.error && !first.seen.error) {
    const disputed = new Set([...first.core.queues, ...first.seen.queues].filter((q) => first.core?.queues.includes(q) !== first.seen?.queues.includes(q)))
    if (disputed.size > 0) {
      const drop = new Set([...best.vhost.queues.keys()].filter((q) => !disputed.has(q)))
      if (drop.size > 0) await tryCandidate(queuesDim.without(best, drop))
    }
  }

  for (const dim of dimensions) {
    let chunk = Math.ceil(dim.items(best).length / 2)
    while (chunk >= 1 && steps < MAX_STEPS) {
      const items = dim.items(best)
      let removedAny = false
      for (let start = 0; start < items.length && steps < MAX_STEPS; start += chunk) {
        const drop = new Set(items.slice(start, start + chunk))
        if (await tryCandidate(dim.without(best, drop))) { removedAny = true; break }
      }
      if (!removedAny) chunk = chunk === 1 ? 0 : Math.ceil(chunk / 2)
      else chunk = Math.min(chunk, Math.ceil(dim.items(best).length / 2))
    }
  }
  return { ...best, diffs: bestDiffs, steps }
}

const withVhost = (c: Candidate, patch: Partial<VhostTopology>): Candidate => ({ ...c, vhost: { ...c.vhost, ...patch } })

const queuesDim: Dimension<string> = {
  items: (c) => [...c.vhost.queues.keys()],
  without: (c, drop) => withVhost(c, {
    queues: new Map([...c.vhost.queues].filter(([n]) => !drop.has(n))),
    bindings: c.vhost.bindings.filter((b) => !(b.destinationType === 'queue' && drop.has(b.destination))),
  }),
}

const dimensions: readonly Dimension<unknown>[] = [
  // Exchanges other than the publish target, with every binding from or to them.
  {
    items: (c) => [...c.vhost.exchanges.keys()].filter((x) => x !== c.probe.publish.exchange),
    without: (c, drop) => withVhost(c, {
      exchanges: new Map([...c.vhost.exchanges].filter(([n]) => !drop.has(n))),
      bindings: c.vhost.bindings.filter((b) => !drop.has(b.source) && !(b.destinationType === 'exchange' && drop.has(b.destination))),
    }),
  } satisfies Dimension<string>,
  queuesDim,
  {
    items: (c) => c.vhost.bindings.map((_, i) => i),
    without: (c, drop) => withVhost(c, { bindings: c.vhost.bindings.filter((_, i) => !drop.has(i)) }),
  } satisfies Dimension<number>,
  {
    items: (c) => c.vhost.policies.map((_, i) => i),
    without: (c, drop) => withVhost(c, { policies: c.vhost.policies.filter((_, i) => !drop.has(i)) }),
  } satisfies Dimension<number>,
  // Exchange arguments (the alternate exchange).
  {
    items: (c) => [...c.vhost.exchanges.values()].filter((x) => x.arguments.size > 0).map((x) => x.name),
    without: (c, drop) => withVhost(c, {
      exchanges: new Map([...c.vhost.exchanges].map(([n, x]): [string, Exchange] => [n, drop.has(n) ? { ...x, arguments: new Map() } : x])),
    }),
  } satisfies Dimension<string>,
  // Internal flags (not on the publish target, where internal is the point).
  {
    items: (c) => [...c.vhost.exchanges.values()].filter((x) => x.internal && x.name !== c.probe.publish.exchange).map((x) => x.name),
    without: (c, drop) => withVhost(c, {
      exchanges: new Map([...c.vhost.exchanges].map(([n, x]): [string, Exchange] => [n, drop.has(n) ? { ...x, internal: false } : x])),
    }),
  } satisfies Dimension<string>,
  // Message headers.
  {
    items: (c) => [...(c.probe.publish.headers?.keys() ?? [])],
    without: (c, drop) => ({
      ...c,
      probe: { ...c.probe, publish: { ...c.probe.publish, headers: new Map([...(c.probe.publish.headers ?? [])].filter(([k]) => !drop.has(k))) } },
    }),
  } satisfies Dimension<string>,
] as readonly Dimension<unknown>[]
