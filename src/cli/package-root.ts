import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The directory of rmq-sim's own package.json, found by walking up from a module's URL. The CLI runs both from
 * tsc's output (dist/cli/...) and from the start-up bundle (dist/bundle/...), so fixed `../../` paths would break.
 */
export function packageRoot(moduleUrl: string): string {
  return findOwnPackage(moduleUrl).dir
}

type OwnPackage = { readonly version: string; readonly homepage?: string; readonly repository?: string | { readonly url?: string } }

/** rmq-sim's package.json fields the CLI shows. */
export function ownPackage(moduleUrl: string): OwnPackage {
  return findOwnPackage(moduleUrl).json
}

/**
 * A file URL's path: a URL of only these characters after file:// is its path (what fileURLToPath gives, without
 * loading the URL machinery at every start); any other goes through fileURLToPath.
 */
export function pathOfFileUrl(url: string): string {
  return /^file:\/\/\/[\w./-]*$/.test(url) ? url.slice('file://'.length) : fileURLToPath(url)
}

/** The walk up from a module's URL to rmq-sim's package.json: its directory and its fields, read once. */
function findOwnPackage(moduleUrl: string): { readonly dir: string; readonly json: OwnPackage } {
  let dir = dirname(pathOfFileUrl(moduleUrl))
  for (;;) {
    const candidate = join(dir, 'package.json')
    if (existsSync(candidate)) {
      const json = JSON.parse(readFileSync(candidate, 'utf8')) as OwnPackage & { name?: string }
      if (json.name === 'rmq-sim') return { dir, json }
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`rmq-sim's package.json not found above ${fileURLToPath(moduleUrl)}`)
    dir = parent
  }
}
