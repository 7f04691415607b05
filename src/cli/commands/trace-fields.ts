import type { Publish, PublishError, RouteResult } from '../../core/route-types.js'
import { closestName } from '../../report/suggest.js'
import { UsageError } from '../io.js'

/** The fields `trace --batch --fields` can print: the top-level scalars and lists of the full shape (docs/trace-json.md). */
export const COMPACT_FIELDS = ['line', 'vhost', 'exchange', 'routingKey', 'routingKeys', 'mandatory', 'queues', 'routed', 'returned', 'verdict', 'unsupported', 'error'] as const
export type CompactField = (typeof COMPACT_FIELDS)[number]
const FIELD_SET: ReadonlySet<string> = new Set(COMPACT_FIELDS)

/** The set of fields a `--fields a,b,c` value names (`line` and `error` are always printed). */
export type FieldSelection = ReadonlySet<CompactField>

export function parseFields(text: string): FieldSelection {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (names.length === 0) throw new UsageError(`trace: --fields needs at least one field: ${COMPACT_FIELDS.join(', ')}`)
  for (const n of names) {
    if (!FIELD_SET.has(n)) {
      const guess = closestName(n, COMPACT_FIELDS)
      throw new UsageError(`trace: unknown field ${JSON.stringify(n)} in --fields${guess ? ` (did you mean "${guess}"?)` : ''}; fields: ${COMPACT_FIELDS.join(', ')}`)
    }
  }
  return new Set(names as CompactField[])
}

const verdictOf = (r: RouteResult): string => (r.error ? 'error' : r.routed ? 'routed' : r.returned ? 'returned' : 'dropped')

/**
 * One compact result line: `line`, then the selected fields in the order of the full shape, then `error` when the
 * probe had one. Built from `router.route()`, so no hop or route is ever built. `quoted` caches names' JSON text
 * across the lines of one batch (only names the topology declares go in it).
 */
export function compactResultJson(fields: FieldSelection, line: number, vhost: string, publish: Publish, r: RouteResult, quoted: Map<string, string>): string {
  // Written by hand (JSON.stringify only for strings): this runs once per probe and is most of a compact batch.
  let s = `{"line":${line}`
  if (fields.has('vhost')) s += `,"vhost":${JSON.stringify(vhost)}`
  if (fields.has('exchange')) s += `,"exchange":${JSON.stringify(publish.exchange)}`
  if (fields.has('routingKey')) s += `,"routingKey":${JSON.stringify(publish.routingKey)}`
  if (fields.has('routingKeys')) s += `,"routingKeys":${JSON.stringify(r.routingKeys)}`
  if (fields.has('mandatory')) s += `,"mandatory":${publish.mandatory === true}`
  if (fields.has('queues')) s += `,"queues":${stringsJson(r.queues, quoted)}`
  if (fields.has('routed')) s += `,"routed":${r.routed}`
  if (fields.has('returned')) s += `,"returned":${r.returned}`
  if (fields.has('verdict')) s += `,"verdict":"${verdictOf(r)}"`
  if (fields.has('unsupported')) s += `,"unsupported":${stringsJson(r.unsupported, quoted)}`
  if (r.error) s += `,"error":${JSON.stringify(errorJson(r.error))}`
  return `${s}}`
}

/**
 * JSON text of a list of names, each name's quoted form kept in `quoted` (queue and exchange names come from the
 * topology, so the map is bounded by it): quoting the same few thousand names again for every probe was the
 * largest cost of a compact line.
 */
function stringsJson(xs: readonly string[], quoted: Map<string, string>): string {
  const n = xs.length
  if (n === 0) return '[]'
  let s = '['
  for (let i = 0; i < n; i++) {
    const x = xs[i]!
    let q = quoted.get(x)
    if (q === undefined) quoted.set(x, (q = JSON.stringify(x)))
    s += i === 0 ? q : `,${q}`
  }
  return `${s}]`
}

/** A probe that could not be read: the selected result fields with their empty values, and the error. */
export function compactBadProbeJson(fields: FieldSelection, line: number, error: PublishError | { code: number; name: string; message: string }): string {
  const o: Record<string, unknown> = { line }
  if (fields.has('queues')) o.queues = []
  if (fields.has('routed')) o.routed = false
  if (fields.has('returned')) o.returned = false
  if (fields.has('verdict')) o.verdict = 'error'
  if (fields.has('unsupported')) o.unsupported = []
  o.error = errorJson(error)
  return JSON.stringify(o)
}

function errorJson(e: { code: number; name: string; message: string }): { code: number; name: string; message: string } {
  return { code: e.code, name: e.name, message: e.message }
}
