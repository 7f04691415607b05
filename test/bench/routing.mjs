// Routing throughput and memory: rmq-sim's compiled exchanges against qlobber and a naive baseline, same keys,
// same process, interleaved rounds.
import { createRouter, rulesFor, EMPTY_TABLE } from '../../dist/index.js'
import { directWorkload, headersWorkload } from './generate.mjs'
import { naiveTopic, qlobberTopic } from './peers.mjs'
import { performance } from 'node:perf_hooks'
import { cpus, loadavg } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { retainedBytes, summarise, throughput } from './stats.mjs'

const rules = rulesFor('4.3.5')

function vhostWith(type, bindings) {
  const exchanges = new Map([['x', { vhost: '/', name: 'x', type, durable: true, autoDelete: false, internal: false, arguments: EMPTY_TABLE }]])
  const queues = new Map()
  for (const b of bindings) if (!queues.has(b.destination)) {
    queues.set(b.destination, { vhost: '/', name: b.destination, type: 'classic', durable: true, exclusive: false, autoDelete: false, arguments: EMPTY_TABLE })
  }
  return { name: '/', exchanges, queues, bindings, policies: [] }
}

/** A router with exchange `x` compiled (matchers and slot tables are built on first use). */
function compiled(vhost, create = createRouter) {
  const router = create(vhost, rules)
  // the first route builds the matcher and the binding → queue slot table: part of the router's memory
  router.route({ exchange: 'x', routingKey: '' })
  return router
}

const binding = (destination, routingKey, args = EMPTY_TABLE) =>
  ({ vhost: '/', source: 'x', destination, destinationType: 'queue', routingKey, arguments: args })

/**
 * Topic: one workload (patterns, their queues, keys) through rmq-sim's `router.route()` as a library user calls it
 * (the queue names of the answer), rmq-sim's `router.trace()` (every hop and route built), qlobber's QlobberDedup
 * `match` and one RegExp per binding, interleaved in short chunks of keys (see below); rates are per round.
 * `compare`: other builds' `createRouter` ({ name, createRouter }), whose route() runs in the same rounds.
 * `minRoundMs`: each round goes over the keys as many times as the fastest contender needs to spend at least
 * this long. Default: 100
 */
export function benchTopic(workload, { rounds, regexKeys: regexKeyCount = 200, minRoundMs = 100, compare = [] }) {
  const { patterns, queues: queueOf, keys } = workload
  const n = patterns.length
  // The topology objects are the input, not the router's own memory: build them outside the measured step, and
  // compile the (lazily built) trie inside it.
  const topicVhost = vhostWith('topic', patterns.map((p, i) => binding(queueOf[i], p)))
  const sim = retainedBytes(() => compiled(topicVhost))
  const ql = retainedBytes(() => qlobberTopic(patterns, queueOf))
  const rx = retainedBytes(() => naiveTopic(patterns, queueOf))
  const router = sim.value
  const others = compare.map((c) => ({ name: c.name, router: compiled(topicVhost, c.createRouter) }))
  // Same answers (no empty words in these workloads, where qlobber differs from RabbitMQ).
  for (const k of keys.slice(0, 500)) {
    const a = router.route({ exchange: 'x', routingKey: k }).queues
    const b = ql.value.match(k)
    if (a.length !== b.size || a.some((q) => !b.has(q))) throw new Error(`topic answers differ for ${k}`)
    for (const o of others) if (o.router.route({ exchange: 'x', routingKey: k }).queues.join('\n') !== a.join('\n')) throw new Error(`${o.name}: topic answers differ for ${k}`)
  }
  let sink = 0
  const contenders = [
    (i) => { sink += router.route({ exchange: 'x', routingKey: keys[i] }).queues.length },
    (i) => { sink += router.trace({ exchange: 'x', routingKey: keys[i] }).hops.length },
    (i) => { sink += ql.value.match(keys[i]).size },
    ...others.map((o) => (i) => { sink += o.router.route({ exchange: 'x', routingKey: keys[i] }).queues.length }),
  ]
  const QL = 2
  const pass = (c) => { const t0 = performance.now(); for (let i = 0; i < keys.length; i++) c(i); return performance.now() - t0 }
  // warm-up: every contender twice over every key (JIT tiers, lazily built tables), not timed but for sizing rounds
  for (const c of contenders) pass(c)
  const fastestPass = Math.min(...contenders.map(pass))
  // A round goes over the keys `passes` times. At 1k bindings one pass of 10k keys takes route() a few ms, and a
  // single preemption by other work (a time slice of several ms) inside one contender's chunk swung a 3-round
  // median from 0.9x to 1.5x; longer rounds spread such hits over many chunks of every contender.
  const passes = Math.max(1, Math.min(64, Math.ceil(minRoundMs / Math.max(fastestPass, 1e-3))))
  // Within a chunk every contender routes the same keys, in an order that rotates, so load that comes and goes
  // hits all contenders alike. Each chunk is timed in wall time and in CPU time (user + system of this process,
  // which leaves out the time other processes hold the CPU). Per round: each contender's rate, and the qlobber /
  // contender ratio of the round's times. Also kept: each chunk's fastest wall time over all rounds and passes
  // (the time least disturbed by other work), whose sums give a third, load-robust ratio.
  const chunk = Math.min(keys.length, 2_000)
  const chunks = Math.ceil(keys.length / chunk)
  const C = contenders.length
  const rates = contenders.map(() => [])
  const cpuRates = contenders.map(() => [])
  const ratios = contenders.map(() => [])
  const cpuRatios = contenders.map(() => [])
  const best = contenders.map(() => new Float64Array(chunks).fill(Infinity))
  const spent = new Float64Array(C)
  const spentCpu = new Float64Array(C)
  for (let r = 0; r < rounds; r++) {
    spent.fill(0)
    spentCpu.fill(0)
    for (let p = 0; p < passes; p++) {
      for (let k = 0; k < chunks; k++) {
        const from = k * chunk
        const to = Math.min(keys.length, from + chunk)
        for (let j = 0; j < C; j++) {
          const c = (j + k + p + r) % C
          const run = contenders[c]
          const u0 = process.cpuUsage()
          const t0 = performance.now()
          for (let i = from; i < to; i++) run(i)
          const ms = performance.now() - t0
          const u = process.cpuUsage(u0)
          spent[c] += ms
          spentCpu[c] += (u.user + u.system) / 1000
          if (ms < best[c][k]) best[c][k] = ms
        }
      }
    }
    for (let c = 0; c < C; c++) {
      rates[c].push(keys.length * passes / (spent[c] / 1000))
      cpuRates[c].push(keys.length * passes / (spentCpu[c] / 1000))
      ratios[c].push(spent[QL] / spent[c])
      cpuRatios[c].push(spentCpu[QL] / spentCpu[c])
    }
  }
  const sum = (xs) => xs.reduce((a, b) => a + b, 0)
  const bestRatio = sum(best[QL]) / sum(best[0])
  const regexKeys = Math.min(keys.length, regexKeyCount)
  const rxRate = throughput(1, regexKeys, (i) => { sink += rx.value.match(keys[i]).size })
  let matched = 0
  let copies = 0
  for (const k of keys) { const m = ql.value.match(k).size; copies += m; if (m > 0) matched++ }
  const row = (name, c, memory) => ({ name, rate: summarise(rates[c]), cpuRate: summarise(cpuRates[c]), memory })
  return {
    bindings: n, queues: new Set(queueOf).size, keys: keys.length, passes, matchedShare: matched / keys.length, meanQueuesPerKey: copies / keys.length, sink,
    ratio: summarise(ratios[0]), cpuRatio: summarise(cpuRatios[0]), bestRatio,
    rows: [
      row('rmq-sim route()', 0, sim.memory),
      row('rmq-sim trace() (full detail)', 1, sim.memory),
      row('qlobber QlobberDedup', QL, ql.memory),
      { name: 'regex per binding', rate: rxRate, memory: rx.memory },
    ],
    compared: others.map((o, i) => ({ name: o.name, ratio: summarise(ratios[3 + i]), cpuRatio: summarise(cpuRatios[3 + i]), rate: summarise(rates[3 + i]) })),
  }
}

/** Direct: a Map from key to bindings against scanning every binding. */
export function benchDirect(n, { rounds, keys: keyCount }) {
  const { bindings, keys } = directWorkload(n, keyCount)
  const directVhost = vhostWith('direct', bindings.map((k, i) => binding(`q${i % 1000}`, k)))
  const sim = retainedBytes(() => compiled(directVhost))
  const naive = bindings.map((k, i) => ({ k, q: `q${i % 1000}` }))
  let sink = 0
  const a = [], b = []
  const scanRounds = Math.max(1, Math.floor(rounds / 2))
  const scanKeys = Math.max(100, Math.floor(keyCount * Math.min(1, 5_000 / n)))
  for (let r = 0; r < rounds; r++) a.push(throughput(1, keys.length, (i) => { sink += sim.value.route({ exchange: 'x', routingKey: keys[i] }).queues.length }))
  for (let r = 0; r < scanRounds; r++) b.push(throughput(1, scanKeys, (i) => { const s = new Set(); for (const x of naive) if (x.k === keys[i]) s.add(x.q); sink += s.size }))
  return { bindings: n, sink, rows: [{ name: 'rmq-sim route()', rate: merge(a), memory: sim.memory }, { name: 'scan every binding', rate: merge(b) }] }
}

/** Headers: rmq-sim's headers exchange against testing every binding's conditions in a loop. */
export function benchHeaders(n, { rounds, keys: msgCount }) {
  const { bindings, messages } = headersWorkload(n, msgCount)
  const toTable = (o) => new Map(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? { type: 'long', value: v } : { type: 'longstr', value: v }]))
  const headersVhost = vhostWith('headers', bindings.map((a, i) => binding(`q${i % 1000}`, '', toTable(a))))
  const sim = retainedBytes(() => compiled(headersVhost))
  const tables = messages.map(toTable)
  let sink = 0
  const naive = (m) => {
    const s = new Set()
    bindings.forEach((b, i) => {
      const any = b['x-match'] === 'any'
      let hit = !any
      for (const [k, v] of Object.entries(b)) {
        if (k === 'x-match') continue
        const eq = m[k] === v
        if (any && eq) { hit = true; break }
        if (!any && !eq) { hit = false; break }
      }
      if (hit) s.add(`q${i % 1000}`)
    })
    return s.size
  }
  const a = [], b = []
  const naiveCount = Math.max(50, Math.floor(msgCount * Math.min(1, 5_000 / n)))
  for (let r = 0; r < rounds; r++) {
    a.push(throughput(1, tables.length, (i) => { sink += sim.value.route({ exchange: 'x', routingKey: '', headers: tables[i] }).queues.length }))
    b.push(throughput(1, naiveCount, (i) => { sink += naive(messages[i]) }))
  }
  return { bindings: n, sink, rows: [{ name: 'rmq-sim route()', rate: merge(a), memory: sim.memory }, { name: 'loop over bindings', rate: merge(b) }] }
}

/** Per-round summaries → one summary over the round medians. */
function merge(summaries) {
  const xs = summaries.map((s) => s.median).sort((a, b) => a - b)
  const q = (p) => { const pos = (xs.length - 1) * p; const lo = Math.floor(pos); const hi = Math.ceil(pos); return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo) }
  return { median: q(0.5), p25: q(0.25), p75: q(0.75), n: xs.length }
}

// Run alone: `node --expose-gc test/bench/routing.mjs [--quick] [--sizes 1000,10000] [--workloads fleet,shared]
// [--rounds N] [--min-round-ms MS] [--compare DIR ...]` after `npm run build`: the topic section of `npm run bench`,
// as run.mjs calls it; --compare also routes with other built copies of rmq-sim (DIR/dist/index.js, e.g. an older
// commit's build) in the same rounds; --min-round-ms 0 gives one pass over the keys per round.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { sharedQueueWorkload, topicWorkload } = await import('./generate.mjs')
  const argList = (flag) => {
    const out = []
    for (let j = process.argv.indexOf(flag) + 1; j > 0 && j < process.argv.length && !process.argv[j].startsWith('--'); j++) out.push(process.argv[j])
    return out
  }
  const quick = process.argv.includes('--quick')
  const sizes = (argList('--sizes')[0] ?? '1000,10000,100000').split(',').map(Number)
  const ids = (argList('--workloads')[0] ?? 'fleet,shared').split(',')
  const compare = []
  for (const dir of argList('--compare')) compare.push({ name: basename(resolve(dir)), createRouter: (await import(pathToFileURL(join(resolve(dir), 'dist/index.js')).href)).createRouter })
  const make = {
    fleet: (n, k) => { const w = topicWorkload(n, k); return { ...w, queues: w.patterns.map((_, i) => `q${i}`) } },
    shared: (n, k) => sharedQueueWorkload(n, k),
  }
  const f = (s) => `${s.median.toFixed(2)}x (p25–p75 ${s.p25.toFixed(2)}–${s.p75.toFixed(2)})`
  process.stdout.write(`load average ${loadavg().map((x) => x.toFixed(2)).join(', ')}, ${cpus().length} cores, node ${process.version}\n`)
  for (const id of ids) for (const n of sizes) {
    const rounds = Number(argList('--rounds')[0] ?? (quick ? 3 : 9))
    const minRoundMs = argList('--min-round-ms')[0] === undefined ? undefined : Number(argList('--min-round-ms')[0])
    const r = benchTopic(make[id](n, quick ? 10_000 : 30_000), { rounds, regexKeys: 10, compare, ...(minRoundMs === undefined ? {} : { minRoundMs }) })
    process.stdout.write(`${id} ${n}: ${r.keys} keys × ${r.passes} passes per round, ${r.ratio.n} rounds; qlobber / route(): wall ${f(r.ratio)}, CPU ${f(r.cpuRatio)}, least-disturbed ${r.bestRatio.toFixed(2)}x\n`)
    for (const c of r.compared) process.stdout.write(`  ${c.name}: wall ${f(c.ratio)}, CPU ${f(c.cpuRatio)}\n`)
  }
}
