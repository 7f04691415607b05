import { once } from 'node:events'
import { promises as fsPromises } from 'node:fs'
import { resolve } from 'node:path'
import type { AmqpValue } from '../../core/amqp-value.js'
import type { VhostTopology } from '../../core/model.js'
import type { Publish } from '../../core/route-types.js'
import { createRouter, type Router } from '../../core/router.js'
import { makeTraceView } from '../../report/trace-view.js'
import { TraceJsonCache, traceToJson, type ErrorJson } from '../../report/trace-json.js'
import { closestName } from '../../report/suggest.js'
import { appendRoutingKeys, tableFromPlain } from '../header-args.js'
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.js'
import { displayPath, loadForCommand } from '../load-for-command.js'
import { ioErrorWords } from '../../topology/io-error-words.js'
import { parseTypedJson } from '../typed-json.js'
import type { TraceOptions } from './trace.js'
import { CompactLineWriter, parseFields } from './trace-fields.js'
import { BatchMemo } from './batch-memo.js'
import { BatchLines } from './batch-lines.js'
import { BatchOutput } from './batch-output.js'

const PROBE_FIELDS = ['exchange', 'routingKey', 'vhost', 'headers', 'cc', 'bcc', 'mandatory'] as const
const PROBE_FIELD_SET: ReadonlySet<string> = new Set(PROBE_FIELDS)
/** Output is written in chunks of about this many bytes: one write per chunk, waiting for 'drain' when asked to. */
const CHUNK_BYTES = 64 * 1024
/** A probe line longer than this is rejected without being buffered whole. */
const MAX_LINE_CHARS = 1024 * 1024

class BadProbe extends Error {}

/**
 * `rmq-sim trace --batch FILE|-`: one JSON probe per line, one JSON result per line, in order: the full shape
 * (docs/trace-json.md) by default, or with `--fields` a compact line of the fields named. The topology
 * is loaded once and each vhost's router compiled once. Blank lines are skipped (no output line). A bad line
 * or a failing publish gets its `error` and the rest still run. Exit 1 when any probe had an error.
 */
export async function traceBatch(topologyFile: string | undefined, source: string, opts: TraceOptions, io: CliIO): Promise<number> {
  if (source === '-' && topologyFile === '-') throw new UsageError('trace: stdin ("-") can hold the topology or the --batch probes, not both')
  // --fields: compact lines from router.route() (no hops or routes are built); checked before reading any file
  const fields = opts.fields === undefined ? undefined : parseFields(opts.fields)
  if (fields !== undefined && opts.verbose) throw new UsageError('trace: --verbose adds bindings to hops, which --fields does not print; use one or the other')
  const { topology, vhost: defaultVhost, rules } = await loadForCommand('trace', topologyFile, { ...opts, requireVhost: false }, io)
  if (source === '-' && io.stdin.isTTY) io.stderr.write('rmq-sim: reading probes from the terminal, one JSON object per line (Ctrl-D to end)\n')
  const input = source === '-' ? io.stdin : await openInput(source, io)
  const routers = new Map<string, Router>()
  const routerFor = (vh: VhostTopology): Router => {
    let r = routers.get(vh.name)
    if (r === undefined) { r = createRouter(vh, rules); routers.set(vh.name, r) }
    return r
  }
  const vhostNames = [...topology.vhosts.keys()]

  let failed = false
  const output = new BatchOutput(CHUNK_BYTES)
  const flush = async (): Promise<void> => {
    if (output.size === 0) return
    const { bytes, done } = output.take()
    if (!io.stdout.write(bytes, done)) await once(io.stdout, 'drain')
  }

  const json = new TraceJsonCache()
  const compact = fields === undefined ? undefined : new CompactLineWriter(fields)
  const memo = new BatchMemo()
  let lineNo = 0
  /** A result line that begins `{"line":N` and a non-digit: where its bytes after the number begin. */
  const afterNumber = (text: string): number => {
    const prefix = `{"line":${lineNo}`
    return text.startsWith(prefix) && !isDigit(text.charCodeAt(prefix.length)) ? output.lastLine.start + prefix.length : -1
  }
  const badProbe = (message: string): number => {
    failed = true
    const error: ErrorJson = { code: 400, name: 'BAD_PROBE', message }
    const text = compact !== undefined ? compact.badProbeJson(lineNo, error) : JSON.stringify({ line: lineNo, queues: [], routed: false, error })
    output.text(text)
    return afterNumber(text)
  }
  /**
   * The result line of one probe, the long way: read the probe, route it, write the result. Returns where the
   * result's bytes after its line number begin (what the memo keeps), or -1 when there are none to keep.
   */
  const answer = (line: string): number => {
    let probe: { publish: Publish; vhost: VhostTopology }
    try {
      probe = parseProbe(line, opts, defaultVhost, (name) => topology.vhosts.get(name), vhostNames)
    } catch (e) {
      if (!(e instanceof BadProbe || e instanceof UsageError)) throw e
      return badProbe(e.message)
    }
    const { publish, vhost } = probe
    const router = routerFor(vhost)
    if (compact !== undefined) {
      const result = router.route(publish)
      if (result.error) failed = true
      return compact.write(output, lineNo, vhost.name, publish, result)
    }
    const result = router.trace(publish, opts.verbose ? { explain: true } : undefined)
    if (result.error) failed = true
    const text = JSON.stringify(traceToJson(makeTraceView(vhost.name, rules.label, publish, result), { line: lineNo, cache: json }))
    output.text(text)
    return afterNumber(text)
  }
  /** The line text[start, end) (its line end left out): its result line into the output (none for a blank line). */
  const handle = (text: string, start: number, end: number): void => {
    lineNo++
    if (end > start && text.charCodeAt(end - 1) === 0x0d) end--
    const line = text.slice(start, end)
    // a line seen before: its result is the same apart from the line number (blank lines are never kept)
    const seen = memo.find(line)
    if (seen !== undefined) return output.numbered(lineNo, seen)
    if (line.trim() === '') return
    const after = answer(line)
    if (after >= 0 && memo.taking) memo.set(line, output.lastLine.bytes, after, output.size)
  }
  const lines = new BatchLines({
    line: handle,
    overlong() {
      lineNo++
      badProbe(`line longer than ${MAX_LINE_CHARS} characters`)
    },
    get full() {
      return output.size >= CHUNK_BYTES
    },
  }, MAX_LINE_CHARS)
  try {
    for await (const piece of input as AsyncIterable<string | Uint8Array>) {
      lines.push(typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength))
      // synchronous per line; waits for the output (flush, 'drain') only once a chunk is full
      while (!lines.read()) await flush()
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    if (typeof err?.code !== 'string') throw e
    await flush()
    throw new UsageError(`trace --batch: cannot read ${source === '-' ? 'stdin' : displayPath(source, io.cwd)}: ${ioErrorWords(err)}`)
  }
  lines.end()
  await flush()
  return failed ? EXIT_FINDINGS : EXIT_OK
}

async function openInput(file: string, io: CliIO): Promise<NodeJS.ReadableStream> {
  try {
    const fh = await fsPromises.open(resolve(io.cwd, file), 'r')
    return fh.createReadStream()
  } catch (e) {
    throw new UsageError(`trace --batch: cannot read ${displayPath(file, io.cwd)}: ${ioErrorWords(e)}`)
  }
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39

function parseProbe(
  line: string,
  opts: TraceOptions,
  defaultVhost: VhostTopology | undefined,
  vhostByName: (name: string) => VhostTopology | undefined,
  vhostNames: readonly string[],
): { publish: Publish; vhost: VhostTopology } {
  const parsed = parseTypedJson(line)
  if (!parsed.ok) throw new BadProbe(`invalid JSON: ${parsed.message}`)
  const p = parsed.value
  if (typeof p !== 'object' || p === null || Array.isArray(p)) {
    throw new BadProbe('a probe is a JSON object: {"exchange": "...", "routingKey": "...", "headers": {...}, "cc": [...], "bcc": [...], "vhost": "...", "mandatory": false}')
  }
  const probe = p as Record<string, unknown>
  for (const k of Object.keys(probe)) {
    if (!PROBE_FIELD_SET.has(k)) {
      const guess = closestName(k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), PROBE_FIELDS) ?? closestName(k, PROBE_FIELDS)
      throw new BadProbe(`unknown field ${JSON.stringify(k)}${guess ? ` (did you mean "${guess}"?)` : ''}; fields: ${PROBE_FIELDS.join(', ')}`)
    }
  }
  const exchange = Object.hasOwn(probe, 'exchange') ? probe.exchange : opts.exchange
  if (typeof exchange !== 'string') throw new BadProbe(exchange === undefined ? 'missing "exchange" ("" is the default exchange)' : '"exchange" must be a string')
  const routingKey = Object.hasOwn(probe, 'routingKey') ? probe.routingKey : (opts.key ?? '')
  if (typeof routingKey !== 'string') throw new BadProbe('"routingKey" must be a string')
  const mandatory = Object.hasOwn(probe, 'mandatory') ? probe.mandatory : opts.mandatory === true
  if (typeof mandatory !== 'boolean') throw new BadProbe('"mandatory" must be true or false')

  let vhost = defaultVhost
  if (Object.hasOwn(probe, 'vhost')) {
    if (typeof probe.vhost !== 'string') throw new BadProbe('"vhost" must be a string')
    vhost = vhostByName(probe.vhost)
    if (vhost === undefined) throw new BadProbe(`no vhost ${JSON.stringify(probe.vhost)} in this topology (vhosts: ${vhostNames.map((n) => JSON.stringify(n)).join(', ')})`)
  }
  if (vhost === undefined) throw new BadProbe(`the topology has several vhosts and none is "/": give "vhost" in the probe or --vhost (vhosts: ${vhostNames.map((n) => JSON.stringify(n)).join(', ')})`)

  let headers: Map<string, AmqpValue> | undefined
  if (Object.hasOwn(probe, 'headers') && probe.headers !== null) headers = new Map(tableFromPlain(probe.headers, '"headers"'))
  const cc = stringList(probe, 'cc')
  const bcc = stringList(probe, 'bcc')
  if (cc.length > 0 || bcc.length > 0) {
    headers ??= new Map()
    appendRoutingKeys(headers, 'CC', cc)
    appendRoutingKeys(headers, 'BCC', bcc)
  }
  // no spread of a conditional object: this runs once per probe
  const publish: Publish = headers !== undefined && headers.size > 0 ? { exchange, routingKey, headers, mandatory } : { exchange, routingKey, mandatory }
  return { publish, vhost }
}

function stringList(probe: Record<string, unknown>, field: 'cc' | 'bcc'): string[] {
  if (!Object.hasOwn(probe, field) || probe[field] === null) return []
  const v = probe[field]
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new BadProbe(`"${field}" must be an array of strings`)
  return v as string[]
}
