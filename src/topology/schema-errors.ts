import type { ErrorObject } from 'ajv'
import { AMQP_TYPES } from '../core/amqp-value.js'
import type { DocPath } from '../core/model.js'
import { didYouMean } from './did-you-mean.js'
import { FORMAT_PROPERTIES, type FormatObjectKind } from './format-types.js'
import { isAmqpType } from './typed-value.js'

/** A schema violation before it gets a file and a position: where it is and how to point at it. */
export interface SchemaProblem {
  readonly rule: string
  readonly message: string
  readonly hint?: string
  readonly path: DocPath
  /** `key`: show the key of the last step (unknown property, missing property's parent); `value`: the value. */
  readonly at: 'key' | 'value'
}

const BUILTIN_TYPES = ['direct', 'fanout', 'topic', 'headers']

/** Hints for unknown properties people are likely to write, by object kind. */
const PROPERTY_HINTS: ReadonlyMap<string, string> = new Map([
  ['queue:type', 'the queue type is the x-queue-type argument: arguments: {x-queue-type: quorum}'],
  ['queue:name', 'queues are keyed by name: write `my.queue:` under queues'],
  ['exchange:name', 'exchanges are keyed by name: write `my.exchange:` under exchanges'],
  ['policy:name', 'policies are keyed by name: write `my-policy:` under policies'],
  ['binding:vhost', 'bindings belong to the vhost of their section: put them under vhosts: {<vhost>: {bindings: [...]}}'],
  ['exchange:vhost', 'entities belong to the vhost of their section: put them under vhosts: {<vhost>: {exchanges: ...}}'],
  ['queue:vhost', 'entities belong to the vhost of their section: put them under vhosts: {<vhost>: {queues: ...}}'],
  ['root:$schema', 'associate the schema with a first-line comment instead: # yaml-language-server: $schema=<path or URL>'],
  ['root:rabbitmq_version', 'the version is `rabbitmq: "3.13"`'],
  ['root:rabbit_version', 'the version is `rabbitmq: "3.13"`'],
])

/** JSON pointer → model path, with array indices as numbers (decided by walking the data). */
export function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return []
  const out: (string | number)[] = []
  let cur: unknown = data
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(cur)) {
      const i = Number(seg)
      out.push(i)
      cur = cur[i]
    } else {
      out.push(seg)
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined
    }
  }
  return out
}

const valueAt = (data: unknown, path: DocPath): unknown => {
  let cur = data
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = Object.hasOwn(cur, seg) ? (cur as Record<string | number, unknown>)[seg] : undefined
  }
  return cur
}

const startsWith = (path: DocPath, prefix: DocPath): boolean =>
  prefix.length <= path.length && prefix.every((s, i) => path[i] === s)

/**
 * Which object of the format a path points at. (ajv's schemaPath is relative to the referenced definition,
 * so the instance path, whose shape the format fixes, is the reliable guide.)
 */
export function objectKindAt(path: DocPath): FormatObjectKind | 'arguments' | 'definition' | 'section' {
  let p = path
  if (p[0] === 'vhosts') {
    if (p.length === 1) return 'section'
    if (p.length === 2) return 'vhost'
    p = p.slice(2)
  }
  if (p.length === 0) return 'root'
  const [section] = p
  if (p.length === 1) return 'section'
  if (p.length === 2) {
    return section === 'exchanges' ? 'exchange' : section === 'queues' ? 'queue' : section === 'bindings' ? 'binding' : section === 'policies' ? 'policy' : 'section'
  }
  if (p[2] === 'definition') return 'definition'
  return p.length === 3 ? 'arguments' : 'explicitTypedValue'
}

/** "exchange 'orders'", "binding 3 (vhost 'a')", "the document": what a path is about, for messages. */
export function describePath(path: DocPath): string {
  let vhost: string | undefined
  let p = path
  if (p[0] === 'vhosts' && p.length >= 2) { vhost = String(p[1]); p = p.slice(2) }
  const where = vhost === undefined ? '' : ` (vhost '${vhost}')`
  if (p.length === 0) return vhost === undefined ? 'the document' : `vhost '${vhost}'`
  const [kind, id, ...rest] = p
  const noun = kind === 'exchanges' ? 'exchange' : kind === 'queues' ? 'queue' : kind === 'policies' ? 'policy' : kind === 'bindings' ? 'binding' : undefined
  if (noun === undefined || id === undefined) return `'${p.join('.')}'${where}`
  const entity = noun === 'binding' ? `binding ${Number(id) + 1}` : `${noun} '${String(id)}'`
  if (rest.length === 0) return `${entity}${where}`
  const [field, key, ...deeper] = rest
  const inner = deeper.length === 0 ? '' : ` (at ${deeper.map(String).join('.')})`
  if (field === 'arguments' && key !== undefined) return `argument '${String(key)}'${inner} of ${entity}${where}`
  if (field === 'definition' && key !== undefined) return `policy key '${String(key)}'${inner} of ${entity}${where}`
  return `${rest.map(String).join('.')} of ${entity}${where}`
}

const typeWord = (t: string): string => (t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : t === 'null' ? 'empty' : t === 'integer' ? 'an integer' : `a ${t}`)
const jsType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : typeof v)
const shown = (v: unknown): string => {
  const s = JSON.stringify(v)
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}...` : s
}

/**
 * ajv's errors (allErrors) → one short, human problem each. anyOf failures are reported once, at the deepest
 * anyOf, instead of once per branch.
 */
export function schemaProblems(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  const withPath = errors.map((e) => ({ e, path: pointerToPath(e.instancePath, data) }))
  const anyOfs = withPath.filter((x) => x.e.keyword === 'anyOf' || x.e.keyword === 'oneOf')
  // keep the deepest anyOf of each chain (an array element's failure makes the whole array fail)
  const keptAnyOfs = anyOfs.filter((a) => !anyOfs.some((b) => b !== a && b.path.length > a.path.length && startsWith(b.path, a.path)))
  const out: SchemaProblem[] = []
  const seen = new Set<string>()
  for (const { e, path } of withPath) {
    const isAnyOf = e.keyword === 'anyOf' || e.keyword === 'oneOf'
    if (isAnyOf && !keptAnyOfs.some((k) => k.e === e)) continue
    // an error inside an anyOf branch is only the reason the anyOf failed: the anyOf's own problem says it better
    if (!isAnyOf && anyOfs.some((a) => startsWith(path, a.path) && (e.schemaPath.startsWith(`${a.e.schemaPath}/`) || isTypedValueDef(e.schemaPath)))) continue
    const p = problemFor(e, path, data)
    const key = `${p.rule}\0${p.path.join('\0')}\0${p.message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(p)
  }
  return out
}

const isTypedValueDef = (schemaPath: string): boolean =>
  schemaPath.startsWith('#/definitions/typedValue') || schemaPath.startsWith('#/definitions/explicitTypedValue')

function problemFor(e: ErrorObject, path: DocPath, data: unknown): SchemaProblem {
  const value = valueAt(data, path)
  const last = path[path.length - 1]
  const prop = typeof last === 'string' ? `'${last}'` : `item ${Number(last) + 1}`
  switch (e.keyword) {
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty)
      const hint = objectKindAt(path) === 'exchange' && missing === 'type' ? `add type: one of ${BUILTIN_TYPES.join(', ')}` : undefined
      return { rule: 'schema/required', message: `${describePath(path)} is missing required property '${missing}'`, ...(hint ? { hint } : {}), path, at: 'key' }
    }
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty)
      const at = objectKindAt(path)
      const kind: FormatObjectKind = at in FORMAT_PROPERTIES ? (at as FormatObjectKind) : 'explicitTypedValue'
      const candidates: readonly string[] = FORMAT_PROPERTIES[kind]
      const suggestion = didYouMean(extra, candidates)
      const hint = PROPERTY_HINTS.get(`${kind}:${extra}`) ?? (suggestion === undefined ? `known properties: ${candidates.join(', ')}` : undefined)
      const where = path.length === 0 ? '' : ` in ${describePath(path)}`
      return {
        rule: 'schema/additional-property',
        message: `unknown property '${extra}'${where}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
        ...(hint ? { hint } : {}),
        path: [...path, extra],
        at: 'key',
      }
    }
    case 'type': {
      const want = String((e.params as { type: string }).type).split(',').map(typeWord).join(' or ')
      const yamlBool = typeof value === 'string' && /^(yes|no|on|off|y|n)$/i.test(value) && want.includes('boolean')
      const kind = objectKindAt(path)
      if (value === null && (kind === 'exchange' || kind === 'policy' || kind === 'binding')) {
        const needs = kind === 'exchange' ? 'type' : kind === 'policy' ? 'pattern and definition' : 'source and destination'
        return { rule: 'schema/type', message: `${describePath(path)} is empty: it needs at least ${needs}`, ...(kind === 'exchange' ? { hint: `add type: one of ${BUILTIN_TYPES.join(', ')}` } : {}), path, at: 'key' }
      }
      return {
        rule: 'schema/type',
        message: `${path.length === 0 ? 'the document' : describePath(path)} must be ${want}, not ${jsType(value)}${typeof value === 'string' || typeof value === 'number' ? ` (${shown(value)})` : ''}`,
        ...(yamlBool ? { hint: 'YAML 1.2 reads yes/no/on/off as strings: write true or false' } : {}),
        path,
        at: 'value',
      }
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues).map(String)
      const suggestion = typeof value === 'string' ? didYouMean(value, allowed) : undefined
      return {
        rule: 'schema/enum',
        message: `${prop} must be one of ${allowed.join(', ')}, not ${shown(value)}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
        path,
        at: 'value',
      }
    }
    case 'anyOf':
    case 'oneOf': {
      if (last === 'type' && objectKindAt(path.slice(0, -1)) === 'exchange') {
        const suggestion = typeof value === 'string' ? didYouMean(value, BUILTIN_TYPES) : undefined
        return {
          rule: 'schema/exchange-type',
          message: `exchange type must be one of ${BUILTIN_TYPES.join(', ')} or a plugin type starting with x-, not ${shown(value)}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
          path,
          at: 'value',
        }
      }
      return typedValueProblem(path, value)
    }
    default:
      return { rule: `schema/${e.keyword}`, message: `${describePath(path)} ${e.message ?? 'is invalid'}`, path, at: 'value' }
  }
}

function typedValueProblem(path: DocPath, value: unknown): SchemaProblem {
  const base = { rule: 'schema/typed-value', path, at: 'value' as const }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>
    if (!Object.hasOwn(obj, 'type')) {
      return { ...base, message: `${describePath(path)}: a mapping must be the typed form {type: <amqp type>, value: ...}`, hint: 'for a nested table write {type: table, value: {...}}' }
    }
    if (!isAmqpType(obj['type'])) {
      const suggestion = typeof obj['type'] === 'string' ? didYouMean(obj['type'], AMQP_TYPES) : undefined
      return {
        ...base,
        path: [...path, 'type'],
        message: `unknown AMQP type ${shown(obj['type'])}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
        hint: `AMQP types: ${AMQP_TYPES.join(', ')}`,
      }
    }
    const extra = Object.keys(obj).find((k) => k !== 'type' && k !== 'value')
    if (extra !== undefined) return { ...base, path: [...path, extra], at: 'key', message: `unknown property '${extra}' in a typed value (only type and value)` }
  }
  return { ...base, message: `${describePath(path)} must be a string, number, true/false, null, a list or {type, value}` }
}
