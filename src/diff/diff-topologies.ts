import type { Topology } from '../core/model.js'
import type { VersionRules } from '../core/versions.js'
import { diffEffectivePolicies, diffEntities } from './entities.js'
import { refusedRedeclares } from './redeclare.js'
import { compareRouting, impliedProbes, type Probe, type RoutingComparison } from './routing.js'
import type { TopologyDiff } from './types.js'

export interface DiffResult {
  readonly diff: TopologyDiff
  /** The first routing change with both routes (for the report's trees). */
  readonly first?: RoutingComparison['first']
}

/**
 * What changes from `oldT` to `newT`: entities, effective policies, redeclares a running broker refuses, and the
 * routing impact over the probes the bindings of either version imply plus the user's own.
 */
export function diffTopologies(oldT: Topology, newT: Topology, oldRules: VersionRules, newRules: VersionRules, userProbes: readonly Probe[] = []): DiffResult {
  const probes = [...userProbes, ...impliedProbes(oldT, newT, userProbes)]
  const routing = compareRouting(oldT, newT, probes, oldRules, newRules)
  return {
    diff: {
      entities: diffEntities(oldT, newT),
      effectivePolicies: diffEffectivePolicies(oldT, newT),
      refused: refusedRedeclares(oldT, newT, newRules),
      routing: { probes: routing.probes, changes: routing.changes },
    },
    ...(routing.first ? { first: routing.first } : {}),
  }
}

/** Nothing differs at all. */
export function isUnchanged(d: TopologyDiff): boolean {
  return d.entities.length === 0 && d.effectivePolicies.length === 0 && d.refused.length === 0 && d.routing.changes.length === 0
}
