import { chownSync, linkSync, lstatSync, readlinkSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { ioErrorWords } from './io-error-words.js'

export type WriteResult =
  | { readonly ok: true; readonly path: string }
  | { readonly ok: false; readonly reason: 'exists' | 'not-regular' | 'io'; readonly message: string }

/** Symbolic links followed before giving up (as the kernel's MAXSYMLINKS). */
const MAX_LINKS = 40

/**
 * Writes `text` to `path` whole or not at all: a temporary file in the target's directory (same file system),
 * then a rename over the target with `force`, or a hard link that fails if the target exists without it, so there
 * is no window between "does it exist?" and the write (a file created meanwhile is never overwritten).
 * - A symbolic link is written through: its target gets the new content and the link stays a link.
 * - An existing file keeps its mode (and owner, where we may set it).
 * - Anything that is not a regular file (a directory, FIFO, device, socket) is never replaced.
 * `path` in the result is the file really written (the link's target).
 */
export function writeFileAtomic(path: string, text: string, force: boolean): WriteResult {
  const resolved = followLinks(path)
  if (!resolved.ok) return resolved
  const target = resolved.path
  const existing = resolved.stats
  if (existing !== undefined && !existing.isFile()) {
    return { ok: false, reason: 'not-regular', message: `${path} is ${kindOf(existing)}, not a regular file: not replaced` }
  }
  if (existing !== undefined && !force) return existsResult(path)
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`)
  try {
    writeFileSync(tmp, text, { flag: 'wx', mode: existing !== undefined ? existing.mode & 0o7777 : 0o644 })
    if (existing !== undefined) keepOwner(tmp, existing)
  } catch (err) {
    tryUnlink(tmp)
    return { ok: false, reason: 'io', message: `cannot write in ${dirname(target)}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : ioErrorWords(err)}` }
  }
  try {
    if (force) {
      renameSync(tmp, target)
      return { ok: true, path: target }
    }
    try {
      linkSync(tmp, target)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EEXIST') return existsResult(path)
      // file systems without hard links: check, then rename (a race with another writer is possible only here)
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'EMLINK') throw err
      if (lstatOrUndefined(target) !== undefined) return existsResult(path)
      renameSync(tmp, target)
    }
    return { ok: true, path: target }
  } catch (err) {
    return { ok: false, reason: 'io', message: `cannot write ${path}: ${ioErrorWords(err)}` }
  } finally {
    tryUnlink(tmp)
  }
}

type Followed = { readonly ok: true; readonly path: string; readonly stats: Stats | undefined } | Extract<WriteResult, { ok: false }>

/** The file a write to `path` lands in: symbolic links followed (a dangling one names the file to create). */
function followLinks(path: string): Followed {
  let current = resolve(path)
  for (let i = 0; i < MAX_LINKS; i++) {
    let st: Stats | undefined
    try {
      st = lstatSync(current)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return { ok: true, path: current, stats: undefined }
      return { ok: false, reason: 'io', message: `cannot write ${path}: ${ioErrorWords(err)}` }
    }
    if (!st.isSymbolicLink()) return { ok: true, path: current, stats: st }
    current = resolve(dirname(current), readlinkSync(current))
  }
  return { ok: false, reason: 'io', message: `cannot write ${path}: too many levels of symbolic links` }
}

function existsResult(path: string): WriteResult {
  return { ok: false, reason: 'exists', message: `${path} exists: not overwritten (use --force to replace it)` }
}

function keepOwner(file: string, like: Stats): void {
  try {
    const mine = statSync(file)
    if (mine.uid !== like.uid || mine.gid !== like.gid) chownSync(file, like.uid, like.gid)
  } catch { /* only root may give a file away: the mode is kept, the owner becomes the writer */ }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory'
  if (st.isFIFO()) return 'a FIFO'
  if (st.isSocket()) return 'a socket'
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device'
  return 'not a regular file'
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path)
  } catch {
    return undefined
  }
}

function tryUnlink(path: string): void {
  try { unlinkSync(path) } catch { /* renamed, or never created */ }
}
