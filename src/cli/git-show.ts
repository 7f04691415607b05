import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { UsageError } from './io.js'

/** `REV:PATH` as git names a file at a revision, split; undefined for an ordinary path. */
export function parseRevPath(arg: string, cwd: string): { rev: string; path: string } | undefined {
  const i = arg.indexOf(':')
  if (i <= 0) return undefined
  // a file that exists under that very name wins (names may hold ':'); `C:\...` is a Windows drive
  if (existsSync(resolve(cwd, arg)) || /^[A-Za-z]:[\\/]/.test(arg)) return undefined
  return { rev: arg.slice(0, i), path: arg.slice(i + 1) }
}

/** Bytes git stores for REV:PATH (`git show`, arguments as an array: no shell). Never more than `maxBytes`. */
export function gitShow(rev: string, path: string, cwd: string, maxBytes: number): Promise<Buffer> {
  // a rev starting with '-' would be read as an option
  if (rev.startsWith('-')) return Promise.reject(new UsageError(`diff: bad revision '${rev}'`))
  if (path === '') return Promise.reject(new UsageError(`diff: ${rev}: give a path after the colon (REV:PATH)`))
  return new Promise((done, fail) => {
    execFile('git', ['show', `${rev}:${path}`], { cwd, encoding: 'buffer', maxBuffer: maxBytes, windowsHide: true }, (err, stdout, stderr) => {
      if (err === null) return done(stdout)
      const e = err as NodeJS.ErrnoException & { code?: unknown }
      if (e.code === 'ENOENT') return fail(new UsageError('diff: git is not installed (needed to read REV:PATH)'))
      if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return fail(new UsageError(`diff: ${rev}:${path} is larger than the ${maxBytes}-byte limit (--max-file-size)`))
      const why = stderr.toString('utf8').split('\n').find((l) => l.trim() !== '')?.replace(/^fatal: /, '') ?? e.message
      fail(new UsageError(`diff: cannot read ${rev}:${path} from git: ${why}`))
    })
  })
}
