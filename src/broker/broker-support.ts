import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import type { Binding } from '../core/model.js'
import type { RouteResult } from '../core/route-types.js'
import type { PendingAck, QueueState } from './state.js'
import { describeArgValue } from './errors.js'
import { MAX_EXPIRY_MS } from './queue-args.js'

/** rabbit_misc:type_class: integer widths compare as one class, float/double as another. */
function typeClass(type: string): string {
  switch (type) {
    case 'byte': case 'short': case 'signedint': case 'long': case 'unsignedbyte': case 'unsignedshort': case 'unsignedint':
      return 'int'
    case 'float': case 'double':
      return 'float'
    default:
      return type
  }
}

/** Deep equality of AMQP values as Erlang `==` after the type-class check (rabbit_misc:assert_args_equivalence1). */
export function amqpValueEquals(a: AmqpValue, b: AmqpValue): boolean {
  if (typeClass(a.type) !== typeClass(b.type)) return false
  if (a.type === 'void' || b.type === 'void') return a.type === b.type
  if (a.type === 'array' && b.type === 'array') {
    return a.value.length === b.value.length && a.value.every((v, i) => amqpValueEquals(v, b.value[i] as AmqpValue))
  }
  if (a.type === 'table' && b.type === 'table') return tableEquals(a.value, b.value)
  return (a as { value: unknown }).value === (b as { value: unknown }).value
}

export function tableEquals(a: AmqpTable, b: AmqpTable): boolean {
  if (a.size !== b.size) return false
  for (const [k, v] of a) {
    const w = b.get(k)
    if (w === undefined || !amqpValueEquals(v, w)) return false
  }
  return true
}

/** rabbit_misc:assert_field_equivalence: "inequivalent arg 'durable' for queue 'q' in vhost '/': received 'true' but current is 'false'". */
export function fieldEquivalenceError(field: string, resource: string, received: string | boolean, current: string | boolean): string | undefined {
  if (received === current) return undefined
  return `inequivalent arg '${field}' for ${resource}: received '${String(received)}' but current is '${String(current)}'`
}

/**
 * rabbit_misc:assert_args_equivalence over the given keys: when both sides have the key the message shows the bare
 * values ("received '200' but current is '100'"), otherwise the typed form or "none" (rabbit_misc:val/1).
 */
export function argsEquivalenceError(current: AmqpTable, requested: AmqpTable, resource: string, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const a = current.get(key)
    const b = requested.get(key)
    if (a === undefined && b === undefined) continue
    if (a !== undefined && b !== undefined) {
      if (amqpValueEquals(a, b)) continue
      return `inequivalent arg '${key}' for ${resource}: received '${bareValue(b)}' but current is '${bareValue(a)}'`
    }
    return `inequivalent arg '${key}' for ${resource}: received ${describeArgValue(b)} but current is ${describeArgValue(a)}`
  }
  return undefined
}

function bareValue(v: AmqpValue): string {
  if (v.type === 'void') return 'undefined'
  if (v.type === 'array' || v.type === 'table') return JSON.stringify(v.value)
  return String(v.value)
}

/** Identity of a binding: source, destination (and type), key, arguments. */
export function bindingKey(b: Binding): string {
  const args = [...b.arguments].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
  return JSON.stringify([b.source, b.destinationType, b.destination, b.routingKey, args])
}

/**
 * rabbit_basic:parse_expiration: a decimal integer string (string:to_integer, so a sign is allowed), 0 to 10
 * years. Returns the ms, or RabbitMQ's error term as text.
 */
export function parseExpiration(text: string): number | string {
  const m = /^([+-]?\d+)(.*)$/s.exec(text)
  if (m === null) return 'no_integer'
  if (m[2] !== '') return `{leftover_string,${JSON.stringify(m[2])}}`
  const n = Number(m[1])
  if (n < 0) return `{value_negative,${n}}`
  if (n > MAX_EXPIRY_MS) return `{value_too_large,${n},${MAX_EXPIRY_MS}}`
  return n
}

/** UTF-8 byte length of a string without allocating. */
export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++ }
    else n += 3
  }
  return n
}

/** Stream arguments whose effect (retention by segment) the simulation does not model: streams keep everything. */
const STREAM_NOT_SIMULATED: readonly string[] = ['x-max-age', 'x-max-length-bytes', 'x-stream-max-segment-size-bytes', 'x-stream-filter-size-bytes']

/** Settings of this queue the simulation ignores (see QueueStats.notSimulated). */
export function notSimulated(q: QueueState): readonly string[] {
  const out: string[] = []
  const type = q.def.type
  if (type !== 'classic' && type !== 'quorum' && type !== 'stream') out.push(`x-queue-type=${type}`)
  if (type === 'stream') for (const k of STREAM_NOT_SIMULATED) if (q.def.arguments.has(k)) out.push(k)
  // at-least-once keeps a dead letter that no queue takes and retries it; the simulation delivers as at-most-once.
  if (q.effective.deadLetterStrategy === 'at-least-once') out.push('x-dead-letter-strategy=at-least-once')
  return out
}

/** Outstanding deliveries grouped as rabbit_channel:foreach_per_queue does: by {queue name, consumer tag}, sorted. */
export function settlementGroups(acks: readonly PendingAck[]): PendingAck[][] {
  const groups = new Map<string, PendingAck[]>()
  const keys = new Map<string, [string, string | undefined]>()
  for (const p of acks) {
    if (p.queue.deleted) continue
    const ctag = p.consumer?.tag
    const key = `${p.queue.def.name}\u0000${ctag ?? ''}\u0000${ctag === undefined ? 0 : 1}`
    const list = groups.get(key)
    if (list === undefined) {
      groups.set(key, [p])
      keys.set(key, [p.queue.def.name, ctag])
    } else list.push(p)
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
  return [...groups.keys()].sort((x, y) => {
    const [qa, ca] = keys.get(x)!
    const [qb, cb] = keys.get(y)!
    if (qa !== qb) return cmp(qa, qb)
    if (ca === undefined || cb === undefined) return ca === cb ? 0 : ca === undefined ? -1 : 1
    return cmp(ca, cb)
  }).map((k) => groups.get(k)!)
}

export function routingHeader(headers: AmqpTable, name: 'CC' | 'BCC'): readonly string[] {
  const v = headers.get(name)
  if (v?.type !== 'array') return []
  const out: string[] = []
  for (const e of v.value) if (e.type === 'longstr') out.push(e.value)
  return out
}

export function failedRoute(routingKey: string): RouteResult {
  return { queues: [], routes: [], routed: false, returned: false, hops: [], unsupported: [], routingKeys: [routingKey] }
}
