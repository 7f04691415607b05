import { linkSync, lstatSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

export type WriteResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'exists' | 'io'; readonly message: string }

/**
 * Writes `text` to `path` atomically: a temporary file in the same directory (same file system), then a rename
 * over the target with `force`, or a hard link that fails if the target exists without it (so a file created
 * meanwhile is never overwritten either). Readers never see half a file.
 */
export function writeFileAtomic(path: string, text: string, force: boolean): WriteResult {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`)
  try {
    writeFileSync(tmp, text, { flag: 'wx', mode: 0o644 })
  } catch (err) {
    return { ok: false, reason: 'io', message: `cannot write in ${dirname(path)}: ${describe(err)}` }
  }
  try {
    if (force) {
      renameSync(tmp, path)
      return { ok: true }
    }
    try {
      linkSync(tmp, path)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EEXIST') return { ok: false, reason: 'exists', message: `${path} exists: not overwritten (use --force to replace it)` }
      // file systems without hard links: check, then rename (a race with another writer is possible only here)
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'EMLINK') throw err
      if (exists(path)) return { ok: false, reason: 'exists', message: `${path} exists: not overwritten (use --force to replace it)` }
      renameSync(tmp, path)
      return { ok: true }
    }
    return { ok: true }
  } catch (err) {
    return { ok: false, reason: 'io', message: `cannot write ${path}: ${describe(err)}` }
  } finally {
    try { unlinkSync(tmp) } catch { /* renamed, or never created */ }
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException
  if (e.code === 'ENOENT') return 'no such directory'
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied'
  if (e.code === 'EISDIR') return 'it is a directory'
  return e.code ?? e.message
}
