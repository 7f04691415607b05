import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

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
 * the URL machinery, or even node:url, at every start); any other goes through fileURLToPath.
 */
export function pathOfFileUrl(url: string): string {
  if (/^file:\/\/\/[\w./-]*$/.test(url)) return url.slice('file://'.length)
  const { fileURLToPath } = createRequire(url)('node:url') as typeof import('node:url')
  return fileURLToPath(url)
}

type Found = { readonly dir: string; readonly json: OwnPackage }
/** Found per module URL: a run asks several times (its version, the demo topology, lint's docs links). */
const found = new Map<string, Found>()

/** The walk up from a module's URL to rmq-sim's package.json: its directory and its fields, read once. */
function findOwnPackage(moduleUrl: string): Found {
  let known = found.get(moduleUrl)
  if (known === undefined) found.set(moduleUrl, (known = walkUp(moduleUrl)))
  return known
}

function walkUp(moduleUrl: string): Found {
  let dir = dirname(pathOfFileUrl(moduleUrl))
  for (;;) {
    const candidate = join(dir, 'package.json')
    if (existsSync(candidate)) {
      const json = JSON.parse(readFileSync(candidate, 'utf8')) as OwnPackage & { name?: string }
      if (json.name === 'rmq-sim') return { dir, json }
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`rmq-sim's package.json not found above ${pathOfFileUrl(moduleUrl)}`)
    dir = parent
  }
}
