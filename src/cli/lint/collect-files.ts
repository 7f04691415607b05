import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

/** A file to lint and how it was reached: named on the command line, or found through a directory or glob. */
export interface LintTarget {
  readonly file: string
  /** true when named as such: a file that is not a topology is then an error, not skipped. */
  readonly explicit: boolean
}

const MAGIC = /[*?[{]/
const TOPOLOGY_EXTENSIONS = '**/*.{yaml,yml,json}'

/**
 * Turns `lint` arguments into files. An existing file is that file, even when its name holds `[` or `*`; a directory
 * means its `*.yaml`, `*.yml` and `*.json` files, recursively; anything with glob syntax is a glob (tinyglobby);
 * anything else is passed on as a file (the loader reports it missing). node_modules and dot-directories are not
 * searched. Files reached through a directory or glob are dropped when a .gitignore (from the repository root down)
 * or `isIgnored` (the config's `ignore`) says so. `unmatched`: globs and directories that yielded no file.
 */
export async function collectFiles(args: readonly string[], cwd: string, isIgnored: (file: string) => Promise<boolean>): Promise<{ targets: LintTarget[]; unmatched: string[] }> {
  const targets: LintTarget[] = []
  const seen = new Set<string>()
  const unmatched: string[] = []
  const add = (file: string, explicit: boolean): void => {
    const key = resolve(cwd, file)
    if (seen.has(key)) return
    seen.add(key)
    targets.push({ file, explicit })
  }
  let gitignored: ((file: string) => boolean) | undefined
  for (const arg of args) {
    const kind = statKind(resolve(cwd, arg))
    if (kind === 'file' || (kind === undefined && !MAGIC.test(arg)) || kind === 'other') { add(arg, true); continue }
    const { globSync } = await import('tinyglobby')
    const found = kind === 'dir'
      ? globSync(TOPOLOGY_EXTENSIONS, { cwd: resolve(cwd, arg), ignore: ['**/node_modules/**'], dot: false, onlyFiles: true }).map((f) => join(arg, f))
      : globSync(arg, { cwd, ignore: ['**/node_modules/**'], dot: false, onlyFiles: true })
    gitignored ??= await gitignoreTest(cwd)
    if (found.length === 0) unmatched.push(arg)
    for (const f of found.sort()) if (!gitignored(resolve(cwd, f)) && !(await isIgnored(f))) add(f, false)
  }
  return { targets, unmatched }
}

function statKind(p: string): 'file' | 'dir' | 'other' | undefined {
  try {
    const st = statSync(p)
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other'
  } catch {
    return undefined
  }
}

/**
 * A test for "a .gitignore says so": the .gitignore files from the repository root (the nearest directory above
 * the working directory holding .git; else the working directory) down to the file's directory, each relative to
 * its own directory, as git reads them. Compiled once per directory.
 */
async function gitignoreTest(cwd: string): Promise<(absFile: string) => boolean> {
  const { default: ignore } = await import('ignore')
  let root = resolve(cwd)
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) { root = dir; break }
    if (dirname(dir) === dir) { root = resolve(cwd); break }
  }
  const perDir = new Map<string, ReturnType<typeof ignore> | null>()
  const rulesIn = (dir: string) => {
    if (!perDir.has(dir)) {
      let text: string | undefined
      try { text = readFileSync(join(dir, '.gitignore'), 'utf8') } catch { text = undefined }
      perDir.set(dir, text === undefined ? null : ignore().add(text))
    }
    return perDir.get(dir)!
  }
  return (absFile) => {
    const rel = relative(root, absFile)
    if (rel.startsWith('..')) return false
    const parts = rel.split(sep)
    for (let i = 0; i < parts.length; i++) {
      const dir = join(root, ...parts.slice(0, i))
      const rules = rulesIn(dir)
      if (rules && rules.ignores(parts.slice(i).join('/'))) return true
    }
    return false
  }
}
