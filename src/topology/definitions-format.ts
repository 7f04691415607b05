import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import type { DocPath, PolicyApplyTo, Topology } from '../core/model.js'
import { parseVersion } from '../core/versions.js'
import { freezeVhost, isIndexLike, newVhost, queueTypeOf, type VhostBuilder } from './build-model.js'
import type { Diagnostic } from './diagnostic.js'
import { FORMAT_ENUMS } from './format-types.js'
import { createJsonLocator, decodeJsonTableAt } from './json-locator.js'
import { createLineIndex } from './line-index.js'
import type { DefinitionsShape, DuplicateEntity, LoadedTopology, Problem } from './loaded-topology.js'
import { decodeTypedTable } from './typed-value.js'

/**
 * RabbitMQ definitions exports, in the three shapes RabbitMQ writes (rabbit_definitions.erl,
 * rabbit_mgmt_wm_definitions.erl):
 * - `rabbitmqctl export_definitions`: rabbit_version + rabbitmq_version, entity lists with `vhost` fields; leaves
 *   out internal exchanges, amq.* exchanges and the default exchange, but keeps bindings from them;
 * - `GET /api/definitions`: the same with users, permissions...; older versions keep internal exchanges (with an
 *   `internal` field) and have only rabbit_version;
 * - `GET /api/definitions/{vhost}`: no `vhost` fields, no vhosts/users lists (newer versions say
 *   rabbitmq_definition_format: single_virtual_host and original_vhost_name).
 * Fields that do not affect routing (users, permissions, parameters, limits, ...) are accepted and ignored.
 */

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

const ENTITY_LISTS = ['exchanges', 'queues', 'bindings', 'policies'] as const
const EXPORT_ONLY_KEYS = ['rabbit_version', 'rabbitmq_version', 'rabbitmq_definition_format', 'users', 'permissions', 'topic_permissions', 'parameters', 'global_parameters', 'product_name', 'product_version']

/**
 * Does this parsed JSON look like a definitions export (rather than our own format written as JSON)?
 * Exports have version/metadata keys, or exchanges/queues/policies as lists (ours are maps keyed by name).
 */
export function isDefinitionsExport(data: unknown): data is Obj {
  if (!isObj(data)) return false
  if (EXPORT_ONLY_KEYS.some((k) => Object.hasOwn(data, k))) return true
  if (Array.isArray(data['vhosts'])) return true
  return ['exchanges', 'queues', 'policies'].some((k) => Array.isArray(data[k]))
}

/** [field, JSON type, required] checked on every list item. Hoisted: they are read 60k times per big export. */
type FieldSpec = readonly [string, 'string' | 'boolean' | 'integer' | 'number', boolean]
const EXCHANGE_FIELDS: readonly FieldSpec[] = [['name', 'string', true], ['type', 'string', true], ['durable', 'boolean', false], ['auto_delete', 'boolean', false], ['internal', 'boolean', false]]
const QUEUE_FIELDS: readonly FieldSpec[] = [['name', 'string', true], ['durable', 'boolean', false], ['auto_delete', 'boolean', false], ['exclusive', 'boolean', false], ['type', 'string', false]]
const BINDING_FIELDS: readonly FieldSpec[] = [['source', 'string', true], ['destination', 'string', true], ['destination_type', 'string', true], ['routing_key', 'string', true]]
const POLICY_FIELDS: readonly FieldSpec[] = [['name', 'string', true], ['pattern', 'string', true], ['apply-to', 'string', false], ['priority', 'number', false]]

/** Is a present field's value of its spec's type? priority is any number (rabbit_policy.erl: rabbit_parameter_validation:number/2), 1.5 and -1 included. */
function fieldTypeOk(v: unknown, type: FieldSpec[1]): boolean {
  return type === 'integer' ? Number.isInteger(v) : typeof v === type && (type !== 'number' || Number.isFinite(v))
}

/** Would the item pass every check of `fields` (no diagnostic)? The check itemReported makes, without messages. */
function fieldsOk(o: Obj, fields: readonly FieldSpec[]): boolean {
  for (let f = 0; f < fields.length; f++) {
    const spec = fields[f]!
    const v = o[spec[0]]
    if (v === undefined) {
      if (spec[2]) return false
      continue
    }
    if (!fieldTypeOk(v, spec[1])) return false
  }
  return true
}

export interface DefinitionsOptions {
  /** Vhost name for a single-vhost export that does not name its vhost. Default: "/". */
  readonly vhost?: string
}

/** Builds a LoadedTopology from an export that JSON.parse has already read. Never throws. */
export function parseDefinitionsExport(text: string, data: Obj, file: string, options: DefinitionsOptions = {}): LoadedTopology {
  const locator = createJsonLocator(text)
  const lineOf = createLineIndex(text)
  const diagnostics: Diagnostic[] = []
  const duplicates: DuplicateEntity[] = []
  const locate = (path: DocPath, at?: 'key' | 'value') => {
    const off = locator.nearestOffset(path, at)
    return lineOf(off)
  }
  const report = (p: Problem): void => {
    const pos = locate(p.path, p.at)
    diagnostics.push({ rule: p.rule, severity: p.severity, message: p.message, ...(p.hint ? { hint: p.hint } : {}), file, path: p.path, pos })
  }
  const error = (rule: string, message: string, path: DocPath, hint?: string): void =>
    report({ rule, severity: 'error', message, path, ...(hint ? { hint } : {}) })

  const lists = new Map<string, readonly unknown[]>()
  for (const name of ENTITY_LISTS) {
    const v = data[name]
    if (v === undefined || v === null) continue
    if (!Array.isArray(v)) { error('defs/type', `${name} must be a list`, [name]); continue }
    lists.set(name, v)
  }
  const exchangesList = lists.get('exchanges') ?? []
  const format = data['rabbitmq_definition_format']
  // The shape comes from exchanges, queues and bindings: a per-vhost export (GET /api/definitions/{vhost}) drops
  // their `vhost` field but keeps it on policies. Policies decide only when there is nothing else.
  const ENTITIES = ['exchanges', 'queues', 'bindings'] as const
  const hasEntities = ENTITIES.some((n) => (lists.get(n) ?? []).length > 0)
  const hasVhostFields = (hasEntities ? ENTITIES : ENTITY_LISTS).some((n) => (lists.get(n) ?? []).some((it) => isObj(it) && Object.hasOwn(it, 'vhost')))
  const shape: DefinitionsShape =
    format === 'single_virtual_host' || (format !== 'cluster' && !hasVhostFields && !Object.hasOwn(data, 'vhosts') && !Object.hasOwn(data, 'users'))
      ? 'api-vhost'
      : format === 'cluster' || exchangesList.some((x) => isObj(x) && Object.hasOwn(x, 'internal')) || !Object.hasOwn(data, 'rabbitmq_version')
        ? 'api'
        : 'rabbitmqctl'
  const omitsInternalExchanges = !exchangesList.some((x) => isObj(x) && Object.hasOwn(x, 'internal'))
  const singleVhost = shape === 'api-vhost'
    ? (typeof data['original_vhost_name'] === 'string' ? data['original_vhost_name'] : options.vhost ?? policiesVhost(lists.get('policies')) ?? '/')
    : undefined

  // JSON.parse reads `1.0` as 1; RabbitMQ's import reads it as a double. Re-read argument objects from the
  // text only when the text has such a literal at all (rare), and then only objects holding integers.
  let integralFloatsInText: boolean | undefined
  const hasIntegralFloats = (): boolean => (integralFloatsInText ??= /\d\.0*(?![0-9])|\d[eE][-+]?\d/.test(text))
  /** The arguments of entity `list[i]`. Paths are built only when something is reported (60k entities per export). */
  // Most entities have no arguments: they share one empty table (the model is read-only) instead of 60k Maps.
  const noArguments: AmqpTable = new Map()
  const table = (value: unknown, list: string, i: number): AmqpTable => {
    if (value === undefined || value === null) return noArguments
    if (!isObj(value)) { error('defs/type', 'arguments must be an object', [list, i, 'arguments']); return noArguments }
    let first: string | undefined
    for (const k in value) { first = k; break }
    if (first === undefined) return noArguments
    // the common case, strings only (x-queue-type, x-dead-letter-exchange, ...): what decodeTypedTable makes of
    // them, and nothing to warn about or to re-read (index-like keys aside: JS lists those first)
    const strings = mayBeIndexLike(first) ? undefined : stringTable(value)
    return strings ?? decodeTable(value, first, [list, i, 'arguments'])
  }
  const decodeTable = (value: Obj, firstKey: string, path: DocPath): AmqpTable => {
    const r = decodeTypedTable(value, { objectsAsTables: true })
    if (!r.ok) {
      // JSON.parse reads `9007199254740992.0` as an unsafe integer; from the text it is an exact double
      const off = /too large to keep exactly/.test(r.message) && hasIntegralFloats() ? locator.offsetOf(path, 'value') : undefined
      const reread = off === undefined ? undefined : decodeJsonTableAt(text, off)
      if (reread !== undefined && !hasUnsafeLong(reread)) return reread
      error('defs/argument', r.message, [...path, ...r.path])
      return new Map()
    }
    warnNulls(value, path)
    // re-read from the text when JSON.parse may have lost a `1.0`, or reordered integer-like keys (they come first)
    if ((containsInteger(value, 0) && hasIntegralFloats()) || isIndexLike(firstKey)) {
      const off = locator.offsetOf(path, 'value')
      if (off !== undefined) return decodeJsonTableAt(text, off)
    }
    return r.value
  }
  const warnNulls = (value: Obj, path: DocPath): void => {
    for (const k of Object.keys(value)) {
      if (value[k] === null) {
        report({
          rule: 'defs/null-argument', severity: 'warning', path: [...path, k], at: 'value',
          message: `argument '${k}' is null: RabbitMQ's definitions import rejects null (null_not_allowed)`,
          hint: 'it is read as void (presence only), as an AMQP client could declare it',
        })
      }
    }
  }

  const vhosts = new Map<string, VhostBuilder>()
  const vhostOf = (name: string): VhostBuilder => {
    let v = vhosts.get(name)
    if (v === undefined) { v = newVhost(name); vhosts.set(name, v) }
    return v
  }
  if (singleVhost !== undefined) vhostOf(singleVhost)
  const declaredVhosts = data['vhosts']
  if (Array.isArray(declaredVhosts)) {
    const vhostPaths = new Map<string, DocPath>()
    declaredVhosts.forEach((v, i) => {
      if (!isObj(v) || typeof v['name'] !== 'string') { error('defs/type', 'a vhost must be an object with a string name', ['vhosts', i]); return }
      const name = v['name']
      const first = vhostPaths.get(name)
      if (first !== undefined) duplicates.push({ kind: 'vhost', vhost: name, name, path: ['vhosts', i], firstPath: first })
      else vhostPaths.set(name, ['vhosts', i])
      vhostOf(name)
    })
  }

  /**
   * Checks one list item; returns it with its vhost, or undefined after reporting why not. The common case (a
   * well-formed item) is decided by fieldsOk without building paths or messages; itemReported then finds what is
   * wrong with the rest.
   */
  const item = (list: string, items: readonly unknown[], i: number, fields: readonly FieldSpec[]): Obj | undefined => {
    const o = items[i]
    if (isObj(o) && (singleVhost !== undefined || typeof o['vhost'] === 'string') && fieldsOk(o, fields)) return o
    return itemReported(list, items, i, fields)
  }
  const vhostOfItem = (o: Obj): string => singleVhost ?? (o['vhost'] as string)
  const itemReported = (list: string, items: readonly unknown[], i: number, fields: readonly FieldSpec[]): Obj | undefined => {
    const path = [list, i]
    const o = items[i]
    if (!isObj(o)) { error('defs/type', `${list} entries must be objects`, path); return undefined }
    let ok = true
    let vhost = singleVhost
    if (vhost === undefined) {
      if (typeof o['vhost'] !== 'string') { error(o['vhost'] === undefined ? 'defs/missing-field' : 'defs/type', `${list.slice(0, -1)} ${i + 1} has no vhost`, path); ok = false }
      else vhost = o['vhost']
    }
    for (const [field, type, required] of fields) {
      const v = o[field]
      if (v === undefined) {
        if (required) { error('defs/missing-field', `${list.slice(0, -1)} ${i + 1} is missing '${field}'`, path); ok = false }
        continue
      }
      if (!fieldTypeOk(v, type)) { error('defs/type', `'${field}' must be ${type === 'integer' ? 'an integer' : `a ${type}`}`, [...path, field]); ok = false }
    }
    return ok && vhost !== undefined ? o : undefined
  }

  /** Is this name already taken in its vhost? Then record the duplicate (the builder's maps keep the first). */
  const duplicate = (kind: DuplicateEntity['kind'], vhost: string, name: string, path: DocPath, first: { readonly path?: DocPath } | DocPath | undefined): boolean => {
    if (first === undefined) return false
    duplicates.push({ kind, vhost, name, path, firstPath: Array.isArray(first) ? first : (first as { path?: DocPath }).path ?? [] })
    return true
  }

  for (let i = 0; i < exchangesList.length; i++) {
    const o = item('exchanges', exchangesList, i, EXCHANGE_FIELDS)
    if (o === undefined) continue
    const vhost = vhostOfItem(o)
    const name = o['name'] as string
    const path = ['exchanges', i]
    const args = table(o['arguments'], 'exchanges', i)
    const v = vhostOf(vhost)
    if (duplicate('exchange', vhost, name, path, v.exchanges.get(name))) continue
    v.exchanges.set(name, {
      vhost, name, type: o['type'] as string, durable: (o['durable'] as boolean | undefined) ?? true,
      autoDelete: (o['auto_delete'] as boolean | undefined) ?? false, internal: (o['internal'] as boolean | undefined) ?? false,
      arguments: args, path,
    })
  }

  const queuesList = lists.get('queues') ?? []
  for (let i = 0; i < queuesList.length; i++) {
    const o = item('queues', queuesList, i, QUEUE_FIELDS)
    if (o === undefined) continue
    const vhost = vhostOfItem(o)
    const name = o['name'] as string
    const path = ['queues', i]
    const args = table(o['arguments'], 'queues', i)
    let type = queueTypeOf(args)
    const exported = o['type'] as string | undefined
    if (exported !== undefined && !args.has('x-queue-type') && exported !== 'classic') {
      // The broker that exported it runs it as `exported`; an import declares from the arguments plus the vhost's
      // default queue type (rabbit_definitions:add_queue_int/3 → rabbit_amqqueue:augment_declare_args/5).
      report({
        rule: 'defs/queue-type-field-ignored', severity: 'warning', path: [...path, 'type'], at: 'value',
        message: `queue '${name}' is exported as type ${exported} without an x-queue-type argument: RabbitMQ's import ignores the type field`,
        hint: `an import declares it from its arguments and the vhost's default queue type; add "x-queue-type": "${exported}" to keep it ${exported} (rmq-sim simulates it as ${exported})`,
      })
      type = exported
    }
    const v = vhostOf(vhost)
    if (duplicate('queue', vhost, name, path, v.queues.get(name))) continue
    v.queues.set(name, {
      vhost, name, type, durable: (o['durable'] as boolean | undefined) ?? true, exclusive: (o['exclusive'] as boolean | undefined) ?? false,
      autoDelete: (o['auto_delete'] as boolean | undefined) ?? false, arguments: args, path,
    })
  }

  const bindingsList = lists.get('bindings') ?? []
  for (let i = 0; i < bindingsList.length; i++) {
    const o = item('bindings', bindingsList, i, BINDING_FIELDS)
    if (o === undefined) continue
    const vhost = vhostOfItem(o)
    const path = ['bindings', i]
    const dt = o['destination_type']
    if (dt !== 'queue' && dt !== 'exchange') { error('defs/enum', `destination_type must be queue or exchange, not ${JSON.stringify(dt)}`, [...path, 'destination_type']); continue }
    vhostOf(vhost).bindings.push({
      vhost, source: o['source'] as string, destination: o['destination'] as string, destinationType: dt,
      routingKey: o['routing_key'] as string, arguments: table(o['arguments'], 'bindings', i), path,
    })
  }

  const APPLY_TO: ReadonlySet<string> = new Set(FORMAT_ENUMS['apply-to'])
  const policiesList = lists.get('policies') ?? []
  for (let i = 0; i < policiesList.length; i++) {
    const o = item('policies', policiesList, i, POLICY_FIELDS)
    if (o === undefined) continue
    const vhost = vhostOfItem(o)
    const path = ['policies', i]
    const def = o['definition']
    if (!isObj(def)) { error(def === undefined ? 'defs/missing-field' : 'defs/type', `policy ${i + 1} needs a definition object`, path); continue }
    const applyTo = (o['apply-to'] as string | undefined) ?? 'all'
    if (!APPLY_TO.has(applyTo)) { error('defs/enum', `apply-to must be one of ${[...APPLY_TO].join(', ')}, not ${JSON.stringify(applyTo)}`, [...path, 'apply-to']); continue }
    const name = o['name'] as string
    const v = vhostOf(vhost)
    if (duplicate('policy', vhost, name, path, v.policyPaths.get(name))) continue
    v.policyPaths.set(name, path)
    v.policies.push({
      vhost, name, pattern: o['pattern'] as string, applyTo: applyTo as PolicyApplyTo, priority: (o['priority'] as number | undefined) ?? 0,
      definition: new Map(Object.keys(def).map((k) => [k, def[k]])), path,
    })
  }

  let rabbitmqVersion: string | undefined
  const vkey = Object.hasOwn(data, 'rabbitmq_version') ? 'rabbitmq_version' : Object.hasOwn(data, 'rabbit_version') ? 'rabbit_version' : undefined
  if (vkey !== undefined) {
    const raw = data[vkey]
    const parsed = typeof raw === 'string' ? parseVersion(raw) : { ok: false as const, message: `${vkey} must be a string` }
    if (parsed.ok) rabbitmqVersion = `${parsed.version.major}.${parsed.version.minor}.${parsed.version.patch}`
    else report({ rule: 'defs/unsupported-version', severity: 'warning', message: parsed.message, hint: 'pass --rabbitmq <version> to choose the rules that apply', path: [vkey], at: 'value' })
  }

  const hasErrors = diagnostics.some((d) => d.severity === 'error')
  const topology: Topology = {
    ...(rabbitmqVersion === undefined ? {} : { rabbitmqVersion }),
    vhosts: new Map([...vhosts].map(([k, v]) => [k, freezeVhost(v)])),
  }
  return {
    file, format: 'definitions', diagnostics, source: text, duplicates, definitionsShape: shape, omitsInternalExchanges,
    locate: (path) => locate(path),
    ...(hasErrors ? {} : { topology }),
  }
}

/**
 * The vhost a per-vhost export's policies name, when they all name the same one: the export's own vhost
 * (its exchanges, queues and bindings do not say it).
 */
function policiesVhost(policies: readonly unknown[] | undefined): string | undefined {
  let found: string | undefined
  for (const p of policies ?? []) {
    const v = isObj(p) ? p['vhost'] : undefined
    if (typeof v !== 'string') continue
    if (found !== undefined && found !== v) return undefined
    found = v
  }
  return found
}

/** isIndexLike, with the usual answer (a key that does not start with a digit) found without a regular expression. */
function mayBeIndexLike(key: string): boolean {
  const c = key.charCodeAt(0)
  return c >= 0x30 && c <= 0x39 && isIndexLike(key)
}

/** The table of an object whose values are all strings (each a longstr), or undefined when one is not. */
function stringTable(value: Obj): AmqpTable | undefined {
  const keys = Object.keys(value)
  for (let i = 0; i < keys.length; i++) if (typeof value[keys[i]!] !== 'string') return undefined
  const table = new Map<string, AmqpValue>()
  for (let i = 0; i < keys.length; i++) table.set(keys[i]!, { type: 'longstr', value: value[keys[i]!] as string })
  return table
}

/** Does the table hold an integer literal JavaScript cannot keep exactly (those stay an error)? */
function hasUnsafeLong(t: AmqpTable): boolean {
  const unsafe = (v: AmqpValue): boolean =>
    v.type === 'long' ? !Number.isSafeInteger(v.value) : v.type === 'array' ? v.value.some(unsafe) : v.type === 'table' ? hasUnsafeLong(v.value) : false
  return [...t.values()].some(unsafe)
}

/** Does the value hold an integral number anywhere (only those can be a `1.0` JSON.parse flattened)? Depth-bounded. */
function containsInteger(v: unknown, depth: number): boolean {
  if (typeof v === 'number') return Number.isInteger(v)
  // strings, booleans and null first: most arguments are strings (plain loops: this runs for every queue's arguments)
  if (typeof v !== 'object' || v === null || depth > 64) return false
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (containsInteger(v[i], depth + 1)) return true
    return false
  }
  const keys = Object.keys(v)
  for (let i = 0; i < keys.length; i++) if (containsInteger((v as Obj)[keys[i]!], depth + 1)) return true
  return false
}
