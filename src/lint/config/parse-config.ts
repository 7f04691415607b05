import { LineCounter, parseDocument } from 'yaml'
import type { ErrorObject } from 'ajv'
import validateConfig from '../../topology/generated/validate-lint-config.js'
import { pointerToPath } from '../../topology/schema-errors.js'
import { createYamlLocator } from '../../topology/yaml-locator.js'
import type { DocPath } from '../../core/model.js'
import { parseVersion } from '../../core/versions.js'
import { didYouMean } from '../did-you-mean.js'
import { RULE_OPTIONS, optionProblem } from './rule-options.js'
import { ruleIdProblem } from './rule-ids.js'
import type { ConfigOverride, ConfigProblem, LintConfig, RuleLevel, RuleSetting } from './types.js'

type Raw = { rabbitmq?: string; rules?: Record<string, RawSetting>; ignore?: string[]; overrides?: { files?: string[]; names?: string[]; rules: Record<string, RawSetting> }[] }
type RawSetting = RuleLevel | { severity?: RuleLevel; options?: Record<string, unknown> }

const TOP_KEYS = ['rabbitmq', 'rules', 'ignore', 'overrides']
const OVERRIDE_KEYS = ['files', 'names', 'rules']

/**
 * Parses and validates a lint config file's text (pure). Every problem is reported with its line:col: YAML syntax,
 * the schema (schemas/lint-config.schema.json, compiled at build time), unknown rule ids and option names (with
 * did-you-mean), bad regular expressions, an override that says neither `files` nor `names`.
 */
export function parseLintConfig(text: string, file: string, dir: string): { config?: LintConfig; problems: ConfigProblem[] } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number | undefined, message: string): ConfigProblem => {
    if (offset === undefined) return { message }
    const { line, col } = lineCounter.linePos(offset)
    return { message, line, col }
  }
  if (doc.errors.length > 0) return { problems: doc.errors.map((e) => at(e.pos[0], `invalid YAML: ${e.message.split('\n')[0]}`)) }
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {}
  } catch (err) {
    return { problems: [{ message: `cannot read: ${(err as Error).message}` }] }
  }
  const locator = createYamlLocator(doc)
  const where = (path: DocPath, mode: 'key' | 'value' | 'auto', message: string) => at(locator.offset(path, mode), message)
  if (!validateConfig(data)) {
    const errors = validateConfig.errors ?? []
    // a rule value that is neither a level nor { severity, options }: one message, not one per anyOf branch
    const anyOfAt = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath))
    const shown = errors.filter((e) => e.keyword === 'anyOf' || !anyOfAt.has(e.instancePath))
    return { problems: shown.map((e) => schemaProblem(e, data, where)).filter(unique()) }
  }
  const raw = data as Raw
  const problems: ConfigProblem[] = []
  if (raw.rabbitmq !== undefined) {
    const v = parseVersion(raw.rabbitmq)
    if (!v.ok) problems.push(where(['rabbitmq'], 'value', v.message))
  }
  const rules = readRules(raw.rules ?? {}, ['rules'], where, problems)
  const overrides: ConfigOverride[] = (raw.overrides ?? []).map((o, i) => {
    if (o.files === undefined && o.names === undefined) problems.push(where(['overrides', i], 'value', 'an override needs `files` (globs) or `names` (patterns), or both'))
    for (const [k, pattern] of (o.names ?? []).entries()) {
      try { new RegExp(pattern, 'u') } catch (err) { problems.push(where(['overrides', i, 'names', k], 'value', `not a valid regular expression: ${(err as Error).message}`)) }
    }
    return { ...(o.files ? { files: o.files } : {}), ...(o.names ? { names: o.names } : {}), rules: readRules(o.rules, ['overrides', i, 'rules'], where, problems) }
  })
  if (problems.length > 0) return { problems }
  return { config: { file, dir, ...(raw.rabbitmq !== undefined ? { rabbitmq: raw.rabbitmq } : {}), rules, ignore: raw.ignore ?? [], overrides }, problems }
}

type Where = (path: DocPath, mode: 'key' | 'value' | 'auto', message: string) => ConfigProblem

function readRules(raw: Record<string, RawSetting>, base: DocPath, where: Where, problems: ConfigProblem[]): Map<string, RuleSetting> {
  const out = new Map<string, RuleSetting>()
  for (const [id, value] of Object.entries(raw)) {
    const bad = ruleIdProblem(id)
    if (bad) { problems.push(where([...base, id], 'key', bad)); continue }
    const setting: RuleSetting = typeof value === 'string' ? { level: value } : { ...(value.severity ? { level: value.severity } : {}), ...(value.options ? { options: value.options } : {}) }
    if (setting.options) {
      const specs = RULE_OPTIONS.get(id)
      for (const [name, v] of Object.entries(setting.options)) {
        const spec = specs?.get(name)
        if (!spec) {
          const near = specs ? didYouMean(name, specs.keys()) : undefined
          problems.push(where([...base, id, 'options', name], 'key', specs ? `rule '${id}' has no option '${name}'${near ? ` (did you mean '${near}'?)` : ''}; it has ${[...specs.keys()].join(', ')}` : `rule '${id}' takes no options`))
          continue
        }
        const p = optionProblem(spec, v)
        if (p) problems.push(where([...base, id, 'options', name], 'value', `option '${name}' of '${id}' ${p}`))
      }
    }
    out.set(id, setting)
  }
  return out
}

function schemaProblem(e: ErrorObject, data: unknown, where: Where): ConfigProblem {
  const path = pointerToPath(e.instancePath, data)
  const name = path.length > 0 ? String(path[path.length - 1]) : 'the config'
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty
      const inOverride = path.length === 2 && path[0] === 'overrides'
      const allowed = path.length === 0 ? TOP_KEYS : inOverride ? OVERRIDE_KEYS : ['severity', 'options']
      const near = didYouMean(key, allowed)
      return where([...path, key], 'key', `unknown key '${key}'${near ? ` (did you mean '${near}'?)` : ''}; allowed: ${allowed.join(', ')}`)
    }
    case 'enum':
      return where(path, 'value', `${name} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`)
    case 'type':
      return where(path, 'value', `${name} must be ${article((e.params as { type: string }).type)}`)
    case 'pattern':
      return where(path, 'value', path[0] === 'rabbitmq' ? 'rabbitmq must be a version such as "3.13" or "4.1.2" (quote it)' : `${name} ${e.message ?? 'is invalid'}`)
    case 'required':
      return where(path, 'key', `missing '${(e.params as { missingProperty: string }).missingProperty}'`)
    case 'anyOf':
      return where(path, 'value', `${name} must be off, info, warning, error or { severity, options }`)
    default:
      return where(path, 'value', `${name} ${e.message ?? 'is invalid'}`)
  }
}

const article = (type: string): string => (type === 'array' ? 'a list' : type === 'object' ? 'a mapping' : `a ${type}`)

/** Drops repeated problems (anyOf reports each branch) and keeps the most precise one per position. */
function unique(): (p: ConfigProblem) => boolean {
  const seen = new Set<string>()
  return (p) => {
    const k = `${p.line}:${p.col}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  }
}
