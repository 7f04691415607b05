import { readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { CONFIG_FILE_NAMES, parseLintConfig, type LintConfig } from '../../lint/config/index.js'
import { terminalText } from '../../report/terminal-text.js'
import { UsageError } from '../io.js'

/** How the config is chosen: found next to each file (default), given with --config, or none (--no-config). */
export type ConfigChoice = { readonly mode: 'search' } | { readonly mode: 'file'; readonly file: string } | { readonly mode: 'none' }

/**
 * Finds the config of each linted file by walking up from its directory (the first rmq-sim.config.yaml or
 * .rmq-sim.yaml wins, as yamllint does), remembering every directory it has looked at so a tree of files costs one
 * walk. With no config anywhere this is a couple of failed stat calls per directory level, nothing is parsed.
 * A config with problems throws a UsageError listing them as `file:line:col: message` (exit 2).
 */
export function createConfigLookup(choice: ConfigChoice, cwd: string): (file: string) => LintConfig | undefined {
  const parsed = new Map<string, LintConfig>()
  const load = (path: string): LintConfig => {
    const known = parsed.get(path)
    if (known) return known
    const shown = display(cwd, path)
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (err) {
      throw new UsageError(`cannot read config ${shown}: ${ioWords(err)}`)
    }
    const { config, problems } = parseLintConfig(text, shown, dirname(path))
    if (!config) {
      const lines = problems.map((p) => `${shown}${p.line !== undefined ? `:${p.line}:${p.col}` : ''}: ${terminalText(p.message)}`)
      throw new UsageError(`invalid config:\n${lines.join('\n')}`)
    }
    parsed.set(path, config)
    return config
  }
  if (choice.mode === 'none') return () => undefined
  if (choice.mode === 'file') {
    const path = resolve(cwd, choice.file)
    const config = load(path)
    return () => config
  }
  const found = new Map<string, string | null>()
  const configIn = (dir: string): string | null => {
    const known = found.get(dir)
    if (known !== undefined) return known
    let here: string | null = null
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name)
      if (isFile(candidate)) { here = candidate; break }
    }
    const result = here ?? (dirname(dir) === dir ? null : configIn(dirname(dir)))
    found.set(dir, result)
    return result
  }
  return (file) => {
    const path = configIn(dirname(resolve(cwd, file)))
    return path === null ? undefined : load(path)
  }
}

/** `file` relative to the config's directory with "/" separators, or undefined when it lies outside it. */
export function relativeToConfig(config: LintConfig, cwd: string, file: string): string | undefined {
  const rel = relative(config.dir, resolve(cwd, file))
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep) || /^[a-zA-Z]:/.test(rel)) return undefined
  return rel.split(sep).join('/')
}

const display = (cwd: string, path: string): string => {
  const rel = relative(cwd, path)
  return (rel.startsWith('..') ? path : rel).split(sep).join('/')
}

function isFile(p: string): boolean {
  try { return statSync(p).isFile() } catch { return false }
}

/** I/O errors in words. */
export function ioWords(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'it is a directory'
  return (err as Error)?.message ?? String(err)
}
