import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

// `import 'rmq-sim'` resolves through package.json "exports" to the esbuild bundles of the library entry
// (scripts/bundle-lib.mjs): for Node dist/rmq-sim.js, which loads most functions on their first call from
// dist/lib; for bundlers ("module" condition) dist/rmq-sim.module.js, one ES module. Both must offer exactly what
// tsc's unbundled entry (dist/index.js) offers, and work as the README's example uses them. Run in a child node,
// importing the package by its own name.
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
      const forBundlers = await import('./dist/rmq-sim.module.js')
      // a lazy stub keeps the real function's name and length; primitives are the same values
      const kind = (v) => typeof v === 'function' ? \`function \${v.name}/\${v.length}\` : typeof v === 'object' ? typeof v : JSON.stringify(v)
      const kinds = (m) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, kind(m[k])]))
      console.log(JSON.stringify({ resolved: import.meta.resolve('rmq-sim'), bundled: kinds(bundled), plain: kinds(plain), forBundlers: kinds(forBundlers) }))
    `)) as { resolved: string; bundled: Record<string, string>; plain: Record<string, string>; forBundlers: Record<string, string> }
    expect(out.resolved).toMatch(/\/dist\/rmq-sim\.js$/)
    expect(Object.keys(out.plain).length).toBeGreaterThan(100)
    expect(out.plain['parseTopologyText']).toBe('function parseTopologyText/2')
    expect(out.bundled).toEqual(out.plain)
    expect(out.forBundlers).toEqual(out.plain)
  })

  it('compiles no lazy chunk at import; a first call loads its group synchronously, sharing one instance of each module', () => {
    const out = JSON.parse(nodeEval(`
      import { createRequire } from 'node:module'
      import { RULES, ruleInfo, parseTopologyText, lintTopology, rulesFor, createRouter } from 'rmq-sim'
      const cache = createRequire(import.meta.url).cache
      const chunks = () => Object.keys(cache).filter((k) => k.includes('/dist/lib/lazy-')).map((k) => k.replace(/.*\\//, '')).sort()
      const atImport = chunks()
      const text = 'exchanges:\\n  e: { type: fanout }\\n'
      const parsed = parseTopologyText(text, 't.yaml')
      const afterParse = chunks()
      const findings = lintTopology(parsed, rulesFor('3.13'))
      const id = [...RULES.keys()][0]
      const plain = await import('./dist/index.js')
      const plainFindings = plain.lintTopology(plain.parseTopologyText(text, 't.yaml'), plain.rulesFor('3.13'))
      console.log(JSON.stringify({ atImport, afterParse, after: chunks(), format: parsed.format, errors: parsed.diagnostics.length, sameFindings: JSON.stringify(findings) === JSON.stringify(plainFindings) && findings.length > 0,
        sameRule: ruleInfo(id) === RULES.get(id), routed: createRouter(parsed.topology.vhosts.get('/'), rulesFor('3.13')).route({ exchange: 'e', routingKey: '' }).queues }))
    `)) as Record<string, unknown>
    expect(out).toEqual({
      atImport: [], afterParse: ['lazy-yaml.cjs'], after: ['lazy-lint.cjs', 'lazy-yaml.cjs'], format: 'yaml', errors: 0, sameFindings: true,
      // the lint chunk reads the catalogue the entry loaded, not a copy of it
      sameRule: true, routed: [],
    })
  })

  it('Broker, loaded on first use, is the real class to new, extends, instanceof and its instances', () => {
    const out = JSON.parse(nodeEval(`
      import { Broker, MessageLabels, parseTopologyText, rulesFor } from 'rmq-sim'
      const { topology } = parseTopologyText('queues:\\n  q:\\n', 't.yaml')
      const options = { topology, vhost: '/', rules: rulesFor('3.13') }
      class Mine extends Broker { hello() { return 'hi' } }
      const b = new Broker(options), m = new Mine(options)
      let called
      try { Broker(options) } catch (e) { called = e instanceof TypeError }
      console.log(JSON.stringify({ type: typeof Broker, name: Broker.name, length: Broker.length, instance: b instanceof Broker, sub: m instanceof Broker && m instanceof Mine, hello: m.hello(),
        ctor: b.constructor === Broker && Broker.prototype.constructor === Broker, proto: Object.getPrototypeOf(b) === Broker.prototype, called, labels: new MessageLabels() instanceof MessageLabels }))
    `)) as Record<string, unknown>
    expect(out).toEqual({ type: 'function', name: 'Broker', length: 1, instance: true, sub: true, hello: 'hi', ctor: true, proto: true, called: true, labels: true })
  })

  it("a user's bundler takes the self-contained ES module (the \"module\" condition), and the bundle runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-bundler-'))
    const link = join(dir, 'node_modules', 'rmq-sim')
    try {
      mkdirSync(join(dir, 'node_modules'))
      symlinkSync(ROOT, link)
      writeFileSync(join(dir, 'app.mjs'), [
        "import { createRouter, parseTopologyText, rulesFor } from 'rmq-sim'",
        "const { topology } = parseTopologyText('exchanges:\\n  e: { type: fanout }\\nqueues:\\n  q:\\nbindings:\\n  - { source: e, destination: q }\\n', 'a.yaml')",
        "console.log(JSON.stringify(createRouter(topology.vhosts.get('/'), rulesFor('3.13')).route({ exchange: 'e', routingKey: 'k' }).queues))",
      ].join('\n'))
      const result = await build({ entryPoints: [join(dir, 'app.mjs')], outfile: join(dir, 'out', 'app.mjs'), bundle: true, platform: 'node', format: 'esm', metafile: true, logLevel: 'silent' })
      const inputs = Object.keys(result.metafile.inputs)
      expect(inputs.some((i) => i.endsWith('dist/rmq-sim.module.js'))).toBe(true)
      expect(inputs.some((i) => i.endsWith('dist/rmq-sim.js') || i.includes('dist/lib/'))).toBe(false)
      // the bundle runs with no rmq-sim beside it
      unlinkSync(link)
      const run = spawnSync(process.execPath, [join(dir, 'out', 'app.mjs')], { cwd: dir, encoding: 'utf8' })
      expect(run.stderr).toBe('')
      expect(run.stdout.trim()).toBe('["q"]')
    } finally {
      if (existsSync(link)) unlinkSync(link)
      rmSync(dir, { recursive: true, force: true })
    }
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
