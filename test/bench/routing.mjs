// Routing throughput and memory: rmq-sim's compiled exchanges against qlobber and a naive baseline, same keys,
// same process, interleaved rounds.
import { createRouter, rulesFor, EMPTY_TABLE } from '../../dist/index.js'
import { directWorkload, headersWorkload, topicWorkload } from './generate.mjs'
import { naiveTopic, qlobberTopic } from './peers.mjs'
import { retainedBytes, throughput } from './stats.mjs'

const rules = rulesFor('4.3.5')

function vhostWith(type, bindings) {
  const exchanges = new Map([['x', { vhost: '/', name: 'x', type, durable: true, autoDelete: false, internal: false, arguments: EMPTY_TABLE }]])
  const queues = new Map()
  for (const b of bindings) if (!queues.has(b.destination)) {
    queues.set(b.destination, { vhost: '/', name: b.destination, type: 'classic', durable: true, exclusive: false, autoDelete: false, arguments: EMPTY_TABLE })
  }
  return { name: '/', exchanges, queues, bindings, policies: [] }
}

/** A router with exchange `x` compiled (matchers are built on first use). */
function compiled(vhost) {
  const router = createRouter(vhost, rules)
  router.matcher('x')
  return router
}

const binding = (destination, routingKey, args = EMPTY_TABLE) =>
  ({ vhost: '/', source: 'x', destination, destinationType: 'queue', routingKey, arguments: args })

/** Topic: N bindings (one queue each), K keys; route/s and retained heap for rmq-sim, qlobber, regex. */
export function benchTopic(n, { rounds, keys: keyCount }) {
  const { patterns, keys } = topicWorkload(n, keyCount)
  // The topology objects are the input, not the router's own memory: build them outside the measured step, and
  // compile the (lazily built) trie inside it.
  const topicVhost = vhostWith('topic', patterns.map((p, i) => binding(`q${i}`, p)))
  const sim = retainedBytes(() => compiled(topicVhost))
  const ql = retainedBytes(() => qlobberTopic(patterns))
  const regexRounds = n >= 100_000 ? 1 : rounds
  const regexKeys = Math.max(50, Math.floor(keyCount * Math.min(1, 2_000 / n)))
  const rx = retainedBytes(() => naiveTopic(patterns))
  const matcher = sim.value.matcher('x')
  const msg = (k) => ({ routingKeys: [k], headers: EMPTY_TABLE })
  // The answers agree apart from qlobber's empty-word differences (none in this workload: no empty words).
  for (const k of keys.slice(0, 200)) {
    const a = new Set(sim.value.route({ exchange: 'x', routingKey: k }).queues)
    const b = ql.value.match(k)
    if (a.size !== b.size || [...a].some((q) => !b.has(q))) throw new Error(`topic answers differ for ${k}`)
  }
  let sink = 0
  const results = []
  for (let r = 0; r < rounds; r++) {
    results.push([
      throughput(1, keys.length, (i) => { sink += sim.value.route({ exchange: 'x', routingKey: keys[i] }).queues.length }),
      throughput(1, keys.length, (i) => { sink += matcher.match(msg(keys[i])).length }),
      throughput(1, keys.length, (i) => { sink += ql.value.match(keys[i]).size }),
    ])
  }
  const rxRate = throughput(regexRounds, regexKeys, (i) => { sink += rx.value.match(keys[i % keys.length]).size })
  const pick = (j) => merge(results.map((r) => r[j]))
  const meanFanout = keys.reduce((s, k) => s + ql.value.match(k).size, 0) / keys.length
  return {
    bindings: n, keys: keys.length, meanQueuesPerKey: meanFanout, sink,
    rows: [
      { name: 'rmq-sim route()', rate: pick(0), bytes: sim.bytes },
      { name: 'rmq-sim trie match', rate: pick(1), bytes: sim.bytes },
      { name: 'qlobber (QlobberDedup)', rate: pick(2), bytes: ql.bytes },
      { name: 'regex per binding', rate: rxRate, bytes: rx.bytes },
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
  return { bindings: n, sink, rows: [{ name: 'rmq-sim route()', rate: merge(a), bytes: sim.bytes }, { name: 'scan every binding', rate: merge(b), bytes: NaN }] }
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
  return { bindings: n, sink, rows: [{ name: 'rmq-sim route()', rate: merge(a), bytes: sim.bytes }, { name: 'loop over bindings', rate: merge(b), bytes: NaN }] }
}

/** Per-round summaries → one summary over the round medians. */
function merge(summaries) {
  const xs = summaries.map((s) => s.median).sort((a, b) => a - b)
  const q = (p) => { const pos = (xs.length - 1) * p; const lo = Math.floor(pos); const hi = Math.ceil(pos); return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo) }
  return { median: q(0.5), p25: q(0.25), p75: q(0.75), n: xs.length }
}
