import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'

/** Files and directories (with a trailing `/`) that could complete `partial`, relative to cwd as typed. Never throws. */
export function listFiles(cwd: string, partial: string): string[] {
  const slash = partial.lastIndexOf('/')
  const dirPart = slash >= 0 ? partial.slice(0, slash + 1) : ''
  const showHidden = partial.slice(slash + 1).startsWith('.')
  try {
    return readdirSync(resolve(cwd, dirPart === '' ? '.' : dirPart), { withFileTypes: true })
      .filter((e) => showHidden || !e.name.startsWith('.'))
      .slice(0, 500)
      .map((e) => `${dirPart}${e.name}${e.isDirectory() ? '/' : ''}`)
  } catch {
    return []
  }
}
