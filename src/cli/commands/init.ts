import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { packageRoot } from '../package-root.js'
import { parseVersion } from '../../core/versions.js'
import { checkRendered } from '../../init/check.js'
import type { Draft } from '../../init/draft.js'
import { draftFromFlags, hasEntityFlags, type InitFlags } from '../../init/flags.js'
import type { LiveCheck, PromptChoice, WizardPrompter } from '../../init/prompter.js'
import { renderDraft } from '../../init/render.js'
import { schemaReference } from '../../init/schema-ref.js'
import { fileHeader } from '../../init/starter.js'
import { runWizard } from '../../init/wizard.js'
import { ioErrorWords } from '../../topology/io-error-words.js'
import { writeFileAtomic } from '../../topology/write-file.js'
import { makeChalk } from '../../report/colour.js'
import { formatStylish } from '../../report/diagnostics/index.js'
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io.js'

/** Options of `rmq-sim init` (declared in program.ts). */
export interface InitOptions extends InitFlags {
  /** No questions: write the starter topology, or the one the flags describe. Default: false */
  readonly yes?: boolean
  /** Replace an existing file. Default: false */
  readonly force?: boolean
  /** The modeline's `$schema` (path or URL). Default: worked out by schemaReference */
  readonly schema?: string
  /** false for --no-color. */
  readonly color?: boolean
}

/** The file name `rmq-sim init` writes when none is given. */
export const DEFAULT_INIT_FILE = 'rmq-topology.yaml'

/** Exit code of an interrupted wizard: 128 + SIGINT, as shells report a Ctrl-C. Nothing is written. */
export const EXIT_CANCELLED = 130

/** The schema shipped in this package (dist/cli/commands/init.js → schemas/topology.schema.json). */
const OWN_SCHEMA = join(packageRoot(import.meta.url), 'schemas/topology.schema.json')

/**
 * `rmq-sim init [file]`: in a terminal, a wizard; without one (or with --yes, CI, or entity flags), the starter
 * topology or the one the flags describe. The result is linted before it is written: an error writes nothing (exit 2),
 * warnings are shown. Never overwrites a file without --force; writes through a temporary file and a rename.
 * Exit 0 written, 2 usage/IO/refused, 130 cancelled (Ctrl-C or Ctrl-D in the wizard).
 */
export async function initCommand(fileArg: string, opts: InitOptions, io: CliIO): Promise<number> {
  let file = fileArg
  if (file === '') throw new UsageError('init: the file name is empty (use - for stdout)')
  const toStdout = file === '-'
  if (!toStdout) file = intoDirectory(file, io.cwd)
  const path = toStdout ? undefined : resolve(io.cwd, file)
  if (path !== undefined) {
    const kind = fileKind(path)
    if (kind === 'other') throw new UsageError(`init: ${file} is not a regular file: not replaced`)
    if (kind === 'file' && opts.force !== true) throw new UsageError(`init: ${file} exists: not overwritten (use --force to replace it)`)
  }
  const ui = toStdout ? io.stderr : io.stdout
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false' && io.env.CI !== '0'
  const interactive = opts.yes !== true && !hasEntityFlags(opts) && io.stdin.isTTY === true && ui.isTTY === true && !ci
  const chalk = await makeChalk(io.env, io.stderr, opts.color)

  let draft: Draft
  if (interactive) {
    try {
      draft = await runWizard(inquirerPrompter(io, ui), opts.rabbitmq !== undefined ? { rabbitmq: checkVersion(opts.rabbitmq) } : {})
    } catch (err) {
      if (isCancel(err)) {
        io.stderr.write('\nrmq-sim: init cancelled; nothing written\n')
        return EXIT_CANCELLED
      }
      throw err
    }
    if (draft.exchanges.length === 0 && draft.queues.length === 0) {
      io.stderr.write('rmq-sim: init: nothing entered; nothing written (rmq-sim init --yes writes the starter topology)\n')
      return EXIT_CANCELLED
    }
  } else {
    const r = draftFromFlags(opts)
    if (!r.ok) throw new UsageError(`init: ${r.message}`)
    for (const note of r.notes) io.stderr.write(`rmq-sim: ${note}\n`)
    draft = r.draft
  }

  const shownName = toStdout ? DEFAULT_INIT_FILE : file
  const schema = opts.schema ?? schemaReference({ ...(path !== undefined ? { outFile: path } : {}), ownSchema: OWN_SCHEMA, exists: (p) => fileKind(p) === 'file' })
  const text = renderDraft(draft, { schema, header: fileHeader(shownName, draft) })
  const check = checkRendered(text, shownName)
  if (interactive) ui.write(`\n${text}\n`)
  if (check.diagnostics.length > 0) io.stderr.write(formatStylish([{ file: shownName, diagnostics: [...check.diagnostics], source: text }], chalk))
  if (check.errors.length > 0) {
    io.stderr.write('rmq-sim: init: the topology would not load cleanly (errors above); nothing written\n')
    return EXIT_USAGE
  }
  if (interactive) {
    const go = await inquirerPrompter(io, ui).confirm(toStdout ? 'Print it?' : `Write ${file}?`, true).catch((err: unknown) => { if (isCancel(err)) return false; throw err })
    if (!go) {
      io.stderr.write('rmq-sim: init cancelled; nothing written\n')
      return EXIT_CANCELLED
    }
  }
  if (path === undefined) {
    io.stdout.write(text)
    return EXIT_OK
  }
  const written = writeFileAtomic(path, text, opts.force === true)
  if (!written.ok) throw new UsageError(`init: ${written.reason === 'exists' ? `${file} exists: not overwritten (use --force to replace it)` : written.message}`)
  io.stdout.write(`wrote ${file}: ${count(draft.exchanges.length, 'exchange')}, ${count(draft.queues.length, 'queue')}, ${count(draft.bindings.length, 'binding')}` +
    `${check.warnings.length > 0 ? ` (${count(check.warnings.length, 'warning')}, shown above)` : ''}\n`)
  return EXIT_OK
}

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`

/** `--rabbitmq` as the file will say it (a leading v dropped); an unsupported version is exit 2 before any question. */
function checkVersion(version: string): string {
  const r = parseVersion(version)
  if (!r.ok) throw new UsageError(`init: --rabbitmq: ${r.message}`)
  return version.trim().replace(/^v/, '')
}

/**
 * `init adir/` or `init adir` (an existing directory) writes adir/rmq-topology.yaml, as `cp f adir/` would;
 * a trailing slash on a directory that does not exist is refused rather than creating a file named `adir`.
 */
function intoDirectory(file: string, cwd: string): string {
  const path = resolve(cwd, file)
  let isDir = false
  try {
    isDir = statSync(path).isDirectory()
  } catch (err) {
    if (/[\\/]$/.test(file)) throw new UsageError(`init: cannot write into ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : ioErrorWords(err)}`)
  }
  return isDir ? join(file, DEFAULT_INIT_FILE) : file
}

/** What is at `path`, symbolic links followed (a dangling link is a file to create). */
function fileKind(path: string): 'file' | 'other' | 'none' {
  try {
    return statSync(path).isFile() ? 'file' : 'other'
  } catch {
    return 'none'
  }
}

/** Ctrl-C (ExitPromptError), Ctrl-D (our abort: AbortPromptError) or a closed terminal. */
function isCancel(err: unknown): boolean {
  const name = (err as Error | undefined)?.name
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError'
}

type InquirerPrompt = (questions: readonly Record<string, unknown>[]) => Promise<Record<string, unknown>>

/**
 * The wizard's questions asked with inquirer (loaded only here, when a terminal is there to answer). Ctrl-D cancels
 * like Ctrl-C: inquirer alone would close its readline without settling the question, and the process would exit 0.
 */
function inquirerPrompter(io: CliIO, ui: CliIO['stdout']): WizardPrompter {
  const ask = async (question: Record<string, unknown>): Promise<unknown> => {
    const abort = new AbortController()
    const onKey = (_s: unknown, key: { ctrl?: boolean; name?: string } | undefined) => {
      if (key?.ctrl === true && key.name === 'd') abort.abort()
    }
    io.stdin.on('keypress', onKey)
    const keepAlive = setInterval(() => {}, 60_000)
    try {
      const { default: inquirer } = await import('inquirer')
      const prompt = inquirer.createPromptModule({ input: io.stdin, output: ui, signal: abort.signal }) as unknown as InquirerPrompt
      const q = typeof question.build === 'function' ? (question.build as (s: typeof inquirer.Separator) => Record<string, unknown>)(inquirer.Separator) : question
      const answer = await prompt([{ ...q, name: 'v' }])
      return answer.v
    } finally {
      clearInterval(keepAlive)
      io.stdin.off('keypress', onKey)
    }
  }
  return {
    input: async (message, options) => String(await ask({
      type: 'input', message,
      ...(options?.default !== undefined ? { default: options.default } : {}),
      ...(options?.validate ? { validate: options.validate } : {}),
    })),
    select: async <T extends string>(message: string, choices: readonly PromptChoice<T>[], options?: { readonly default?: T }) => (await ask({
      type: 'select', message, loop: false, pageSize: 12,
      choices: choices.map((c) => ({ ...c })),
      ...(options?.default !== undefined ? { default: options.default } : {}),
    })) as T,
    confirm: async (message, defaultAnswer) => (await ask({ type: 'confirm', message, default: defaultAnswer })) === true,
    liveKey: async (message, check, options) => String(await ask({
      build: (Separator: new (text: string) => unknown) => ({
        type: 'search', message, pageSize: 12, ...(options?.initial !== undefined ? { initialValue: options.initial } : {}),
        source: (term: string | undefined) => {
          const key = term === undefined || term === '' ? (options?.default ?? '') : term
          const c: LiveCheck = check(key)
          const shown = key === '' ? '"" (empty key)' : key
          return [
            { name: shown, value: key, short: key === '' ? '""' : key }, // an error is the first line below, and Enter repeats it
            ...c.lines.map((l) => new Separator(`  ${l}`)), // inquirer wraps long lines to the terminal width
          ]
        },
        // no validate: after a refused Enter, inquirer's search prompt keeps showing the text but its readline line is
        // empty, so the next keystroke would lose it. The wizard says why and asks again from the text instead.
      }),
    })),
    say: (text) => { ui.write(`${text}\n`) },
  }
}
