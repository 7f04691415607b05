import { relative, resolve, sep } from 'node:path'
import { ownPackage } from '../package-root.js'
import { DEFAULT_VERSION, parseVersion, rulesFor, type VersionRules } from '../../core/versions.js'
import { lintTopology } from '../../lint/lint-topology.js'
import { makeChalk } from '../../report/colour.js'
import { formatGithub, formatJson, formatSarif, formatStylish, summarize, type FileReport } from '../../report/diagnostics/index.js'
import type { Diagnostic } from '../../topology/diagnostic.js'
import { loadTopologyFile } from '../../topology/load.js'
import { expandGlobs } from '../glob.js'
import type { InputOptions } from '../input-options.js'
import { loadOptions } from '../load-for-command.js'
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io.js'

/** Options of `rmq-sim lint` (declared in program.ts). */
export interface LintOptions extends InputOptions {
  /** Default: 'stylish' */
  readonly format?: 'stylish' | 'json' | 'github' | 'sarif'
  /** Same as --format json. Default: false */
  readonly json?: boolean
  /** Exit 1 when there are more warnings than this. Default: no limit */
  readonly maxWarnings?: number
  /** Report errors only. Default: false */
  readonly quiet?: boolean
  /** RabbitMQ version whose rules apply. Default: the file's version, else DEFAULT_VERSION */
  readonly rabbitmq?: string
  /** false for --no-color. */
  readonly color?: boolean
}

/** Loader findings that mean "could not even read it": exit 2, as a missing file is for eslint. */
const IO_FATAL = /^io\/(not-found|unreadable|too-large)$/

/**
 * `rmq-sim lint <files or globs...>`: load each file (a file that fails to parse is an error finding, the others are
 * still linted), lint it with the version's rules, print one report. Exit 0 without errors, 1 with errors or too many
 * warnings, 2 for usage and I/O problems (bad version, a glob matching nothing, a missing, unreadable or too large file).
 */
export async function lintCommand(args: readonly string[], opts: LintOptions, io: CliIO): Promise<number> {
  let forced: VersionRules | undefined
  if (opts.rabbitmq !== undefined) {
    const parsed = parseVersion(opts.rabbitmq)
    if (!parsed.ok) throw new UsageError(parsed.message)
    forced = rulesFor(opts.rabbitmq)
  }
  const { files, unmatched } = expandGlobs(args, io.cwd)
  if (unmatched.length > 0) {
    throw new UsageError(`no files match ${unmatched.map((g) => `'${g}'`).join(', ')}`)
  }
  const format = opts.json ? 'json' : (opts.format ?? 'stylish')
  const reports: FileReport[] = []
  let fatal = false
  for (const file of files) {
    const loaded = await loadTopologyFile(file, loadOptions(opts, io))
    const display = file === '-' ? loaded.file : displayName(io.cwd, file)
    let diagnostics: Diagnostic[]
    if (loaded.diagnostics.some((d) => IO_FATAL.test(d.rule))) {
      fatal = true
      diagnostics = [...loaded.diagnostics]
    } else {
      const { rules, problem } = rulesForFile(forced, loaded.topology?.rabbitmqVersion)
      try {
        diagnostics = lintTopology(loaded, rules)
      } catch (err) {
        // a bug in one rule must not hide the other files' findings; exit 2 as for any internal error
        fatal = true
        diagnostics = [...loaded.diagnostics, { rule: 'lint/internal-error', severity: 'error', message: `internal error while linting: ${(err as Error)?.message ?? String(err)} (please report it)`, file: loaded.file, path: [] }]
      }
      if (problem) diagnostics.unshift({ rule: 'lint/rabbitmq-version', severity: 'warning', message: problem, file: loaded.file, path: ['rabbitmq'] })
    }
    reports.push({ file: display, diagnostics: diagnostics.map((d) => ({ ...d, file: display })), source: loaded.source })
  }
  const totals = summarize(reports)
  const shown = opts.quiet ? reports.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') })) : reports
  io.stdout.write(render(format, shown, io, opts))
  if (fatal) {
    for (const r of reports) for (const d of r.diagnostics) if (IO_FATAL.test(d.rule) || d.rule === 'lint/internal-error') io.stderr.write(`rmq-sim: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}\n`)
    return EXIT_USAGE
  }
  if (totals.errors > 0) return EXIT_FINDINGS
  if (opts.maxWarnings !== undefined && totals.warnings > opts.maxWarnings) {
    io.stderr.write(`rmq-sim: too many warnings (${totals.warnings}); --max-warnings is ${opts.maxWarnings}\n`)
    return EXIT_FINDINGS
  }
  return EXIT_OK
}

function render(format: string, reports: readonly FileReport[], io: CliIO, opts: LintOptions): string {
  switch (format) {
    case 'json': return formatJson(reports)
    case 'github': return formatGithub(reports)
    case 'sarif': return formatSarif(reports, packageInfo())
    default: return formatStylish(reports, makeChalk(io.env, io.stdout.isTTY, opts.color === false ? false : undefined))
  }
}

/** --rabbitmq wins, then the file's own version, then the default. A bad version in a file is a warning, not a crash. */
function rulesForFile(forced: VersionRules | undefined, fileVersion: string | undefined): { rules: VersionRules; problem?: string } {
  if (forced) return { rules: forced }
  if (fileVersion === undefined) return { rules: rulesFor(DEFAULT_VERSION) }
  const parsed = parseVersion(fileVersion)
  if (parsed.ok) return { rules: rulesFor(fileVersion) }
  return { rules: rulesFor(DEFAULT_VERSION), problem: `${parsed.message}; linting with the rules of ${DEFAULT_VERSION}` }
}

/** Relative to the working directory with "/" separators (what SARIF and GitHub want); outside it, as given. */
function displayName(cwd: string, file: string): string {
  const rel = relative(cwd, resolve(cwd, file))
  const shown = rel.startsWith('..') || rel === '' ? file : rel
  return shown.split(sep).join('/')
}

/** rmq-sim's version and, when package.json names a homepage, where its docs live (for SARIF helpUri). */
function packageInfo(): { toolVersion: string; docsBaseUri?: string } {
  try {
    const pkg = ownPackage(import.meta.url)
    return { toolVersion: pkg.version, ...(pkg.homepage ? { docsBaseUri: pkg.homepage.endsWith('/') ? pkg.homepage : `${pkg.homepage}/` } : {}) }
  } catch {
    return { toolVersion: '0.0.0' }
  }
}
