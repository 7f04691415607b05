import type { DocPath } from '../core/model.js'
import type { VersionRules } from '../core/versions.js'
import type { Diagnostic, LinePos } from '../topology/diagnostic.js'
import { ruleInfo } from './catalogue.js'
import { createVhostContext, type VhostContext } from './context.js'
import { checkBindingKinds } from './rules/bindings.js'
import { checkDuplicateBindings, checkDuplicateDeclarations } from './rules/duplicates.js'
import { checkExchangeArguments } from './rules/exchange-args.js'
import { checkRoutingGraph } from './rules/graph.js'
import { checkHeadersBindings } from './rules/headers.js'
import { checkNameLengths, checkReservedNames } from './rules/names.js'
import { checkPolicies } from './rules/policies.js'
import { checkQueueArguments } from './rules/queue-args.js'
import { checkQuorumDeliveryLimit } from './rules/quorum-defaults.js'
import { checkReferences } from './rules/refs.js'
import { checkTopicBindings } from './rules/topic.js'
import type { Finding, LintInput, Report } from './types.js'

/** The rule families over one vhost, in report order. */
const VHOST_RULES: readonly ((ctx: VhostContext, report: Report) => void)[] = [
  checkReferences,
  checkReservedNames,
  checkNameLengths,
  checkDuplicateBindings,
  checkBindingKinds,
  checkTopicBindings,
  checkHeadersBindings,
  checkExchangeArguments,
  checkQueueArguments,
  checkQuorumDeliveryLimit,
  checkPolicies,
  checkRoutingGraph,
]

/** The closest located position: the path itself, else its nearest ancestor the locator knows. */
export function locateNearest(input: LintInput, path: DocPath): LinePos | undefined {
  if (!input.locate) return undefined
  for (let n = path.length; n >= 0; n--) {
    const pos = input.locate(n === path.length ? path : path.slice(0, n))
    if (pos) return pos
  }
  return undefined
}

/**
 * Lints one loaded file: the loader's own diagnostics and (when the file loaded) every rule over every vhost.
 * Each finding gets the file and a line:col from the loader's locator. All are sorted by position.
 */
export function lintTopology(loaded: LintInput, rules: VersionRules): Diagnostic[] {
  const found: Diagnostic[] = loaded.diagnostics.map(lintSeverity)
  if (!loaded.topology) return sortByPosition(found)
  const report: Report = (f: Finding) => {
    const pos = locateNearest(loaded, f.path)
    found.push({
      rule: f.rule,
      severity: f.severity ?? ruleInfo(f.rule)?.severity ?? 'warning',
      message: f.message,
      ...(f.hint !== undefined ? { hint: f.hint } : {}),
      file: loaded.file,
      path: f.path,
      ...(pos ? { pos } : {}),
    })
  }
  checkDuplicateDeclarations(loaded, report)
  for (const vhost of loaded.topology.vhosts.values()) {
    const ctx = createVhostContext(loaded, vhost, rules)
    for (const rule of VHOST_RULES) rule(ctx, report)
  }
  return sortByPosition(found)
}

/**
 * Loader findings the loader keeps as warnings so the file still loads, but that the severity policy
 * (docs/lint-rules.md) makes errors: RabbitMQ's definitions import refuses a null argument (null_not_allowed).
 */
const LOADER_ERRORS: ReadonlySet<string> = new Set(['defs/null-argument'])
const lintSeverity = (d: Diagnostic): Diagnostic => (LOADER_ERRORS.has(d.rule) && d.severity !== 'error' ? { ...d, severity: 'error' } : d)

/** In file order, as a reader goes down the file (a stable sort: same-place findings keep their rule order). */
const sortByPosition = (ds: Diagnostic[]): Diagnostic[] =>
  ds.sort((a, b) => (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.col ?? 0) - (b.pos?.col ?? 0))
