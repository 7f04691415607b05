import type { DocPath } from '../core/model.js'
import type { Router } from '../core/router.js'
import { didYouMean } from '../topology/did-you-mean.js'
import type { Spec } from './types.js'

/** A name in a spec that the topology does not have. */
export interface SpecRefProblem {
  readonly rule: 'spec/unknown-exchange' | 'spec/unknown-queue'
  readonly message: string
  readonly path: DocPath
}

/**
 * Names the cases use that the topology lacks: an exchange published to (unless the case expects error 404),
 * a queue in an expectation or a step. A typo there would make a case pass or fail for the wrong reason, so
 * it is a bad spec (exit 2), not a failed case.
 */
export function checkSpecRefs(spec: Spec, router: Router, queueNames: readonly string[]): SpecRefProblem[] {
  const out: SpecRefProblem[] = []
  const exchanges = router.exchanges().map((x) => x.name)
  const exchange = (name: string, path: DocPath): void => {
    if (router.exchange(name) !== undefined) return
    const guess = didYouMean(name, exchanges)
    out.push({ rule: 'spec/unknown-exchange', message: `no exchange '${name}' in vhost '${router.vhost}'${guess !== undefined ? ` (did you mean '${guess}'?)` : ''}; expect error: 404 to test a missing exchange`, path })
  }
  const queue = (name: string, path: DocPath): void => {
    if (router.queueExists(name)) return
    const guess = didYouMean(name, queueNames)
    out.push({ rule: 'spec/unknown-queue', message: `no queue '${name}' in vhost '${router.vhost}'${guess !== undefined ? ` (did you mean '${guess}'?)` : ''}`, path })
  }
  for (const c of spec.cases) {
    const base: DocPath = ['cases', c.index]
    if (c.expect.kind !== 'error' || c.expect.code !== 404) exchange(c.publish.publish.exchange, [...base, 'publish', 'exchange'])
    const e = c.expect
    if (e.kind === 'exactly' || e.kind === 'at_least' || e.kind === 'none_of') {
      e.queues.forEach((q, i) => queue(q, [...base, 'expect', e.kind, i]))
    } else if (e.kind === 'in_queue') {
      queue(e.queue, [...base, 'expect', 'in_queue', 'queue'])
    }
    for (const s of c.steps ?? []) {
      if (s.kind === 'reject' || s.kind === 'nack') queue(s.queue, s.path)
      else if (s.kind === 'publish') exchange(s.publish.publish.exchange, [...s.publish.path, 'exchange'])
    }
  }
  return out
}
