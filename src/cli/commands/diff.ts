import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { AmqpValue } from '../../core/amqp-value.js'
import type { Topology } from '../../core/model.js'
import { DEFAULT_VERSION, parseVersion, rulesFor, type VersionRules } from '../../core/versions.js'
import { diffTopologies, isUnchanged } from '../../diff/diff-topologies.js'
import type { Probe } from '../../diff/routing.js'
import { DEFAULT_MAX_FILE_SIZE, loadTopologyBytes, loadTopologyFile, type LoadedTopology } from '../../topology/load.js'
import { writeFileAtomic } from '../../topology/write-file.js'
import { terminalText } from '../../report/terminal-text.js'
import { appendRoutingKeys, tableFromPlain } from '../header-args.js'
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.js'
import { displayPath } from '../load-for-command.js'
import { parseTypedJson } from '../typed-json.js'
import { rulesFromFlag } from '../version-flag.js'
import { gitShow, parseRevPath } from '../git-show.js'
import type { InputOptions } from '../input-options.js'
import { loadOptions } from '../load-for-command.js'

/** Options of `rmq-sim diff` (declared in program.ts). */
export interface DiffOptions extends InputOptions {
  /** Default: 'human' */
  readonly format?: 'human' | 'json' | 'markdown'
  readonly json?: boolean
  /** Exit 1 when routing changed. Default: false */
  readonly failOnChange?: boolean
  /** One JSON probe per line (as trace --batch): more publishes to compare. */
  readonly probes?: string
  /** Write the report to a file (not overwritten without --force). */
  readonly output?: string
  readonly force?: boolean
  readonly rabbitmq?: string
  readonly maxFileSize?: number
  readonly color?: boolean
}

/**
 * `rmq-sim diff <old> <new>`: each side a file or `REV:PATH` (read with git). Exit 0 when nothing a running broker
 * refuses changed (and, with --fail-on-change, no routing changed), 1 on a refused redeclare or (with
 * --fail-on-change) a routing change, 2 on usage, I/O, git or load errors.
 */
export async function diffCommand(oldArg: string, newArg: string, opts: DiffOptions, io: CliIO): Promise<number> {
  if (oldArg === '-' && newArg === '-') throw new UsageError('diff: stdin ("-") can hold one side, not both')
  const format = opts.json ? 'json' : (opts.format ?? 'human')
  const flagRules = rulesFromFlag(opts.rabbitmq)
  const max = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE
  const [a, b] = await Promise.all([loadSide(oldArg, opts, io, max), loadSide(newArg, opts, io, max)])
  const oldRules = flagRules ?? rulesOf(a, oldArg)
  const newRules = flagRules ?? rulesOf(b, newArg)
  const userProbes = opts.probes !== undefined ? await readProbes(opts.probes, io, b.topology) : []
  const result = diffTopologies(a.topology, b.topology, oldRules, newRules, userProbes)
  const header = { old: oldArg, new: newArg, rabbitmq: newRules.label, userProbes: userProbes.length }

  let text: string
  if (format === 'json') {
    const { diffJson } = await import('../../report/diff-report.js')
    text = `${JSON.stringify(diffJson(result, header), null, 2)}\n`
  } else {
    const [{ makeChalk }, report] = await Promise.all([import('../../report/colour.js'), import('../../report/diff-report.js')])
    const toFile = opts.output !== undefined
    if (format === 'markdown') text = report.diffMarkdown(result, header, await makeChalk(io.env, undefined, false))
    else text = report.renderDiff(result, header, await makeChalk(io.env, toFile ? undefined : io.stdout, toFile || opts.color === false ? false : undefined))
  }
  if (opts.output !== undefined) {
    const written = writeFileAtomic(resolve(io.cwd, opts.output), text, opts.force === true)
    if (!written.ok) throw new UsageError(`diff --output: ${written.message}`)
  } else io.stdout.write(text)
  if (isUnchanged(result.diff)) return EXIT_OK
  if (result.diff.refused.length > 0) return EXIT_FINDINGS
  return opts.failOnChange && result.diff.routing.changes.length > 0 ? EXIT_FINDINGS : EXIT_OK
}

interface Side { readonly topology: Topology; readonly loaded: LoadedTopology }

async function loadSide(arg: string, opts: DiffOptions, io: CliIO, max: number): Promise<Side> {
  if (arg === '') throw new UsageError('diff: an empty file name')
  const rp = parseRevPath(arg, io.cwd)
  const loaded = rp === undefined
    ? await loadTopologyFile(arg, { ...loadOptions(opts, io), maxFileSize: max })
    : await loadTopologyBytes(await gitShow(rp.rev, rp.path, io.cwd, max), arg)
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error')
  if (errors.length > 0 || loaded.topology === undefined) {
    const name = rp === undefined ? displayPath(loaded.file, io.cwd) : arg
    const lines = errors.slice(0, 5).map((d) => {
      const pos = d.pos ?? loaded.locate(d.path)
      return terminalText(`${name}${pos ? `:${pos.line}:${pos.col}` : ''} ${d.rule} ${d.message.replace(loaded.file, name)}`)
    })
    throw new UsageError(lines.join('\nrmq-sim: ') || `${name}: could not be loaded`)
  }
  return { topology: loaded.topology, loaded }
}

function rulesOf(side: Side, arg: string): VersionRules {
  const v = side.topology.rabbitmqVersion
  if (v === undefined) return rulesFor(DEFAULT_VERSION)
  const parsed = parseVersion(v)
  if (!parsed.ok) throw new UsageError(`${terminalText(arg)}: ${parsed.message} (override with --rabbitmq)`)
  return rulesFor(v)
}

const PROBE_FIELDS = new Set(['exchange', 'routingKey', 'vhost', 'headers', 'cc', 'bcc', 'mandatory'])

/** --probes FILE: one JSON probe per line, the same shape as `trace --batch`; a bad line is an error with its line number. */
async function readProbes(file: string, io: CliIO, topology: Topology): Promise<Probe[]> {
  let text: string
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new UsageError(`diff --probes: cannot read ${displayPath(file, io.cwd)}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? (e as Error).message}`)
  }
  const defaultVhost = topology.vhosts.has('/') || topology.vhosts.size !== 1 ? '/' : [...topology.vhosts.keys()][0]!
  const out: Probe[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '')
    if (line.trim() === '') continue
    const where = `${displayPath(file, io.cwd)}:${i + 1}`
    const bad = (msg: string): never => { throw new UsageError(terminalText(`diff --probes: ${where}: ${msg}`)) }
    const parsed = parseTypedJson(line)
    if (!parsed.ok) bad(`invalid JSON: ${parsed.message}`)
    const p = (parsed as { value: unknown }).value
    if (typeof p !== 'object' || p === null || Array.isArray(p)) bad('a probe is a JSON object: {"exchange": "...", "routingKey": "...", "headers": {...}}')
    const o = p as Record<string, unknown>
    for (const k of Object.keys(o)) if (!PROBE_FIELDS.has(k)) bad(`unknown field ${JSON.stringify(k)}; fields: ${[...PROBE_FIELDS].join(', ')}`)
    if (typeof o.exchange !== 'string') bad('"exchange" must be a string ("" is the default exchange)')
    if (o.routingKey !== undefined && typeof o.routingKey !== 'string') bad('"routingKey" must be a string')
    if (o.vhost !== undefined && typeof o.vhost !== 'string') bad('"vhost" must be a string')
    if (o.mandatory !== undefined && typeof o.mandatory !== 'boolean') bad('"mandatory" must be true or false')
    let headers: Map<string, AmqpValue> | undefined
    try {
      if (o.headers !== undefined && o.headers !== null) headers = new Map(tableFromPlain(o.headers, '"headers"'))
    } catch (e) {
      bad((e as Error).message)
    }
    for (const [field, name] of [['cc', 'CC'], ['bcc', 'BCC']] as const) {
      const v = o[field]
      if (v === undefined || v === null) continue
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) bad(`"${field}" must be an array of strings`)
      headers ??= new Map()
      appendRoutingKeys(headers, name, v as string[])
    }
    out.push({
      vhost: (o.vhost as string | undefined) ?? defaultVhost,
      publish: { exchange: o.exchange as string, routingKey: (o.routingKey as string | undefined) ?? '', ...(headers && headers.size > 0 ? { headers } : {}), mandatory: o.mandatory === true },
      source: `${where}`,
    })
  }
  return out
}
