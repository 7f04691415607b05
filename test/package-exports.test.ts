import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// `import 'rmq-sim'` resolves through package.json "exports" to the esbuild bundle of the library entry
// (scripts/bundle-lib.mjs, dist/rmq-sim.js). It must offer exactly what tsc's unbundled entry (dist/index.js)
// offers, and work as the README's example uses it. Run in a child node, importing the package by its own name.
const ROOT = resolve(import.meta.dirname, '..')

function nodeEval(code: string): string {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' })
  expect(r.status, r.stderr).toBe(0)
  return r.stdout
}

describe("import 'rmq-sim'", () => {
  it('resolves to the bundle, with the same exports as the unbundled entry', () => {
    const out = JSON.parse(nodeEval(`
      const bundled = await import('rmq-sim')
      const plain = await import('./dist/index.js')
      const kinds = (m) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, typeof m[k]]))
      console.log(JSON.stringify({ resolved: import.meta.resolve('rmq-sim'), bundled: kinds(bundled), plain: kinds(plain) }))
    `)) as { resolved: string; bundled: Record<string, string>; plain: Record<string, string> }
    expect(out.resolved).toMatch(/\/dist\/rmq-sim\.js$/)
    expect(Object.keys(out.plain).length).toBeGreaterThan(100)
    expect(out.bundled).toEqual(out.plain)
  })

  it("runs the README's example and the documented loaders", () => {
    const out = JSON.parse(nodeEval(`
      import { loadTopologyFile, createRouter, rulesFor, parseTopologyText, topologyToYaml, lintTopology, Broker } from 'rmq-sim'
      const loaded = await loadTopologyFile('samples/orders-service.yaml')
      const router = createRouter(loaded.topology.vhosts.get('/'), rulesFor('3.13'))
      const queues = router.route({ exchange: 'orders', routingKey: 'order.shipped' }).queues
      const again = parseTopologyText(topologyToYaml(loaded.topology), 'again.yaml')
      const exported = parseTopologyText(readFileSync('samples/definitions-export.json', 'utf8'), 'defs.json')
      console.log(JSON.stringify({ queues, againErrors: again.diagnostics.length, format: exported.format, lint: lintTopology(loaded, rulesFor('3.13')).length, broker: typeof new Broker({ topology: loaded.topology, vhost: '/', rules: rulesFor('3.13') }) }))
    `.replace('import {', "import { readFileSync } from 'node:fs'\n      import {"))) as Record<string, unknown>
    expect(out).toEqual({ queues: ['notifications.email', 'notifications.sms', 'orders.audit'], againErrors: 0, format: 'definitions', lint: 0, broker: 'object' })
  })

  it('the types entry exists and names the same entry point', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }>; types: string; main: string }
    expect(existsSync(join(ROOT, pkg.exports['.']!.types))).toBe(true)
    expect(pkg.types).toBe(pkg.exports['.']!.types)
    expect(pkg.main).toBe(pkg.exports['.']!.default)
    expect(readFileSync(join(ROOT, pkg.exports['.']!.types), 'utf8')).toMatch(/export \* from '\.\/core\/router\.js'/)
  })
})
