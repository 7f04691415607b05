import type { Publish, PublishError, RouteResult } from '../../core/route-types.js'
import { closestName } from '../../report/suggest.js'
import { UsageError } from '../io.js'
import type { BatchOutput } from './batch-output.js'

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
 * Writes compact result lines straight into a batch's output bytes: `line`, then the selected fields in the order
 * of the full shape, then `error` when the probe had one. Built from `router.route()`, so no hop or route is ever
 * built, and written by hand with no string per line: this runs once per probe and was most of a compact batch.
 */
export class CompactLineWriter {
  private readonly vhost: boolean
  private readonly exchange: boolean
  private readonly routingKey: boolean
  private readonly routingKeys: boolean
  private readonly mandatory: boolean
  private readonly queues: boolean
  private readonly routed: boolean
  private readonly returned: boolean
  private readonly verdict: boolean
  private readonly unsupported: boolean
  /**
   * Names' JSON text as UTF-8, after a comma (queue and exchange names come from the topology, so this is bounded by
   * it): quoting the same few thousand names again for every probe was the largest cost of a compact line.
   */
  private readonly quoted = new Map<string, Uint8Array>()

  constructor(private readonly fields: FieldSelection) {
    this.vhost = fields.has('vhost')
    this.exchange = fields.has('exchange')
    this.routingKey = fields.has('routingKey')
    this.routingKeys = fields.has('routingKeys')
    this.mandatory = fields.has('mandatory')
    this.queues = fields.has('queues')
    this.routed = fields.has('routed')
    this.returned = fields.has('returned')
    this.verdict = fields.has('verdict')
    this.unsupported = fields.has('unsupported')
  }

  /** One result line, line end included; returns where its bytes after the line number begin. */
  write(out: BatchOutput, line: number, vhost: string, publish: Publish, r: RouteResult): number {
    // the fixed pieces are bytes made once: one typed-array copy each, cheap even before V8 optimises this code
    const after = out.lineStart(line)
    if (this.vhost) out.str(`,"vhost":${JSON.stringify(vhost)}`)
    if (this.exchange) out.str(`,"exchange":${JSON.stringify(publish.exchange)}`)
    if (this.routingKey) out.str(`,"routingKey":${JSON.stringify(publish.routingKey)}`)
    if (this.routingKeys) out.str(`,"routingKeys":${JSON.stringify(r.routingKeys)}`)
    if (this.mandatory) out.raw(MANDATORY[publish.mandatory === true ? 1 : 0]!)
    if (this.queues) this.names(out, QUEUES, r.queues)
    if (this.routed) out.raw(ROUTED[r.routed ? 1 : 0]!)
    if (this.returned) out.raw(RETURNED[r.returned ? 1 : 0]!)
    if (this.verdict) out.str(`,"verdict":"${verdictOf(r)}"`)
    if (this.unsupported) this.names(out, UNSUPPORTED, r.unsupported)
    if (r.error) out.str(`,"error":${JSON.stringify(errorJson(r.error))}`)
    out.raw(LINE_END)
    return after
  }

  /** The line of a probe that could not be read: the selected result fields with their empty values, and the error. */
  badProbeJson(line: number, error: { code: number; name: string; message: string }): string {
    return compactBadProbeJson(this.fields, line, error)
  }

  /** `key` and a JSON list of names. */
  private names(out: BatchOutput, key: Uint8Array, xs: readonly string[]): void {
    const n = xs.length
    out.raw(key)
    if (n === 0) return out.raw(EMPTY_LIST)
    for (let i = 0; i < n; i++) {
      const x = xs[i]!
      let q = this.quoted.get(x)
      if (q === undefined) this.quoted.set(x, (q = Buffer.from(`,${JSON.stringify(x)}`, 'utf8')))
      // each name is kept with the comma before it; the first one's comma becomes the list's bracket
      const at = out.size
      out.raw(q)
      if (i === 0) out.overwrite(at, 0x5b)
    }
    out.raw(LIST_END)
  }
}

const bytesOf = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'))
/** A boolean field's two possible texts, `,"name":false` and `,"name":true`, by its value. */
const booleanField = (name: string): readonly [Uint8Array, Uint8Array] => [bytesOf(`,"${name}":false`), bytesOf(`,"${name}":true`)]
const MANDATORY = booleanField('mandatory')
const ROUTED = booleanField('routed')
const RETURNED = booleanField('returned')
const QUEUES = bytesOf(',"queues":')
const UNSUPPORTED = bytesOf(',"unsupported":')
const EMPTY_LIST = bytesOf('[]')
const LIST_END = bytesOf(']')
const LINE_END = bytesOf('}\n')

/** A probe that could not be read: the selected result fields with their empty values, and the error. */
function compactBadProbeJson(fields: FieldSelection, line: number, error: PublishError | { code: number; name: string; message: string }): string {
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
