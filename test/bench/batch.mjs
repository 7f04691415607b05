// `rmq-sim trace EXPORT --batch PROBES` as a user runs it: whole processes (start-up, loading the export, reading
// the probes, writing the output to a file), compact (--fields) and full output interleaved run by run.
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { definitionsExport, prng } from './generate.mjs'
import { summarise } from './stats.mjs'

const ENTITIES = ['order', 'invoice', 'parcel', 'item', 'account', 'refund', 'cart', 'session', 'price', 'email']
const EVENTS = ['created', 'updated', 'deleted', 'shipped', 'failed', 'retried', 'approved', 'cancelled']

/**
 * Probes over a definitions export's exchanges: keys of 2 or 3 words, one in ten mandatory. They repeat, as captured
 * traffic does (about 12k distinct lines in 100k), and the batch answers a repeated line from memory. With
 * `distinct`, no line repeats: every key has a third word of its own (direct bindings, two words, then never match).
 */
export function batchProbes(defs, count, seed = 5, { distinct = false } = {}) {
  const r = prng(seed)
  const names = defs.exchanges.map((x) => x.name)
  const lines = []
  for (let i = 0; i < count; i++) {
    const p = { exchange: r.pick(names), routingKey: `${r.pick(ENTITIES)}.${r.pick(EVENTS)}${distinct ? `.${i.toString(36)}` : r.int(2) ? '.eu' : ''}` }
    if (r.int(10) === 0) p.mandatory = true
    lines.push(JSON.stringify(p))
  }
  return `${lines.join('\n')}\n`
}

export function benchBatch(root, { probes, fullProbes: fullCount, runs }) {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-batch-'))
  try {
    const defs = definitionsExport(2_000, 8_000)
    const exportFile = join(dir, 'definitions-8k-bindings.json')
    writeFileSync(exportFile, JSON.stringify(defs, null, 2))
    // the full shape is ~2 KB a line: fewer probes keep its output file and run time reasonable
    const fullProbes = fullCount ?? Math.max(1_000, Math.floor(probes / 10))
    const probeFile = join(dir, 'probes.jsonl')
    const fullProbeFile = join(dir, 'probes-full.jsonl')
    const probeText = batchProbes(defs, probes)
    writeFileSync(probeFile, probeText)
    writeFileSync(fullProbeFile, batchProbes(defs, fullProbes))
    const distinctProbeFile = join(dir, 'probes-distinct.jsonl')
    writeFileSync(distinctProbeFile, batchProbes(defs, probes, 5, { distinct: true }))
    const noProbeFile = join(dir, 'no-probes.jsonl')
    writeFileSync(noProbeFile, '')
    const bin = join(root, 'bin/rmq-sim.cjs') // package.json "bin", as an installed rmq-sim runs
    const preload = join(root, 'test/bench/cpu-usage.cjs')
    // no probes first in each round: its time (start-up and loading the export) is what the scaled full shape
    // does not multiply
    const variants = [
      { name: 'no probes: start-up and loading the export', probes: 0, args: ['--batch', noProbeFile, '--fields', 'queues'] },
      { name: '--fields queues,returned,error (compact)', probes, args: ['--batch', probeFile, '--fields', 'queues,returned,error'] },
      { name: `full shape (default), ${fullProbes} probes`, probes: fullProbes, args: ['--batch', fullProbeFile] },
      { name: '--fields, no line repeated (nothing from memory)', probes, args: ['--batch', distinctProbeFile, '--fields', 'queues,returned,error'] },
    ]
    const samples = variants.map(() => ({ wall: [], cpu: [], outputBytes: 0 }))
    for (let run = 0; run < runs; run++) {
      for (let v = 0; v < variants.length; v++) {
        const outFile = join(dir, `out-${v}.jsonl`)
        const fd = openSync(outFile, 'w')
        const t0 = performance.now()
        const res = spawnSync(process.execPath, ['--require', preload, bin, 'trace', exportFile, ...variants[v].args], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
        const wall = performance.now() - t0
        closeSync(fd)
        const cpu = /cpu-usage (\d+) (\d+)/.exec(res.stderr ?? '')
        if (res.status !== 0 || cpu === null) throw new Error(`batch trace failed (${res.status}): ${res.stderr}`)
        // the full shape's per-probe work is scaled to `probes` probes, so the rows compare as rates; start-up (this
        // round's no-probes run) is counted once, not multiplied; no-probes is as is
        const scale = variants[v].probes === 0 ? 1 : probes / variants[v].probes
        const cpuMs = (Number(cpu[1]) + Number(cpu[2])) / 1000
        const base = variants[v].probes === 0 ? { wall: 0, cpu: 0 } : { wall: samples[0].wall.at(-1), cpu: samples[0].cpu.at(-1) }
        samples[v].wall.push(base.wall + (wall - base.wall) * scale)
        samples[v].cpu.push(base.cpu + (cpuMs - base.cpu) * scale)
        samples[v].outputBytes = statSync(outFile).size * scale
      }
    }
    const compact = readFileSync(join(dir, 'out-1.jsonl'), 'utf8').trim().split('\n')
    if (compact.length !== probes) throw new Error(`expected ${probes} result lines, got ${compact.length}`)
    const meanQueues = compact.reduce((s, l) => s + JSON.parse(l).queues.length, 0) / probes
    return {
      bindings: defs.bindings.length, exchanges: defs.exchanges.length, queues: defs.queues.length, probes, probeBytes: probeText.length, meanQueues,
      rows: variants.map((v, i) => ({ name: v.name, wall: summarise(samples[i].wall), cpu: summarise(samples[i].cpu), outputBytes: samples[i].outputBytes })),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
