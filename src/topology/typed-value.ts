import { AMQP_TYPES } from '../core/amqp-value.js'
import type { AmqpIntegerType, AmqpTable, AmqpType, AmqpValue, PlainValue } from '../core/amqp-value.js'

/**
 * The typed encoding of AMQP values in files and JSON: string → longstr, integer → long, non-integer → double,
 * boolean → bool, null → void, array → array, and the explicit form `{type: <amqp type>, value}` for everything
 * else (`{type: double, value: 1}`, `{type: signedint, value: 5}`, `{type: void}`, `{type: timestamp, value: 1700000000}`).
 * RabbitMQ's own definitions import reads JSON the same way (integers → long, non-integers → double;
 * rabbit_misc:to_amqp_table), which is why an integral double needs the explicit form or a `1.0` literal.
 */

/** A path inside the value being decoded (array index or table key). */
export type ValuePath = readonly (string | number)[]

export type TypedValueResult =
  | { readonly ok: true; readonly value: AmqpValue }
  | { readonly ok: false; readonly message: string; readonly path: ValuePath }

export type TypedTableResult =
  | { readonly ok: true; readonly value: AmqpTable }
  | { readonly ok: false; readonly message: string; readonly path: ValuePath }

export interface DecodeOptions {
  /**
   * Definitions-export mode: a plain JSON object is a nested table (as RabbitMQ's import reads it) instead of
   * an error, and the explicit `{type, value}` form is not recognised. Default: false.
   */
  readonly objectsAsTables?: boolean
  /**
   * Called for integral numbers only: true when the source wrote the number with a fraction or an exponent
   * (`1.0`, `2e3`), which YAML 1.2 and RabbitMQ's JSON import both read as a float. Default: always false.
   */
  readonly integralDouble?: (path: ValuePath) => boolean
}

/** Nesting deeper than this is refused rather than recursed into (hostile input). */
const MAX_DEPTH = 64

const INTEGER_RANGES: ReadonlyMap<AmqpIntegerType, readonly [number, number]> = new Map([
  ['byte', [-128, 127]],
  ['unsignedbyte', [0, 255]],
  ['short', [-32768, 32767]],
  ['unsignedshort', [0, 65535]],
  ['signedint', [-2147483648, 2147483647]],
  ['unsignedint', [0, 4294967295]],
  ['long', [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]],
])

const AMQP_TYPE_SET: ReadonlySet<string> = new Set(AMQP_TYPES)

/** Is `name` one of RabbitMQ's AMQP field type names (longstr, signedint, long, double, ...)? */
export function isAmqpType(name: unknown): name is AmqpType {
  return typeof name === 'string' && AMQP_TYPE_SET.has(name)
}

type Fail = { readonly ok: false; readonly message: string; readonly path: ValuePath }
const fail = (message: string, path: ValuePath): Fail => ({ ok: false, message, path })

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Decodes one value of the typed encoding into an AmqpValue. Never throws. */
export function decodeTypedValue(plain: unknown, options: DecodeOptions = {}): TypedValueResult {
  return decodeAt(plain, [], options, 0)
}

/** Decodes a table (an object of typed values, e.g. binding arguments) into a Map. Never throws. */
export function decodeTypedTable(plain: unknown, options: DecodeOptions = {}): TypedTableResult {
  if (plain === undefined || plain === null) return { ok: true, value: new Map() }
  if (!isPlainObject(plain)) return fail('arguments must be a mapping of names to values', [])
  return decodeTableAt(plain, [], options, 0)
}

function decodeTableAt(obj: Record<string, unknown>, path: ValuePath, options: DecodeOptions, depth: number): TypedTableResult {
  const table = new Map<string, AmqpValue>()
  // Object.keys includes an own `__proto__` key (JSON.parse and yaml's toJS both create one): an ordinary name here.
  for (const key of Object.keys(obj)) {
    const r = decodeAt(obj[key], [...path, key], options, depth + 1)
    if (!r.ok) return r
    table.set(key, r.value)
  }
  return { ok: true, value: table }
}

function decodeAt(v: unknown, path: ValuePath, options: DecodeOptions, depth: number): TypedValueResult {
  if (depth > MAX_DEPTH) return fail(`value nested more than ${MAX_DEPTH} levels deep`, path)
  switch (typeof v) {
    case 'string': return { ok: true, value: { type: 'longstr', value: v } }
    case 'boolean': return { ok: true, value: { type: 'bool', value: v } }
    case 'number':
      if (Number.isInteger(v) && !(options.integralDouble?.(path) ?? false)) {
        if (!Number.isSafeInteger(v)) return fail(`integer ${v} is too large to keep exactly; write it as {type: double, value: ${v}}`, path)
        return { ok: true, value: { type: 'long', value: v } }
      }
      return { ok: true, value: { type: 'double', value: v } }
    case 'object': break
    default: return fail(`unsupported value of type ${typeof v}`, path)
  }
  if (v === null) return { ok: true, value: { type: 'void' } }
  if (Array.isArray(v)) return decodeArray(v, path, options, depth)
  const obj = v as Record<string, unknown>
  if (options.objectsAsTables) {
    const t = decodeTableAt(obj, path, options, depth)
    return t.ok ? { ok: true, value: { type: 'table', value: t.value } } : t
  }
  return decodeExplicit(obj, path, options, depth)
}

function decodeArray(items: readonly unknown[], path: ValuePath, options: DecodeOptions, depth: number): TypedValueResult {
  const out: AmqpValue[] = []
  for (let i = 0; i < items.length; i++) {
    const r = decodeAt(items[i], [...path, i], options, depth + 1)
    if (!r.ok) return r
    out.push(r.value)
  }
  return { ok: true, value: { type: 'array', value: out } }
}

/** `{type: <amqp type>, value: ...}`: the form for values plain YAML/JSON cannot say (signedint, integral double, ...). */
function decodeExplicit(obj: Record<string, unknown>, path: ValuePath, options: DecodeOptions, depth: number): TypedValueResult {
  const type = obj['type']
  if (!Object.hasOwn(obj, 'type')) {
    return fail('a mapping here must be the typed form {type: <amqp type>, value: ...}; for a nested table write {type: table, value: {...}}', path)
  }
  if (!isAmqpType(type)) return fail(`unknown AMQP type ${JSON.stringify(type)} (expected one of ${AMQP_TYPES.join(', ')})`, [...path, 'type'])
  const extra = Object.keys(obj).find((k) => k !== 'type' && k !== 'value')
  if (extra !== undefined) return fail(`unknown property '${extra}' in a typed value (only 'type' and 'value')`, [...path, extra])
  const value = obj['value']
  const hasValue = Object.hasOwn(obj, 'value')
  const vpath = [...path, 'value']
  if (type === 'void') {
    return value === undefined || value === null ? { ok: true, value: { type: 'void' } } : fail('a void value has no value', vpath)
  }
  if (!hasValue) return fail(`a ${type} value needs a 'value'`, path)
  switch (type) {
    case 'longstr':
      return typeof value === 'string' ? { ok: true, value: { type, value } } : fail('a longstr value must be a string', vpath)
    case 'bool':
      return typeof value === 'boolean' ? { ok: true, value: { type, value } } : fail('a bool value must be true or false', vpath)
    case 'double':
    case 'float': {
      const n = typeof value === 'number' ? value : value === 'NaN' ? Number.NaN : value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : undefined
      return n === undefined ? fail(`a ${type} value must be a number (or "NaN", "Infinity", "-Infinity")`, vpath) : { ok: true, value: { type, value: n } }
    }
    case 'timestamp':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
        ? { ok: true, value: { type, value } }
        : fail('a timestamp value must be a non-negative integer (seconds since the epoch)', vpath)
    case 'array':
      return Array.isArray(value) ? decodeArray(value, vpath, options, depth) : fail('an array value must be a list', vpath)
    case 'table': {
      if (!isPlainObject(value)) return fail('a table value must be a mapping', vpath)
      const t = decodeTableAt(value, vpath, options, depth)
      return t.ok ? { ok: true, value: { type: 'table', value: t.value } } : t
    }
    default: {
      const range = INTEGER_RANGES.get(type)
      if (range === undefined) return fail(`unsupported AMQP type ${type}`, path)
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`a ${type} value must be an integer`, vpath)
      if (value < range[0] || value > range[1]) return fail(`${value} is out of range for ${type} (${range[0]} to ${range[1]})`, vpath)
      return { ok: true, value: { type, value } }
    }
  }
}

/** Sets an own property even for `__proto__` (a plain assignment would change the prototype). */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
  else obj[key] = value
}

/**
 * The inverse of decodeTypedValue: the plain form where it round-trips (string, safe integer long,
 * non-integral finite double, bool, void, array), otherwise `{type, value}`.
 */
export function encodeTypedValue(v: AmqpValue): PlainValue {
  switch (v.type) {
    case 'longstr': case 'bool': return v.value
    case 'void': return null
    case 'long': return v.value
    case 'double':
      if (!Number.isFinite(v.value)) return { type: 'double', value: String(v.value) }
      return Number.isInteger(v.value) ? { type: 'double', value: v.value } : v.value
    case 'float':
      return { type: 'float', value: Number.isFinite(v.value) ? v.value : String(v.value) }
    case 'array': return v.value.map(encodeTypedValue)
    case 'table': return { type: 'table', value: encodeTypedTable(v.value) }
    default: return { type: v.type, value: v.value }
  }
}

/** A table in the typed encoding, as a plain object (own `__proto__` keys kept). */
export function encodeTypedTable(t: AmqpTable): Record<string, PlainValue> {
  const out: Record<string, PlainValue> = {}
  for (const [k, v] of t) setOwn(out, k, encodeTypedValue(v))
  return out
}
