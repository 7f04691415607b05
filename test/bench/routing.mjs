// Routing throughput and memory: rmq-sim's compiled exchanges against qlobber and a naive baseline, same keys,
// same process, interleaved rounds.
import { createRouter, rulesFor, EMPTY_TABLE } from '../../dist/index.js'
import { directWorkload, headersWorkload } from './generate.mjs'
import { naiveTopic, qlobberTopic } from './peers.mjs'
import { performance } from 'node:perf_hooks'
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
function compiled(vhost) {
  const router = createRouter(vhost, rules)
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
 */
export function benchTopic(workload, { rounds, regexKeys: regexKeyCount = 200 }) {
  const { patterns, queues: queueOf, keys } = workload
  const n = patterns.length
  // The topology objects are the input, not the router's own memory: build them outside the measured step, and
  // compile the (lazily built) trie inside it.
  const topicVhost = vhostWith('topic', patterns.map((p, i) => binding(queueOf[i], p)))
  const sim = retainedBytes(() => compiled(topicVhost))
  const ql = retainedBytes(() => qlobberTopic(patterns, queueOf))
  const rx = retainedBytes(() => naiveTopic(patterns, queueOf))
  const router = sim.value
  // Same answers (no empty words in these workloads, where qlobber differs from RabbitMQ).
  for (const k of keys.slice(0, 500)) {
    const a = router.route({ exchange: 'x', routingKey: k }).queues
    const b = ql.value.match(k)
    if (a.length !== b.size || a.some((q) => !b.has(q))) throw new Error(`topic answers differ for ${k}`)
  }
  let sink = 0
  const contenders = [
    (i) => { sink += router.route({ exchange: 'x', routingKey: keys[i] }).queues.length },
    (i) => { sink += router.trace({ exchange: 'x', routingKey: keys[i] }).hops.length },
    (i) => { sink += ql.value.match(keys[i]).size },
  ]
  // warm-up: every contender once over every key (JIT tiers, lazily built tables), not timed
  for (const c of contenders) for (let i = 0; i < keys.length; i++) c(i)
  // Each round walks the keys in chunks; within a chunk every contender routes the same keys, in an order that
  // rotates, so load that comes and goes hits all contenders alike. Per round: each contender's rate, and the
  // route()/qlobber ratio of the round's times. Also kept: each chunk's fastest time over all rounds (the time
  // least disturbed by other work), whose sums give a second, load-robust ratio.
  const chunk = Math.min(keys.length, 2_000)
  const chunks = Math.ceil(keys.length / chunk)
  const rates = contenders.map(() => [])
  const ratios = []
  const best = contenders.map(() => new Float64Array(chunks).fill(Infinity))
  const spent = new Float64Array(contenders.length)
  for (let r = 0; r < rounds; r++) {
    spent.fill(0)
    for (let k = 0; k < chunks; k++) {
      const from = k * chunk
      const to = Math.min(keys.length, from + chunk)
      for (let j = 0; j < contenders.length; j++) {
        const c = (j + k + r) % contenders.length
        const t0 = performance.now()
        for (let i = from; i < to; i++) contenders[c](i)
        const ms = performance.now() - t0
        spent[c] += ms
        if (ms < best[c][k]) best[c][k] = ms
      }
    }
    spent.forEach((ms, c) => rates[c].push(keys.length / (ms / 1000)))
    ratios.push(spent[2] / spent[0])
  }
  const sum = (xs) => xs.reduce((a, b) => a + b, 0)
  const bestRatio = sum(best[2]) / sum(best[0])
  const regexKeys = Math.min(keys.length, regexKeyCount)
  const rxRate = throughput(1, regexKeys, (i) => { sink += rx.value.match(keys[i]).size })
  let matched = 0
  let copies = 0
  for (const k of keys) { const m = ql.value.match(k).size; copies += m; if (m > 0) matched++ }
  return {
    bindings: n, queues: new Set(queueOf).size, keys: keys.length, matchedShare: matched / keys.length, meanQueuesPerKey: copies / keys.length, sink,
    ratio: summarise(ratios), bestRatio,
    rows: [
      { name: 'rmq-sim route()', rate: summarise(rates[0]), memory: sim.memory },
      { name: 'rmq-sim trace() (full detail)', rate: summarise(rates[1]), memory: sim.memory },
      { name: 'qlobber QlobberDedup', rate: summarise(rates[2]), memory: ql.memory },
      { name: 'regex per binding', rate: rxRate, memory: rx.memory },
    ],
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
