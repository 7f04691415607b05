import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pathOfFileUrl } from '../../src/cli/package-root.js'

// The CLI bundle's import.meta.url and package-root's way back to a path skip the URL machinery for plain paths
// (a start-up saving); for every path they must give exactly what pathToFileURL and fileURLToPath give.
const ROOT = resolve(import.meta.dirname, '../..')
const segment = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'Z', '0', '_', '.', '-', ' ', '%', '#', '?', '\\', '\n', 'é', '💡', ':', '@', '+', '~'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 8 })
const absolutePath = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => join('/', ...parts))

describe.skipIf(process.platform === 'win32')('module URLs without the URL machinery', () => {
  it('pathOfFileUrl gives what fileURLToPath gives', () => {
    fc.assert(fc.property(absolutePath, (p) => {
      const url = pathToFileURL(p).href
      expect(pathOfFileUrl(url)).toBe(fileURLToPath(url))
    }), { numRuns: 3000 })
    expect(pathOfFileUrl('file:///work/rmq-sim/dist/bundle/cli.cjs')).toBe('/work/rmq-sim/dist/bundle/cli.cjs')
  })

  it("the bundle's import.meta.url is what pathToFileURL gives for its file", () => {
    const banner = /^\(function \([^)]*\) \{const __rmqModuleUrl = (.*?);\n/.exec(readFileSync(join(ROOT, 'dist/bundle/cli.cjs'), 'utf8'))
    expect(banner).not.toBeNull()
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the bundle's own expression, evaluated as the bundle does
    const moduleUrl = new Function('__filename', 'require', `return ${banner![1]!}`) as (file: string, req: NodeRequire) => string
    const req = createRequire(import.meta.url)
    fc.assert(fc.property(absolutePath, (p) => {
      expect(moduleUrl(p, req)).toBe(pathToFileURL(p).href)
    }), { numRuns: 3000 })
    expect(moduleUrl('/work/rmq-sim/dist/bundle/cli.cjs', req)).toBe('file:///work/rmq-sim/dist/bundle/cli.cjs')
  })
})
