import type { DocPath } from '../../core/model.js'
import type { Diagnostic } from '../../topology/diagnostic.js'
import { settingFor } from './rule-ids.js'
import type { LintConfig, RuleSetting } from './types.js'

/** Does a path (relative, "/" separators) match one of these .gitignore-style globs? (The CLI passes the `ignore` package.) */
export type GlobTest = (globs: readonly string[], relPath: string) => boolean

/** The settings that apply to one file: its config (if any), the overrides whose `files` match, and --rule. */
export interface FileSettings {
  readonly config?: LintConfig
  /** Default version for this file (config `rabbitmq`). */
  readonly rabbitmq?: string
  /** Per rule: the config's rules, then matching `files`-only overrides in order, then --rule. */
  readonly rules: ReadonlyMap<string, RuleSetting>
  /** Overrides with `names` (whose `files`, if any, match this file): applied per object, after everything else. */
  readonly byName: readonly { readonly names: readonly string[]; readonly patterns: readonly RegExp[]; readonly rules: ReadonlyMap<string, RuleSetting> }[]
}

/**
 * Resolves the settings of one file. `relFile` is the file relative to the config's directory with "/" separators
 * (undefined when the file lies outside it: then no `files` glob matches). Later settings win, option by option.
 */
export function resolveSettings(
  config: LintConfig | undefined, relFile: string | undefined, cliRules: ReadonlyMap<string, RuleSetting>, matchesGlobs: GlobTest,
): FileSettings {
  const rules = new Map<string, RuleSetting>()
  const merge = (from: ReadonlyMap<string, RuleSetting>): void => {
    for (const [id, s] of from) rules.set(id, { ...rules.get(id), ...s })
  }
  const byName: { names: readonly string[]; patterns: RegExp[]; rules: ReadonlyMap<string, RuleSetting> }[] = []
  if (config) {
    merge(config.rules)
    for (const o of config.overrides) {
      if (o.files && !(relFile !== undefined && matchesGlobs(o.files, relFile))) continue
      if (o.names) byName.push({ names: o.names, patterns: o.names.map((n) => new RegExp(n, 'u')), rules: o.rules })
      else merge(o.rules)
    }
  }
  merge(cliRules)
  return { ...(config ? { config } : {}), ...(config?.rabbitmq !== undefined ? { rabbitmq: config.rabbitmq } : {}), rules, byName }
}

/** Options the rules read (only file-level settings carry options). */
export function ruleOptionsOf(settings: FileSettings): ReadonlyMap<string, Readonly<Record<string, unknown>>> {
  const out = new Map<string, Readonly<Record<string, unknown>>>()
  for (const [id, s] of settings.rules) if (s.options) out.set(id, s.options)
  return out
}

/**
 * Applies levels to a file's findings: `off` drops a finding, a severity replaces the rule's own. `namesOf` tells
 * which object names a finding is about (object-names.ts); a name override applies when any of them matches.
 */
export function applySettings(diagnostics: readonly Diagnostic[], settings: FileSettings, namesOf: (path: DocPath) => readonly string[]): Diagnostic[] {
  if (settings.rules.size === 0 && settings.byName.length === 0) return [...diagnostics]
  const out: Diagnostic[] = []
  for (const d of diagnostics) {
    let level = settingFor(settings.rules, d.rule)?.level
    if (settings.byName.length > 0) {
      const names = namesOf(d.path)
      for (const o of settings.byName) {
        const own = settingFor(o.rules, d.rule)?.level
        if (own !== undefined && names.some((n) => o.patterns.some((re) => re.test(n)))) level = own
      }
    }
    if (level === 'off') continue
    out.push(level === undefined || level === d.severity ? d : { ...d, severity: level })
  }
  return out
}
