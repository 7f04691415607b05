import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { Topology } from '../../core/model.js'
import { createRouter } from '../../core/router.js'
import { DEFAULT_VERSION, parseVersion, rulesFor, type VersionRules } from '../../core/versions.js'
import type { Diagnostic, LinePos } from '../../topology/diagnostic.js'
import { loadTopologyFile } from '../../topology/load.js'
import { writeFileAtomic } from '../../topology/write-file.js'
import { checkSpecRefs } from '../../spec/check-refs.js'
import { mergeTopologies } from '../../spec/merge-topologies.js'
import { parseSpecText } from '../../spec/parse-spec.js'
import { runSpec, totals, type SpecRun } from '../../spec/run-spec.js'
import type { Spec } from '../../spec/types.js'
import { updateSpecText, type SnapshotAnswer } from '../../spec/update-spec.js'
import { terminalText } from '../../report/terminal-text.js'
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.js'
import { displayPath, pickVhost } from '../load-for-command.js'
import { rulesFromFlag } from '../version-flag.js'

/** Options of `rmq-sim test` (declared in program.ts). */
export interface TestOptions {
  /** Default: 'human' */
  readonly format?: 'human' | 'json' | 'junit'
  /** Same as --format json. Default: false */
  readonly json?: boolean
  /** Snapshot mode: write the current answers into failing `exactly` expectations. Default: false */
  readonly update?: boolean
  /** Write the report to this file instead of stdout (never overwritten without --force). */
  readonly output?: string
  /** Replace --output when it exists. Default: false */
  readonly force?: boolean
  /** Overrides the spec's and the topology's version. */
  readonly rabbitmq?: string
  /** Overrides the spec's vhost. */
  readonly vhost?: string
  readonly maxFileSize?: number
  readonly color?: boolean
}

/** A spec ready to run: parsed, its topology loaded and compiled. */
interface Prepared {
  readonly spec: Spec
  readonly text: string
  readonly display: string
  readonly topology: Topology
  readonly vhost: string
  readonly rules: VersionRules
}

/**
 * `rmq-sim test <spec...>`: runs every case of every spec. Exit 0 when all pass, 1 when any fails, 2 for a bad
 * spec (YAML, schema, unknown names, an unloadable topology: all with file:line:col) or an I/O problem. Every
 * spec is checked before any case runs, so a bad one never leaves a partial report.
 */
export async function testCommand(files: readonly string[], opts: TestOptions, io: CliIO): Promise<number> {
  const format = opts.json ? 'json' : (opts.format ?? 'human')
  const flagRules = rulesFromFlag(opts.rabbitmq)
  const prepared: Prepared[] = []
  const problems: string[] = []
  for (const file of files) {
    const p = await prepare(file, opts, flagRules, io, problems)
    if (p) prepared.push(p)
  }
  if (problems.length > 0) throw new UsageError(problems.map(terminalText).join('\nrmq-sim: '))

  const runs: SpecRun[] = prepared.map((p) => runSpec(p.spec, p.display, p.topology, createRouter(p.topology.vhosts.get(p.vhost) ?? emptyVhost(p.vhost), p.rules), p.rules))

  let updated = 0
  if (opts.update) {
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i]!
      const answers: SnapshotAnswer[] = run.results
        .filter((r) => !r.outcome.passed && r.case.expect.kind === 'exactly' && r.outcome.route.error === undefined && r.case.steps === undefined)
        .map((r) => ({ index: r.case.index, queues: r.outcome.route.queues }))
      if (answers.length === 0) continue
      const p = prepared[i]!
      const written = writeFileAtomic(resolve(io.cwd, p.spec.file), updateSpecText(p.text, answers), true)
      if (!written.ok) throw new UsageError(`test --update: ${written.message}`)
      updated += answers.length
      // the rewritten cases now hold the current answers
      const fixed = new Set(answers.map((a) => a.index))
      runs[i] = { ...run, results: run.results.map((r) => (fixed.has(r.case.index) ? { ...r, outcome: { ...r.outcome, passed: true, message: undefined } } : r)) }
    }
  }

  let text: string
  if (format === 'json') {
    const { specRunsJson } = await import('../../report/spec-report.js')
    text = `${JSON.stringify({ ...specRunsJson(runs), ...(opts.update ? { updated } : {}) }, null, 2)}\n`
  } else {
    const [{ makeChalk }, report] = await Promise.all([import('../../report/colour.js'), import('../../report/spec-report.js')])
    if (format === 'junit') {
      const { junitXml } = await import('../../report/junit-xml.js')
      text = junitXml(report.specRunsJUnit(runs, await makeChalk(io.env, undefined, false)), 'rmq-sim test')
    } else {
      const toFile = opts.output !== undefined
      const chalk = await makeChalk(io.env, toFile ? undefined : io.stdout, toFile || opts.color === false ? false : undefined)
      text = report.renderSpecRuns(runs, chalk)
      if (opts.update) text += `updated ${updated} expectation${updated === 1 ? '' : 's'} (snapshot mode)\n`
    }
  }
  if (opts.output !== undefined) {
    const written = writeFileAtomic(resolve(io.cwd, opts.output), text, opts.force === true)
    if (!written.ok) throw new UsageError(`test --output: ${written.message}`)
    const t = totals(runs)
    io.stderr.write(`rmq-sim: ${t.passed} passed, ${t.failed} failed; report written to ${displayPath(opts.output, io.cwd)}\n`)
  } else io.stdout.write(text)
  return totals(runs).failed > 0 ? EXIT_FINDINGS : EXIT_OK
}

async function prepare(file: string, opts: TestOptions, flagRules: VersionRules | undefined, io: CliIO, problems: string[]): Promise<Prepared | undefined> {
  const display = displayPath(file, io.cwd)
  const full = resolve(io.cwd, file)
  let text: string
  try {
    text = await readFile(full, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    problems.push(`${display}: cannot read the spec: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? (e as Error).message}`)
    return undefined
  }
  const parsed = parseSpecText(text, file)
  const say = (pos: LinePos | undefined, rule: string, message: string): void => {
    problems.push(`${display}${pos ? `:${pos.line}:${pos.col}` : ''} ${rule} ${message}`)
  }
  for (const d of parsed.diagnostics) say(d.pos, d.rule, d.message)
  const spec = parsed.spec
  if (!spec) return undefined

  const parts: Topology[] = []
  const base = dirname(full)
  for (const t of spec.topologies) {
    const loaded = await loadTopologyFile(resolve(base, t.file), opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {})
    const errors = loaded.diagnostics.filter((d: Diagnostic) => d.severity === 'error')
    if (errors.length > 0 || !loaded.topology) {
      if (errors.some((d) => d.rule === 'io/not-found')) say(spec.locate(t.path), 'spec/topology', `topology file ${t.file} not found (relative to the spec)`)
      else {
        for (const d of errors.slice(0, 5)) {
          const pos = d.pos ?? loaded.locate(d.path)
          problems.push(`${displayPath(loaded.file, io.cwd)}${pos ? `:${pos.line}:${pos.col}` : ''} ${d.rule} ${d.message}`)
        }
      }
      return undefined
    }
    parts.push(loaded.topology)
  }
  const { topology, conflicts } = mergeTopologies(parts)
  for (const c of conflicts) say(spec.locate(spec.topologies[c.file]!.path), 'spec/topology', `${c.kind} '${c.name}' (vhost '${c.vhost}') is declared in more than one topology file`)
  if (conflicts.length > 0) return undefined

  let rules = flagRules
  const version = spec.rabbitmq ?? topology.rabbitmqVersion
  if (rules === undefined && version !== undefined) {
    const v = parseVersion(version)
    if (!v.ok) {
      say(spec.rabbitmq !== undefined ? spec.locate(['rabbitmq']) : undefined, 'spec/rabbitmq', v.message)
      return undefined
    }
    rules = rulesFor(version)
  }
  rules ??= rulesFor(DEFAULT_VERSION)
  let vhostName: string
  try {
    vhostName = pickVhost(topology, opts.vhost ?? spec.vhost, true, display)!.name
  } catch (e) {
    say(spec.vhost !== undefined ? spec.locate(['vhost']) : undefined, 'spec/vhost', (e as Error).message.replace(/^[^:]*: /, ''))
    return undefined
  }
  const vh = topology.vhosts.get(vhostName) ?? emptyVhost(vhostName)
  const refs = checkSpecRefs(spec, createRouter(vh, rules), [...vh.queues.keys()])
  for (const r of refs) say(spec.locate(r.path), r.rule, r.message)
  if (refs.length > 0) return undefined
  return { spec, text, display, topology, vhost: vhostName, rules }
}

function emptyVhost(name: string) {
  return { name, exchanges: new Map(), queues: new Map(), bindings: [], policies: [] }
}
