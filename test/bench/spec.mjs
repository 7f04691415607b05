// `rmq-sim test` speed: a spec of 10k routing cases (plus delivery cases on the simulated broker) over a topic
// topology of 1k service-fleet bindings. Measures the cases alone (in process) and the whole `rmq-sim test` process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createRouter, rulesFor } from '../../dist/index.js'
import { parseSpecText } from '../../dist/spec/parse-spec.js'
import { runSpec } from '../../dist/spec/run-spec.js'
import { parseTopologyText } from '../../dist/index.js'
import { timeCommands } from './cold-start.mjs'
import { topicWorkload } from './generate.mjs'
import { fmtMs, summarise } from './stats.mjs'

/** Writes a topology and a spec whose `exactly` answers come from the router, so every case passes. */
function workload(cases, deliveryCases) {
  const { patterns, keys } = topicWorkload(1_000, cases, 11)
  const queues = patterns.map((_, i) => `q${i % 200}`)
  const topologyText = [
    'exchanges:', '  fleet: { type: topic }', '  dlx: { type: fanout }',
    'queues:', ...[...new Set(queues)].map((q) => `  ${q}: { arguments: { x-dead-letter-exchange: dlx } }`), '  dlq:',
    'bindings:', ...patterns.map((p, i) => `  - { source: fleet, destination: ${queues[i]}, routing_key: "${p}" }`),
    '  - { source: dlx, destination: dlq }', '',
  ].join('\n')
  const topology = parseTopologyText(topologyText, 'fleet.yaml').topology
  const router = createRouter(topology.vhosts.get('/'), rulesFor('4.3.5'))
  const lines = ['topology: fleet.yaml', 'cases:']
  const json = { topology: 'fleet.yaml', cases: [] }
  for (let i = 0; i < cases; i++) {
    const key = keys[i % keys.length]
    const got = router.route({ exchange: 'fleet', routingKey: key }).queues
    lines.push(`  - publish: { exchange: fleet, routing_key: "${key}" }`, `    expect: { exactly: [${got.join(', ')}] }`)
    json.cases.push({ publish: { exchange: 'fleet', routing_key: key }, expect: { exactly: got } })
  }
  let added = 0
  for (let i = 0; added < deliveryCases && i < keys.length; i++) {
    const got = router.route({ exchange: 'fleet', routingKey: keys[i] }).queues
    if (got.length === 0) continue
    added++
    lines.push(`  - publish: { exchange: fleet, routing_key: "${keys[i]}" }`, `    steps: [ { reject: ${got[0]} } ]`, `    expect: { in_queue: { queue: dlq, count: 1, x-death: { reason: rejected } } }`)
    json.cases.push({ publish: { exchange: 'fleet', routing_key: keys[i] }, steps: [{ reject: got[0] }], expect: { in_queue: { queue: 'dlq', count: 1, 'x-death': { reason: 'rejected' } } } })
  }
  const jsonText = `{\n "topology": "fleet.yaml",\n "cases": [\n${json.cases.map((c) => `  ${JSON.stringify(c)}`).join(',\n')}\n ]\n}\n`
  return { topologyText, topology, router, specText: `${lines.join('\n')}\n`, jsonText }
}

export function benchSpec({ quick, say, results }) {
  say('\n## rmq-sim test (a spec of 10k routing cases over 1k topic bindings, plus 1k dead-lettering cases)')
  const { topologyText, topology, router, specText, jsonText } = workload(10_000, 1_000)
  const rules = rulesFor('4.3.5')
  const parsed = parseSpecText(specText, 'spec.yaml')
  if (!parsed.spec) throw new Error(`bench spec invalid: ${parsed.diagnostics[0]?.message}`)
  const routing = { ...parsed.spec, cases: parsed.spec.cases.filter((c) => c.steps === undefined) }
  const delivery = { ...parsed.spec, cases: parsed.spec.cases.filter((c) => c.steps !== undefined) }
  const rounds = quick ? 3 : 7
  const time = (fn) => summarise(Array.from({ length: rounds }, () => { const t0 = performance.now(); fn(); return performance.now() - t0 }))
  let failed = 0
  const r = time(() => { failed += runSpec(routing, 'spec.yaml', topology, router, rules).results.filter((x) => !x.outcome.passed).length })
  const d = time(() => { failed += runSpec(delivery, 'spec.yaml', topology, router, rules).results.filter((x) => !x.outcome.passed).length })
  const p = time(() => parseSpecText(specText, 'spec.yaml'))
  const pj = time(() => parseSpecText(jsonText, 'spec.json'))
  if (failed > 0) throw new Error(`bench spec: ${failed} cases failed`)
  say(`routing cases: ${fmtMs(r.median)} for ${routing.cases.length} (${(r.median * 1000 / routing.cases.length).toFixed(1)} µs per case)`)
  say(`dead-lettering cases (fresh broker each): ${fmtMs(d.median)} for ${delivery.cases.length} (${(d.median * 1000 / delivery.cases.length).toFixed(1)} µs per case)`)
  say(`parsing the spec: YAML (${(specText.length / 1024).toFixed(0)} KiB, yaml + schema + positions) ${fmtMs(p.median)}; the same as JSON (${(jsonText.length / 1024).toFixed(0)} KiB, JSON.parse + schema) ${fmtMs(pj.median)}`)
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-bench-spec-'))
  try {
    writeFileSync(join(dir, 'fleet.yaml'), topologyText)
    writeFileSync(join(dir, 'spec.yaml'), specText)
    writeFileSync(join(dir, 'spec.json'), jsonText)
    const bin = join(import.meta.dirname, '../../bin/rmq-sim.cjs') // package.json "bin", as an installed rmq-sim runs
    const procs = timeCommands([
      { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
      { name: 'rmq-sim test (yaml)', argv: [process.execPath, bin, 'test', 'spec.yaml', '--format', 'json'] },
      { name: 'rmq-sim test (json)', argv: [process.execPath, bin, 'test', 'spec.json', '--format', 'json'] },
    ], quick ? 3 : 5, { cwd: dir, env: { ...process.env, NO_COLOR: '1' } })
    const w = procs.get('rmq-sim test (yaml)')
    const wj = procs.get('rmq-sim test (json)')
    say(`whole process, rmq-sim test of the 11k-case spec, --format json: YAML spec ${fmtMs(w.median)} (p25–p75 ${fmtMs(w.p25)}–${fmtMs(w.p75)}), JSON spec ${fmtMs(wj.median)} (p25–p75 ${fmtMs(wj.p25)}–${fmtMs(wj.p75)}); node -e 0 ${fmtMs(procs.get('node -e 0').median)} (target < 1 s)`)
    results.sections.spec = { routingMs: r, deliveryMs: d, parseYamlMs: p, parseJsonMs: pj, processYamlMs: w, processJsonMs: wj, routingCases: routing.cases.length, deliveryCases: delivery.cases.length }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
