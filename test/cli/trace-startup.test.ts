import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { BIN, tempDirWith } from './trace-helpers.js'

// Cold start: `trace` and `explain` must not load the REPL, inquirer, the linter or the broker
// (STYLE.md "Startup"). A module-resolve hook lists every module the real CLI loads.
const SAMPLE = resolve(import.meta.dirname, '../../samples/topic-wildcards.yaml')
const EXPORT = resolve(import.meta.dirname, '../../samples/definitions-export.json')

let dir: string
beforeAll(() => {
  dir = tempDirWith({})
  const hook = join(dir, 'hook.mjs')
  writeFileSync(hook, `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r }\n`)
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hook).href)})\n`)
})

// The CLI runs from an esbuild bundle (scripts/bundle-cli.mjs): a loaded chunk stands for the modules it holds,
// which the bundle's metafile lists.
const ROOT = resolve(import.meta.dirname, '../..')
const chunks = (): Map<string, string[]> => {
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist/bundle/metafile.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> }
  return new Map(Object.entries(meta.outputs).map(([out, o]) => [pathToFileURL(join(ROOT, out)).href, Object.keys(o.inputs).map((i) => `/${i}`)]))
}

function loadedBy(args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  const byChunk = chunks()
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice('LOADED '.length))
    .flatMap((url) => byChunk.get(url) ?? [url])
}

describe('start-up imports', () => {
  it.each([
    ['trace', ['trace', SAMPLE, '-e', 'events', '-k', 'order.created']],
    ['trace --json', ['trace', SAMPLE, '-e', 'events', '-k', 'order.created', '--json']],
    ['explain <pattern>', ['explain', 'order.*', 'order.created']],
  ])('%s loads no REPL, inquirer, linter or broker', (_name, args) => {
    const loaded = loadedBy(args)
    expect(loaded.some((u) => u.includes('/dist/cli/commands/'))).toBe(true) // the hook saw the CLI
    expect(loaded.filter((u) => /inquirer|\/dist\/(repl|lint|broker)\//.test(u))).toEqual([])
  })

  it('trace --json does not load chalk, and explain <pattern> does not load the YAML parser', () => {
    expect(loadedBy(['trace', SAMPLE, '-e', 'events', '--json']).filter((u) => u.includes('/dist/report/colour.js'))).toEqual([])
    expect(loadedBy(['explain', 'a.#', 'a']).filter((u) => /node_modules\/yaml\/|\/dist\/topology\/load\.js/.test(u))).toEqual([])
  })

  // load.ts imports yaml-format (the yaml package and the generated schema validator) only for a YAML text.
  it('trace on a definitions export loads neither the YAML parser nor the schema validator; on YAML it loads both', () => {
    const yamlParts = (args: string[]) => loadedBy(args).filter((u) => /node_modules\/yaml\/|\/dist\/topology\/(yaml-format|yaml-locator|generated\/)/.test(u))
    expect(yamlParts(['trace', EXPORT, '-e', 'shop.orders', '-k', 'order.created'])).toEqual([])
    expect(yamlParts(['trace', EXPORT, '-e', 'shop.orders', '-k', 'order.created', '--json'])).toEqual([])
    const onYaml = yamlParts(['trace', SAMPLE, '-e', 'events', '-k', 'order.created'])
    expect(onYaml.some((u) => u.includes('/node_modules/yaml/'))).toBe(true)
    expect(onYaml.some((u) => u.includes('/dist/topology/generated/'))).toBe(true)
  })
})
