import { RULES } from '../catalogue.js'
import { didYouMean } from '../did-you-mean.js'
import type { RuleLevel } from './types.js'

export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'info', 'warning', 'error']

/** Rules a user cannot turn off: without them a file that could not be read would look clean. */
const FIXED = /^(io|lint\/internal-error)$/

/** undefined when `id` is a rule a config may set, else the reason (with a did-you-mean). */
export function ruleIdProblem(id: string): string | undefined {
  if (RULES.has(id) && !FIXED.test(id)) return undefined
  if (FIXED.test(id)) return `rule '${id}' cannot be configured`
  const near = didYouMean(id, [...RULES.keys()].filter((k) => !FIXED.test(k)))
  return `unknown rule '${id}'${near ? ` (did you mean '${near}'?)` : ''}`
}

/** The setting that applies to a reported rule id: its own, else its family's (`schema/type` → `schema`). */
export function settingFor<T>(settings: ReadonlyMap<string, T>, id: string): T | undefined {
  const own = settings.get(id)
  if (own !== undefined) return own
  const slash = id.indexOf('/')
  return slash > 0 ? settings.get(id.slice(0, slash)) : undefined
}
