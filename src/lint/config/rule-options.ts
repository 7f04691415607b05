/** An option a rule accepts in the config (`rules: { id: { level, options: { name: value } } }`). */
export interface RuleOptionSpec {
  readonly type: 'number' | 'string-list'
  readonly description: string
}

/** The rules that take options, and their options. A rule not listed here takes none. */
export const RULE_OPTIONS: ReadonlyMap<string, ReadonlyMap<string, RuleOptionSpec>> = new Map([
  ['queue/unbound', new Map<string, RuleOptionSpec>([
    ['allow', { type: 'string-list', description: 'regular expressions over queue names that are meant to be reached through the default exchange only. Default: none' }],
  ])],
])

/** undefined when `value` fits the spec, else what is wrong. */
export function optionProblem(spec: RuleOptionSpec, value: unknown): string | undefined {
  if (spec.type === 'number') return typeof value === 'number' && Number.isFinite(value) && value > 0 ? undefined : 'must be a positive number'
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return 'must be a list of strings'
  for (const v of value as string[]) {
    try { new RegExp(v, 'u') } catch (err) { return `'${v}' is not a valid regular expression: ${(err as Error).message}` }
  }
  return undefined
}
