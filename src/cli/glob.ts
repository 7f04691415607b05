import { readdirSync, statSync, type Dirent } from 'node:fs'
import { join, resolve } from 'node:path'

/** The files a list of arguments names: plain paths as given, globs expanded. */
export interface GlobExpansion {
  /** In argument order; within one glob sorted by code unit; no duplicates. */
  readonly files: readonly string[]
  /** Globs that matched no file (a usage error for `lint`). */
  readonly unmatched: readonly string[]
}

const MAGIC = /[*?[{]/

/** true when the argument uses glob syntax (`*`, `**`, `?`, `[...]`, `{a,b}`). */
export const isGlob = (arg: string): boolean => MAGIC.test(arg)

/**
 * Expands shell-style globs ourselves (Node 20 has no fs.glob, and Windows shells do not expand): `*` and `?`
 * within one path segment, `[abc]` classes, `**` for any number of directories, `{a,b}` alternatives.
 * Dot-files match only when the pattern segment starts with "."; `**` does not descend into node_modules or
 * dot-directories. Arguments without glob syntax, and names of existing files or directories, are returned unchanged
 * (the loader reports missing files and directories).
 */
export function expandGlobs(args: readonly string[], cwd: string): GlobExpansion {
  const files: string[] = []
  const seen = new Set<string>()
  const unmatched: string[] = []
  for (const arg of args) {
    // a name that exists is that file, even with glob characters in it (`report[1].yaml`, `a*b.yaml`), as in a shell
    // that found no match; `-` is stdin
    if (!isGlob(arg) || arg === '-' || exists(resolve(cwd, arg))) {
      if (!seen.has(arg)) { seen.add(arg); files.push(arg) }
      continue
    }
    const found = new Set<string>()
    for (const pattern of expandBraces(arg)) {
      if (!isGlob(pattern)) {
        if (isFile(resolve(cwd, pattern))) found.add(pattern)
        continue
      }
      const absolute = pattern.startsWith('/')
      const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0)
      const start = absolute ? '/' : ''
      walk(cwd, start, absolute ? segments.slice(1) : segments, 0, found)
    }
    if (found.size === 0) unmatched.push(arg)
    for (const f of [...found].sort()) if (!seen.has(f)) { seen.add(f); files.push(f) }
  }
  return { files, unmatched }
}

/** `a{b,c{d,e}}f` → abf, acdf, acef (nested, top-level commas only; an unbalanced brace is literal). */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{')
  if (open === -1) return [pattern]
  let depth = 0
  const commas: number[] = []
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '{') depth++
    else if (c === '}') {
      depth--
      if (depth === 0) {
        if (commas.length === 0) return expandBraces(pattern.slice(i + 1)).map((rest) => pattern.slice(0, i + 1) + rest)
        const head = pattern.slice(0, open)
        const tail = pattern.slice(i + 1)
        const bounds = [open, ...commas, i]
        const out: string[] = []
        for (let k = 0; k < bounds.length - 1; k++) {
          for (const alt of expandBraces(pattern.slice(bounds[k]! + 1, bounds[k + 1]))) out.push(...expandBraces(head + alt + tail))
        }
        return out
      }
    } else if (c === ',' && depth === 1) commas.push(i)
  }
  return [pattern]
}

/** One path segment's glob as an anchored RegExp. */
export function segmentRegExp(segment: string): RegExp {
  let re = ''
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!
    if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2)
      if (end === -1) { re += '\\['; continue }
      let body = segment.slice(i + 1, end)
      if (body.startsWith('!')) body = `^${body.slice(1)}`
      re += `[${body.replace(/\\/g, '\\\\')}]`
      i = end
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

function walk(cwd: string, dir: string, segments: readonly string[], i: number, found: Set<string>): void {
  const seg = segments[i]
  if (seg === undefined) return
  const last = i === segments.length - 1
  if (seg === '**') {
    if (last) { listAll(cwd, dir, found); return }
    walk(cwd, dir, segments, i + 1, found)
    for (const e of entries(resolve(cwd, dir || '.'))) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || !e.isDirectory()) continue
      walk(cwd, join(dir, e.name), segments, i, found)
    }
    return
  }
  if (!isGlob(seg)) {
    const next = join(dir, seg)
    if (last) { if (isFile(resolve(cwd, next))) found.add(next) }
    else walk(cwd, next, segments, i + 1, found)
    return
  }
  const re = segmentRegExp(seg)
  for (const e of entries(resolve(cwd, dir || '.'))) {
    if (e.name.startsWith('.') && !seg.startsWith('.')) continue
    if (!re.test(e.name)) continue
    const next = join(dir, e.name)
    const full = resolve(cwd, next)
    if (last) { if (isFile(full)) found.add(next) }
    else if (isDirectory(full)) walk(cwd, next, segments, i + 1, found)
  }
}

/** `dir/**` as the last segment: every file below, as `**` descends. */
function listAll(cwd: string, dir: string, found: Set<string>): void {
  for (const e of entries(resolve(cwd, dir || '.'))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue
    const next = join(dir, e.name)
    if (e.isDirectory()) listAll(cwd, next, found)
    else if (isFile(resolve(cwd, next))) found.add(next)
  }
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
}

function exists(p: string): boolean {
  try { statSync(p); return true } catch { return false }
}

function isFile(p: string): boolean {
  try { return statSync(p).isFile() } catch { return false }
}

function isDirectory(p: string): boolean {
  try { return statSync(p).isDirectory() } catch { return false }
}
