import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The directory of rmq-sim's own package.json, found by walking up from a module's URL. The CLI runs both from
 * tsc's output (dist/cli/...) and from the start-up bundle (dist/bundle/...), so fixed `../../` paths would break.
 */
export function packageRoot(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl))
  for (;;) {
    const candidate = join(dir, 'package.json')
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'rmq-sim') return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`rmq-sim's package.json not found above ${fileURLToPath(moduleUrl)}`)
    dir = parent
  }
}

/** rmq-sim's package.json fields the CLI shows. */
export function ownPackage(moduleUrl: string): { readonly version: string; readonly homepage?: string; readonly repository?: string | { readonly url?: string } } {
  return JSON.parse(readFileSync(join(packageRoot(moduleUrl), 'package.json'), 'utf8')) as { version: string; homepage?: string; repository?: string | { url?: string } }
}
