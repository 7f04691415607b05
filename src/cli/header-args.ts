import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import { decodeTypedValue } from '../topology/typed-value.js'
import { parseTypedJson } from './typed-json.js'
import { UsageError } from './io.js'

/** The header options shared by trace and explain. */
export interface HeaderOptions {
  /** `--header name[:type]=value`, repeatable. Default: [] */
  readonly header?: readonly string[]
  /** `--headers '{...}'`: a JSON object in the typed encoding. Default: none */
  readonly headers?: string
  /** `--cc key`, repeatable: appended to the CC header array. Default: [] */
  readonly cc?: readonly string[]
  /** `--bcc key`, repeatable: appended to the BCC header array. Default: [] */
  readonly bcc?: readonly string[]
}

/** `--header` type names: RabbitMQ's field types plus short aliases (int = signedint, the AMQP 'I' type). */
const TYPE_ALIASES: ReadonlyMap<string, string> = new Map([
  ['string', 'longstr'], ['str', 'longstr'], ['longstr', 'longstr'],
  ['int', 'signedint'], ['signedint', 'signedint'], ['long', 'long'], ['short', 'short'], ['byte', 'byte'],
  ['unsignedbyte', 'unsignedbyte'], ['unsignedshort', 'unsignedshort'], ['unsignedint', 'unsignedint'],
  ['double', 'double'], ['float', 'float'], ['bool', 'bool'], ['boolean', 'bool'],
  ['timestamp', 'timestamp'], ['void', 'void'], ['null', 'void'], ['array', 'array'], ['table', 'table'],
])

const INTEGER_RANGES: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['byte', [-128, 127]], ['unsignedbyte', [0, 255]], ['short', [-32768, 32767]], ['unsignedshort', [0, 65535]],
  ['signedint', [-(2 ** 31), 2 ** 31 - 1]], ['unsignedint', [0, 2 ** 32 - 1]],
  ['long', [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]], ['timestamp', [0, Number.MAX_SAFE_INTEGER]],
])

const TYPE_LIST = 'string, int, long, short, byte, unsignedint, double, float, bool, timestamp, void, array, table'

/**
 * The message headers from `--headers`, then each `--header` (a later name replaces an earlier one, as RabbitMQ
 * folds duplicate header names into one map entry), then `--cc` / `--bcc` appended to the CC / BCC arrays.
 * Throws UsageError (exit 2) naming the header on bad syntax.
 */
export function buildHeaders(opts: HeaderOptions): AmqpTable {
  const out = new Map<string, AmqpValue>()
  if (opts.headers !== undefined) {
    for (const [k, v] of headersFromJson(opts.headers, '--headers')) out.set(k, v)
  }
  for (const spec of opts.header ?? []) {
    const [name, value] = parseHeaderArg(spec)
    out.delete(name) // last wins, and its position too
    out.set(name, value)
  }
  appendRoutingKeys(out, 'CC', opts.cc ?? [])
  appendRoutingKeys(out, 'BCC', opts.bcc ?? [])
  return out
}

/** `--cc`/`--bcc` extend an array header; a non-array CC stays as given, so the publish fails as RabbitMQ's would (406). */
export function appendRoutingKeys(headers: Map<string, AmqpValue>, name: 'CC' | 'BCC', keys: readonly string[]): void {
  if (keys.length === 0) return
  const current = headers.get(name)
  if (current !== undefined && current.type !== 'array') return
  const elements: AmqpValue[] = current ? [...current.value] : []
  for (const k of keys) elements.push({ type: 'longstr', value: k })
  headers.set(name, { type: 'array', value: elements })
}

/**
 * One `--header`: `name=value` (string), `name:type=value`, or `name:void`. The type is taken from the last
 * `:` before the `=`; a name containing `:` needs an explicit type (`a:b:string=c`).
 */
export function parseHeaderArg(spec: string): [string, AmqpValue] {
  const eq = spec.indexOf('=')
  const left = eq < 0 ? spec : spec.slice(0, eq)
  const text = eq < 0 ? undefined : spec.slice(eq + 1)
  const colon = left.lastIndexOf(':')
  let name = left
  let type = 'longstr'
  if (colon >= 0) {
    const typeWord = left.slice(colon + 1)
    const resolved = TYPE_ALIASES.get(typeWord.toLowerCase())
    if (resolved === undefined) {
      throw new UsageError(`--header ${JSON.stringify(spec)}: unknown type "${typeWord}" (types: ${TYPE_LIST}); a name containing ':' needs an explicit type, e.g. ${left}:string=...`)
    }
    name = left.slice(0, colon)
    type = resolved
  }
  const where = `--header ${JSON.stringify(spec)}`
  if (Buffer.byteLength(name, 'utf8') > 255) throw new UsageError(`${where}: header name is longer than 255 bytes (AMQP shortstr)`)
  if (type === 'void') {
    if (text !== undefined && text !== '') throw new UsageError(`${where}: a void header takes no value (write ${name}:void)`)
    return [name, { type: 'void' }]
  }
  if (text === undefined) throw new UsageError(`${where}: expected name=value, name:type=value or name:void`)
  return [name, parseTypedText(type, text, `${where}`)]
}

function parseTypedText(type: string, text: string, where: string): AmqpValue {
  switch (type) {
    case 'longstr': return { type: 'longstr', value: text }
    case 'bool':
      if (text === 'true' || text === 'false') return { type: 'bool', value: text === 'true' }
      throw new UsageError(`${where}: a bool is true or false, got "${text}"`)
    case 'double': case 'float': {
      const n = text.trim() === '' ? NaN : Number(text)
      if (!Number.isFinite(n)) throw new UsageError(`${where}: expected a number, got "${text}"`)
      // A float header is a float32 on the wire: keep the value RabbitMQ would see.
      return { type, value: type === 'float' ? Math.fround(n) : n }
    }
    case 'timestamp': {
      if (!/^-?\d+$/.test(text.trim())) {
        const ms = Date.parse(text)
        if (Number.isNaN(ms)) throw new UsageError(`${where}: a timestamp is whole seconds since the epoch or an ISO 8601 date, got "${text}"`)
        return { type: 'timestamp', value: Math.floor(ms / 1000) }
      }
      return { type: 'timestamp', value: integerIn('timestamp', text, where) }
    }
    case 'array': case 'table': {
      const parsed = parseTypedJson(text)
      if (!parsed.ok) throw new UsageError(`${where}: invalid JSON: ${parsed.message}`)
      if (type === 'array') {
        if (!Array.isArray(parsed.value)) throw new UsageError(`${where}: expected a JSON array, e.g. ["a",1]`)
        return decodeOrThrow(parsed.value, where)
      }
      return { type: 'table', value: tableFromPlain(parsed.value, where) }
    }
    default: {
      if (!/^\s*-?\d+\s*$/.test(text)) throw new UsageError(`${where}: expected a whole number for ${type}, got "${text}"`)
      return { type: type as 'long', value: integerIn(type, text, where) }
    }
  }
}

function integerIn(type: string, text: string, where: string): number {
  const n = Number(text)
  const [min, max] = INTEGER_RANGES.get(type) ?? [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${where}: ${text} is out of range for ${type} (${min} to ${max})`)
  return n
}

/** A JSON object (e.g. `--headers`, a batch probe's `headers`) in the typed encoding, as a field table. */
export function headersFromJson(text: string, where: string): AmqpTable {
  const parsed = parseTypedJson(text)
  if (!parsed.ok) throw new UsageError(`${where}: invalid JSON: ${parsed.message}`)
  return tableFromPlain(parsed.value, where)
}

/** A parsed JSON object → field table; each value decoded with the typed encoding. Errors name the header. */
export function tableFromPlain(plain: unknown, where: string): AmqpTable {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new UsageError(`${where}: expected a JSON object of headers, e.g. {"format": "pdf", "n": 1}`)
  }
  const out = new Map<string, AmqpValue>()
  for (const key of Object.keys(plain)) {
    out.set(key, decodeOrThrow((plain as Record<string, unknown>)[key], `${where}: header ${JSON.stringify(key)}`))
  }
  return out
}

function decodeOrThrow(plain: unknown, where: string): AmqpValue {
  const r = decodeTypedValue(plain)
  if (!r.ok) throw new UsageError(`${where}${r.path.length > 0 ? ` at ${r.path.map((p) => `[${JSON.stringify(p)}]`).join('')}` : ''}: ${r.message}`)
  return r.value
}
