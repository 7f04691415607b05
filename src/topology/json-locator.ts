import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import type { DocPath } from '../core/model.js'

/**
 * Positions in JSON text without a second full parse: JSON.parse gives no offsets, so we skip over
 * values with a small scanner, only along the path asked for. The elements of top-level arrays
 * (`queues[12]`) are indexed once on first use, so locating many entities in a big export stays linear.
 * The text is assumed to be valid JSON (JSON.parse accepted it).
 */
export interface JsonLocator {
  /** Offset of the value at `path`, or of its key (`mode: 'key'`) when the last step is an object member. */
  offsetOf(path: DocPath, mode?: 'key' | 'value'): number | undefined
  /** The deepest offset along `path` that exists (for a missing property: the object that lacks it). */
  nearestOffset(path: DocPath, mode?: 'key' | 'value'): number
}

const WS = new Set([0x20, 0x0a, 0x0d, 0x09])

function skipWs(text: string, i: number): number {
  while (i < text.length && WS.has(text.charCodeAt(i))) i++
  return i
}

/** End offset (exclusive) of the string starting at `i` (a `"`). */
function skipString(text: string, i: number): number {
  i++
  for (;;) {
    const q = text.indexOf('"', i)
    if (q === -1) return text.length
    // count the backslashes before the quote: an odd number escapes it
    let b = q - 1
    while (b >= i && text.charCodeAt(b) === 0x5c) b--
    if ((q - 1 - b) % 2 === 0) return q + 1
    i = q + 1
  }
}

/** End offset (exclusive) of the value starting at `i` (no leading whitespace). Iterative: deep nesting cannot overflow. */
export function skipJsonValue(text: string, i: number): number {
  let depth = 0
  do {
    const c = text.charCodeAt(i)
    if (c === 0x22) i = skipString(text, i)
    else if (c === 0x7b || c === 0x5b) { depth++; i++ }
    else if (c === 0x7d || c === 0x5d) { depth--; i++ }
    else if (depth > 0 && (c === 0x2c || c === 0x3a || WS.has(c))) i++
    else {
      // literal: number, true, false, null
      while (i < text.length) {
        const d = text.charCodeAt(i)
        if (d === 0x2c || d === 0x7d || d === 0x5d || WS.has(d)) break
        i++
      }
    }
    if (i >= text.length) return text.length
  } while (depth > 0)
  return i
}

type Step = { readonly value: number; readonly key?: number }

/** From the value at `start`, the member `key` (object) or element `index` (array); undefined if absent. */
function stepInto(text: string, start: number, seg: string | number): Step | undefined {
  const open = text.charCodeAt(start)
  if (open === 0x7b && typeof seg === 'string') {
    let i = skipWs(text, start + 1)
    while (text.charCodeAt(i) === 0x22) {
      const keyEnd = skipString(text, i)
      const raw = text.slice(i, keyEnd)
      // fast path for keys without escapes
      const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1)
      i = skipWs(text, keyEnd)
      i = skipWs(text, i + 1) // ':'
      if (key === seg) return { value: i, key: keyEnd - raw.length }
      i = skipWs(text, skipJsonValue(text, i))
      if (text.charCodeAt(i) !== 0x2c) return undefined
      i = skipWs(text, i + 1)
    }
    return undefined
  }
  if (open === 0x5b && typeof seg === 'number') {
    let i = skipWs(text, start + 1)
    for (let n = 0; text.charCodeAt(i) !== 0x5d && i < text.length; n++) {
      if (n === seg) return { value: i }
      i = skipWs(text, skipJsonValue(text, i))
      if (text.charCodeAt(i) !== 0x2c) return undefined
      i = skipWs(text, i + 1)
    }
  }
  return undefined
}

/** Start offsets of every element of the array at `start`. */
function arrayElementOffsets(text: string, start: number): number[] {
  const out: number[] = []
  if (text.charCodeAt(start) !== 0x5b) return out
  let i = skipWs(text, start + 1)
  while (i < text.length && text.charCodeAt(i) !== 0x5d) {
    out.push(i)
    i = skipWs(text, skipJsonValue(text, i))
    if (text.charCodeAt(i) !== 0x2c) break
    i = skipWs(text, i + 1)
  }
  return out
}

export function createJsonLocator(text: string): JsonLocator {
  const root = skipWs(text, text.charCodeAt(0) === 0xfeff ? 1 : 0)
  const topMembers = new Map<string, Step | null>()
  const arrays = new Map<string, number[]>()

  const walk = (path: DocPath): { steps: Step[]; complete: boolean } => {
    const steps: Step[] = [{ value: root }]
    for (let d = 0; d < path.length; d++) {
      const seg = path[d] as string | number
      const at = steps[steps.length - 1] as Step
      let next: Step | undefined
      if (d === 0 && typeof seg === 'string') {
        // top-level members are looked up once
        let cached = topMembers.get(seg)
        if (cached === undefined) { cached = stepInto(text, root, seg) ?? null; topMembers.set(seg, cached) }
        next = cached ?? undefined
      } else if (d === 1 && typeof seg === 'number' && typeof path[0] === 'string') {
        const name = path[0]
        let offsets = arrays.get(name)
        if (offsets === undefined) { offsets = arrayElementOffsets(text, at.value); arrays.set(name, offsets) }
        const o = offsets[seg]
        next = o === undefined ? undefined : { value: o }
      } else {
        next = stepInto(text, at.value, seg)
      }
      if (next === undefined) return { steps, complete: false }
      steps.push(next)
    }
    return { steps, complete: true }
  }

  const pick = (step: Step, mode: 'key' | 'value' | undefined): number => {
    if (mode === 'value' || step.key === undefined) return step.value
    if (mode === 'key') return step.key
    // auto: a member whose value is an object or array is shown at its key
    const c = text.charCodeAt(step.value)
    return c === 0x7b || c === 0x5b ? step.key : step.value
  }

  return {
    offsetOf(path, mode) {
      const { steps, complete } = walk(path)
      return complete ? pick(steps[steps.length - 1] as Step, mode) : undefined
    },
    nearestOffset(path, mode) {
      const { steps } = walk(path)
      return pick(steps[steps.length - 1] as Step, mode)
    },
  }
}

/**
 * Decodes the JSON object at `start` into an AMQP table the way RabbitMQ's definitions import does
 * (rabbit_misc:to_amqp_table): integers → long, numbers written with a fraction or exponent (even `1.0`) → double,
 * strings → longstr, booleans → bool, arrays → array, objects → table, null → void (the import rejects null:
 * callers report it). JSON.parse cannot tell `1.0` from `1`, hence this small re-read of just this object.
 */
export function decodeJsonTableAt(text: string, start: number): AmqpTable {
  const r = readValue(text, start, 0)
  return r.value.type === 'table' ? r.value.value : new Map()
}

function readValue(text: string, i: number, depth: number): { value: AmqpValue; end: number } {
  i = skipWs(text, i)
  const c = text.charCodeAt(i)
  if (c === 0x22) {
    const end = skipString(text, i)
    return { value: { type: 'longstr', value: JSON.parse(text.slice(i, end)) as string }, end }
  }
  if (c === 0x7b || c === 0x5b) {
    if (depth > 64) { const end = skipJsonValue(text, i); return { value: { type: 'void' }, end } }
    if (c === 0x5b) {
      const items: AmqpValue[] = []
      let j = skipWs(text, i + 1)
      while (j < text.length && text.charCodeAt(j) !== 0x5d) {
        const r = readValue(text, j, depth + 1)
        items.push(r.value)
        j = skipWs(text, r.end)
        if (text.charCodeAt(j) === 0x2c) j = skipWs(text, j + 1)
      }
      return { value: { type: 'array', value: items }, end: j + 1 }
    }
    const table = new Map<string, AmqpValue>()
    let j = skipWs(text, i + 1)
    while (text.charCodeAt(j) === 0x22) {
      const keyEnd = skipString(text, j)
      const key = JSON.parse(text.slice(j, keyEnd)) as string
      j = skipWs(text, skipWs(text, keyEnd) + 1)
      const r = readValue(text, j, depth + 1)
      table.set(key, r.value)
      j = skipWs(text, r.end)
      if (text.charCodeAt(j) === 0x2c) j = skipWs(text, j + 1)
    }
    return { value: { type: 'table', value: table }, end: j + 1 }
  }
  const end = skipJsonValue(text, i)
  const lit = text.slice(i, end)
  if (lit === 'true' || lit === 'false') return { value: { type: 'bool', value: lit === 'true' }, end }
  if (lit === 'null') return { value: { type: 'void' }, end }
  const n = Number(lit)
  return { value: /[.eE]/.test(lit) || !Number.isInteger(n) ? { type: 'double', value: n } : { type: 'long', value: n }, end }
}
