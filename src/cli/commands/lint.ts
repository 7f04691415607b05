import { relative, resolve, sep } from 'node:path'
import { ownPackage } from '../package-root.js'
import { DEFAULT_VERSION, parseVersion, rulesFor, type VersionRules } from '../../core/versions.js'
import { lintTopology } from '../../lint/lint-topology.js'
import { makeChalk } from '../../report/colour.js'
import { docsBaseFromPackage, formatCheckstyle, formatGithub, formatJson, formatJunit, formatSarif, formatStylish, summarize, type FileReport } from '../../report/diagnostics/index.js'
import { RULES } from '../../lint/catalogue.js'
import { applySettings, objectNameIndex, resolveSettings, ruleIdProblem, ruleOptionsOf, RULE_LEVELS, type FileSettings, type GlobTest, type RuleLevel, type RuleSetting } from '../../lint/config/index.js'
import { applySuppressions, parseDirectives, type Directive, type SuppressedDiagnostic, type UnusedDirective } from '../../lint/suppressions.js'
import { terminalText } from '../../report/terminal-text.js'
import { writeFileAtomic } from '../../topology/write-file.js'
import { collectFiles } from '../lint/collect-files.js'
import { tuneForShortRun } from '../lint/short-run.js'
import { createConfigLookup, relativeToConfig } from '../lint/config-lookup.js'
import type { Diagnostic } from '../../topology/diagnostic.js'
import { loadTopologyFile, loadTopologyText, type LoadedTopology } from '../../topology/load.js'
import type { DocPath } from '../../core/model.js'
import { applyFixes } from '../../lint/fix/apply-fixes.js'
import { lineDiff } from '../../lint/fix/line-diff.js'
import type { InputOptions } from '../input-options.js'
import { loadOptions } from '../load-for-command.js'
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io.js'

/** Options of `rmq-sim lint` (declared in program.ts). */
export interface LintOptions extends InputOptions {
  /** Default: 'stylish' */
  readonly format?: 'stylish' | 'json' | 'github' | 'sarif' | 'junit' | 'checkstyle'
  /** Same as --format json. Default: false */
  readonly json?: boolean
  /** Exit 1 when there are more warnings than this; -1 means no limit. Default: no limit */
  readonly maxWarnings?: number
  /** Report errors only. Default: false */
  readonly quiet?: boolean
  /** RabbitMQ version whose rules apply. Default: the file's version, else the config's, else DEFAULT_VERSION */
  readonly rabbitmq?: string
  /** false for --no-color. */
  readonly color?: boolean
  /** A config file (--config FILE), or false for --no-config. Default: found by walking up from each file */
  readonly config?: string | false
  /** --rule id:level, repeatable; wins over the config (except its per-name overrides). Default: none */
  readonly rule?: readonly string[]
  /** Print the settings that apply to this file as JSON, lint nothing. */
  readonly printConfig?: string
  /** Write the report to this file (atomically, replacing it) instead of stdout. */
  readonly output?: string
  /** Say which files a directory or glob reached but were skipped. Default: false */
  readonly verbose?: boolean
  /** Report suppression comments that suppress nothing. Default: false */
  readonly reportUnusedDisableDirectives?: boolean
  /** false for --no-inline-config: suppression comments are ignored. Default: true */
  readonly inlineConfig?: boolean
  /** Apply the safe fixes to YAML files (atomically), then report what remains. Default: false */
  readonly fix?: boolean
  /** Print the fixes as a diff, write nothing, report what would remain. Default: false */
  readonly fixDryRun?: boolean
}

/** Loader findings that mean "could not even read it": exit 2, as a missing file is for eslint. */
const IO_FATAL = /^io\/(not-found|unreadable|too-large)$/

/** Top-level keys of a topology or an export: a file reached through a directory with none of them is not one. */
const TOPOLOGY_KEY = /^(?:rabbitmq|exchanges|queues|bindings|policies|vhosts)\s*:/m
/** Top-level keys of rmq-sim's other YAML files (a `test` spec, a lint config); with no entity key, not a topology. */
const OTHER_RMQ_SIM_KEY = /^(?:cases|topology|topologies|rules|overrides|ignore)\s*:/m
const ENTITY_KEY = /^(?:exchanges|queues|bindings|policies|vhosts)\s*:/m
const TOPOLOGY_JSON_KEYS = ['rabbitmq', 'exchanges', 'queues', 'bindings', 'policies', 'vhosts', 'rabbit_version', 'rabbitmq_version']

/**
 * `rmq-sim lint <files, directories or globs...>`: find each file's config, load it (a file that fails to parse is
 * an error finding, the others are still linted), lint it with the version's rules, apply the config and the
 * suppression comments, print one report. Exit 0 without errors, 1 with errors or too many warnings, 2 for usage,
 * config and I/O problems (bad version or config, a glob matching nothing, a missing, unreadable or too large file).
 */
export async function lintCommand(args: readonly string[], opts: LintOptions, io: CliIO): Promise<number> {
  let forced: VersionRules | undefined
  if (opts.rabbitmq !== undefined) {
    const parsed = parseVersion(opts.rabbitmq)
    if (!parsed.ok) throw new UsageError(parsed.message)
    forced = rulesFor(opts.rabbitmq)
  }
  const cliRules = parseRuleFlags(opts.rule ?? [])
  const lookup = createConfigLookup(opts.config === false ? { mode: 'none' } : typeof opts.config === 'string' ? { mode: 'file', file: opts.config } : { mode: 'search' }, io.cwd)
  const globs = lazyGlobTest()
  const settingsFor = async (file: string): Promise<FileSettings> => {
    const config = lookup(file)
    const needsGlobs = config?.overrides.some((o) => o.files) ?? false
    const test = needsGlobs ? await globs() : () => false
    return resolveSettings(config, config ? relativeToConfig(config, io.cwd, file) : undefined, cliRules, test)
  }
  if (opts.printConfig !== undefined) {
    io.stdout.write(`${JSON.stringify(printable(await settingsFor(opts.printConfig), io.cwd), null, 2)}\n`)
    return EXIT_OK
  }
  if (args.length === 0) throw new UsageError('name the files, directories or globs to lint')
  const { targets, unmatched } = await collectFiles(args, io.cwd, async (file) => {
    const config = lookup(file)
    if (!config || config.ignore.length === 0) return false
    const rel = relativeToConfig(config, io.cwd, file)
    return rel !== undefined && (await globs())(config.ignore, rel)
  })
  if (unmatched.length > 0) {
    throw new UsageError(`no files match ${unmatched.map((g) => `'${terminalText(g)}'`).join(', ')}`)
  }
  if (io.ownProcess) tuneForShortRun(targets.map((t) => t.file), io.cwd, io.env)
  const format = opts.json ? 'json' : (opts.format ?? 'stylish')
  const reports: FileReport[] = []
  let fatal = false
  for (const { file, explicit } of targets) {
    const settings = await settingsFor(file)
    const loaded = await loadTopologyFile(file, loadOptions(opts, io))
    const display = file === '-' ? loaded.file : displayName(io.cwd, file)
    if (!explicit && !looksLikeTopology(loaded)) {
      if (opts.verbose) io.stderr.write(`rmq-sim: skipped ${terminalText(display)}: neither a topology nor a definitions export\n`)
      continue
    }
    let { diagnostics, suppressed, namesOf, fatal: broken } = lintLoaded(loaded, settings, forced, opts)
    let source = loaded.source
    if ((opts.fix || opts.fixDryRun) && file !== '-' && loaded.format === 'yaml' && source !== undefined && !broken) {
      // eslint's order: fix what is safe, then report what remains (lint the fixed text again)
      const { text: fixedText, fixed } = applyFixes(source, diagnostics)
      if (fixed.length > 0) {
        if (opts.fix) {
          const written = writeFileAtomic(resolve(io.cwd, file), fixedText, true)
          if (!written.ok) throw new UsageError(written.message)
        } else {
          const diff = lineDiff(display, source, fixedText)
          ;(format === 'stylish' || format === 'github' ? io.stdout : io.stderr).write(diff.split('\n').map(terminalText).join('\n'))
        }
        const again = lintLoaded(await loadTopologyText(fixedText, file), settings, forced, opts)
        ;({ diagnostics, suppressed, namesOf } = again)
        source = fixedText
      }
    }
    fatal ||= broken
    const objectOf = (d: Diagnostic): string | undefined => namesOf(d.path).join(' -> ') || undefined
    reports.push({
      file: display, diagnostics: diagnostics.map((d) => ({ ...d, file: display })), source,
      ...(suppressed.length ? { suppressed: suppressed.map((d) => ({ ...d, file: display })) } : {}), objectOf,
    })
  }
  const totals = summarize(reports)
  const shown = opts.quiet ? reports.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') })) : reports
  const text = await render(format, shown, io, opts)
  if (opts.output !== undefined) {
    const written = writeFileAtomic(resolve(io.cwd, opts.output), text, true)
    if (!written.ok) throw new UsageError(written.message)
  } else {
    io.stdout.write(text)
  }
  if (fatal) {
    for (const r of reports) for (const d of r.diagnostics) if (IO_FATAL.test(d.rule) || d.rule === 'lint/internal-error') io.stderr.write(`rmq-sim: ${terminalText(d.message)}${d.hint ? `\n  hint: ${terminalText(d.hint)}` : ''}\n`)
    return EXIT_USAGE
  }
  if (totals.errors > 0) return EXIT_FINDINGS
  if (opts.maxWarnings !== undefined && opts.maxWarnings >= 0 && totals.warnings > opts.maxWarnings) {
    io.stderr.write(`rmq-sim: too many warnings (${totals.warnings}); --max-warnings is ${opts.maxWarnings}\n`)
    return EXIT_FINDINGS
  }
  return EXIT_OK
}

/** One loaded file's findings: the rules, then the config's levels, then the suppression comments. */
function lintLoaded(loaded: LoadedTopology, settings: FileSettings, forced: VersionRules | undefined, opts: LintOptions): {
  diagnostics: Diagnostic[]; suppressed: SuppressedDiagnostic[]; namesOf: (path: DocPath) => readonly string[]; fatal: boolean
} {
  let fatal = false
  let diagnostics: Diagnostic[]
  if (loaded.diagnostics.some((d) => IO_FATAL.test(d.rule))) {
    fatal = true
    diagnostics = [...loaded.diagnostics]
  } else {
    const { rules, problem } = rulesForFile(forced, loaded.topology?.rabbitmqVersion, settings.rabbitmq)
    try {
      diagnostics = lintTopology({ ...loaded, ruleOptions: ruleOptionsOf(settings) }, rules)
    } catch (err) {
      // a bug in one rule must not hide the other files' findings; exit 2 as for any internal error
      fatal = true
      diagnostics = [...loaded.diagnostics, { rule: 'lint/internal-error', severity: 'error', message: `internal error while linting: ${(err as Error)?.message ?? String(err)} (please report it)`, file: loaded.file, path: [] }]
    }
    if (problem) diagnostics.unshift({ rule: 'lint/rabbitmq-version', severity: 'warning', message: problem, file: loaded.file, path: ['rabbitmq'] })
  }
  const namesOf = objectNameIndex(loaded.topology)
  diagnostics = applySettings(diagnostics, settings, namesOf)
  let suppressed: SuppressedDiagnostic[] = []
  if (opts.inlineConfig !== false && loaded.format === 'yaml' && loaded.source !== undefined) {
    const directives = parseDirectives(loaded.source)
    if (directives.length > 0) {
      const applied = applySuppressions(diagnostics, directives)
      diagnostics = [...applied.active, ...directiveProblems(directives, applied.unused, loaded.file, opts.reportUnusedDisableDirectives === true)]
      diagnostics.sort((a, b) => (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.col ?? 0) - (b.pos?.col ?? 0))
      suppressed = applied.suppressed
    }
  }
  return { diagnostics, suppressed, namesOf, fatal }
}

/** A file reached through a directory or glob is linted when it loaded, or when it has a topology's top-level keys. */
function looksLikeTopology(loaded: { readonly topology?: unknown; readonly format?: string; readonly source?: string; readonly diagnostics: readonly Diagnostic[] }): boolean {
  if (loaded.topology !== undefined || loaded.format === 'definitions' && !loaded.diagnostics.some((d) => d.rule.startsWith('json'))) return true
  if (loaded.diagnostics.some((d) => IO_FATAL.test(d.rule))) return true
  if (loaded.source === undefined) return false
  if (/^\s*[{[]/.test(loaded.source)) {
    try {
      const data = JSON.parse(loaded.source) as unknown
      return typeof data === 'object' && data !== null && !Array.isArray(data) && TOPOLOGY_JSON_KEYS.some((k) => Object.hasOwn(data, k))
    } catch {
      // broken JSON: lint it (and report the syntax error) when it names what a topology or an export holds
      return /"(?:exchanges|queues|bindings|vhosts|rabbit_version|rabbitmq_version)"\s*:/.test(loaded.source)
    }
  }
  if (OTHER_RMQ_SIM_KEY.test(loaded.source) && !ENTITY_KEY.test(loaded.source)) return false
  return TOPOLOGY_KEY.test(loaded.source)
}

/** `--rule id:level` flags as settings; a bad one is a usage error (exit 2) with did-you-mean. */
function parseRuleFlags(flags: readonly string[]): Map<string, RuleSetting> {
  const out = new Map<string, RuleSetting>()
  for (const flag of flags) {
    const colon = flag.lastIndexOf(':')
    const id = colon === -1 ? flag : flag.slice(0, colon)
    const level = colon === -1 ? '' : flag.slice(colon + 1)
    if (!(RULE_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--rule ${terminalText(flag)}: expected <rule>:<level> with level one of ${RULE_LEVELS.join(', ')}`)
    const bad = ruleIdProblem(id)
    if (bad) throw new UsageError(`--rule ${terminalText(flag)}: ${terminalText(bad)}`)
    out.set(id, { level: level as RuleLevel })
  }
  return out
}

/** Unknown rule ids in directives (always) and unused directives (with --report-unused-disable-directives). */
function directiveProblems(directives: readonly Directive[], unused: readonly UnusedDirective[], file: string, reportUnused: boolean): Diagnostic[] {
  const out: Diagnostic[] = []
  const unknown = new Set<string>()
  for (const d of directives) {
    for (const id of d.rules) {
      if (ruleIdProblem(id) === undefined || RULES.has(id)) continue
      unknown.add(`${d.line}:${id}`)
      out.push({ rule: 'lint/unknown-directive-rule', severity: 'error', message: `rmq-sim-${d.kind} names ${ruleIdProblem(id)}`, file, path: [], pos: { line: d.line, col: d.col } })
    }
  }
  if (reportUnused) {
    for (const u of unused) {
      if (u.rule !== undefined && unknown.has(`${u.directive.line}:${u.rule}`)) continue
      const what = u.rule ? `no '${u.rule}' finding` : 'no finding'
      const where = u.directive.kind === 'disable-next-line' ? `on line ${u.directive.line + 1}` : u.directive.kind === 'disable-line' ? 'on this line' : 'in its block'
      out.push({ rule: 'lint/unused-disable-directive', severity: 'error', message: `unused rmq-sim-${u.directive.kind} directive: ${what} ${where}`, hint: 'remove the comment', file, path: [], pos: { line: u.directive.line, col: u.directive.col } })
    }
  }
  return out
}

/** The settings --print-config shows: every rule's level for this file, the options, the per-name overrides. */
function printable(settings: FileSettings, cwd: string): unknown {
  const rules: Record<string, unknown> = {}
  for (const [id, info] of RULES) {
    if (/^(io|lint\/internal-error)$/.test(id)) continue
    const s = settings.rules.get(id)
    rules[id] = s?.options ? { severity: s.level ?? info.severity, options: s.options } : (s?.level ?? info.severity)
  }
  return {
    config: settings.config ? displayName(cwd, settings.config.file) : null,
    rabbitmq: settings.rabbitmq ?? null,
    ignore: settings.config?.ignore ?? [],
    rules,
    names: settings.byName.map((o) => ({ names: o.names, rules: Object.fromEntries([...o.rules].map(([id, s]) => [id, s.level])) })),
  }
}

/** The `ignore` package, imported on first use (only a config with globs needs it). */
function lazyGlobTest(): () => Promise<GlobTest> {
  let test: GlobTest | undefined
  const compiled = new Map<string, { ignores(p: string): boolean }>()
  return async () => {
    if (test) return test
    const { default: ignore } = await import('ignore')
    test = (patterns, rel) => {
      const key = patterns.join('\u0000')
      let ig = compiled.get(key)
      if (!ig) { ig = ignore().add([...patterns]); compiled.set(key, ig) }
      return ig.ignores(rel)
    }
    return test
  }
}

async function render(format: string, reports: readonly FileReport[], io: CliIO, opts: LintOptions): Promise<string> {
  switch (format) {
    case 'json': return formatJson(reports)
    case 'github': return formatGithub(reports)
    case 'sarif': return formatSarif(reports, { ...packageInfo(), srcRoot: io.cwd })
    case 'junit': return formatJunit(reports)
    case 'checkstyle': return formatCheckstyle(reports)
    default: return formatStylish(reports, await makeChalk(io.env, io.stdout, opts.color === false ? false : undefined))
  }
}

/**
 * --rabbitmq wins, then the file's own version, then the config's, then the default. A bad version in a file is a
 * warning, not a crash.
 */
function rulesForFile(forced: VersionRules | undefined, fileVersion: string | undefined, configVersion: string | undefined): { rules: VersionRules; problem?: string } {
  if (forced) return { rules: forced }
  if (fileVersion === undefined) return { rules: rulesFor(configVersion ?? DEFAULT_VERSION) }
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
    const docsBaseUri = docsBaseFromPackage(pkg)
    return { toolVersion: pkg.version, ...(docsBaseUri ? { docsBaseUri } : {}) }
  } catch {
    return { toolVersion: '0.0.0' }
  }
}
