import type { Topology } from '../core/model.js'
import type { Router } from '../core/router.js'
import type { VersionRules } from '../core/versions.js'
import { compileBrokerRouters, type BrokerRouters } from '../broker/broker.js'
import { runDeliveryCase, runRoutingCase, type CaseOutcome } from './run-case.js'
import type { Spec, SpecCase } from './types.js'

export interface CaseResult {
  readonly case: SpecCase
  readonly outcome: CaseOutcome
  /** Wall time of the case in ms. */
  readonly timeMs: number
}

/** One spec's run: what the reports print. */
export interface SpecRun {
  readonly spec: Spec
  /** The spec as the user should see its path. */
  readonly display: string
  readonly rabbitmq: string
  readonly vhost: string
  readonly results: readonly CaseResult[]
  readonly timeMs: number
}

/** Runs every case of a spec: routing cases on the one compiled router, delivery cases each on a fresh broker. */
export function runSpec(spec: Spec, display: string, topology: Topology, router: Router, rules: VersionRules): SpecRun {
  const start = performance.now()
  const results: CaseResult[] = []
  // every delivery case starts a fresh broker from the same topology: compile its routers once
  let routers: BrokerRouters | undefined
  const vhost = topology.vhosts.get(router.vhost)
  for (const c of spec.cases) {
    const t0 = performance.now()
    if (c.steps !== undefined && routers === undefined && vhost !== undefined) routers = compileBrokerRouters(vhost, rules)
    const outcome = c.steps === undefined ? runRoutingCase(c, router) : runDeliveryCase(c, topology, router.vhost, rules, routers)
    results.push({ case: c, outcome, timeMs: performance.now() - t0 })
  }
  return { spec, display, rabbitmq: rules.label, vhost: router.vhost, results, timeMs: performance.now() - start }
}

/** Counts over runs. */
export function totals(runs: readonly SpecRun[]): { cases: number; passed: number; failed: number; timeMs: number } {
  let cases = 0
  let passed = 0
  let timeMs = 0
  for (const r of runs) {
    cases += r.results.length
    passed += r.results.filter((x) => x.outcome.passed).length
    timeMs += r.timeMs
  }
  return { cases, passed, failed: cases - passed, timeMs }
}
