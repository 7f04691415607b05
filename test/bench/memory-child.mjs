// One memory measurement in a fresh process (run by memory.mjs): builds a topic workload, then ONE contender over
// it, and prints what building the contender retained after gc: V8 heap, off-heap (external, which includes the
// ArrayBuffers of typed arrays) and the resident set size. A fresh process per figure keeps other contenders'
// garbage out of it. Usage: node --expose-gc memory-child.mjs <rmq-sim|qlobber|regex> <fleet|shared> <bindings>
import { createRouter, rulesFor, EMPTY_TABLE } from '../../dist/index.js'
import { sharedQueueWorkload, topicWorkload } from './generate.mjs'
import { naiveTopic, qlobberTopic } from './peers.mjs'

const [contender, workload, count] = process.argv.slice(2)
const n = Number(count)
const generated = workload === 'fleet' ? (() => { const t = topicWorkload(n, 10); return { ...t, queues: t.patterns.map((_, i) => `q${i}`) } })() : sharedQueueWorkload(n, 10)
// Flat strings, as a file's parser gives them: the generator's template literals are V8 cons-strings, which the
// first split() flattens in place, freeing more heap than the contender takes (negative figures otherwise).
const w = JSON.parse(JSON.stringify(generated))
// the topology objects are the router's input, as the patterns are qlobber's: built before the first reading
const queues = new Map()
const bindings = w.patterns.map((p, i) => {
  const q = w.queues[i]
  if (!queues.has(q)) queues.set(q, { vhost: '/', name: q, type: 'classic', durable: true, exclusive: false, autoDelete: false, arguments: EMPTY_TABLE })
  return { vhost: '/', source: 'x', destination: q, destinationType: 'queue', routingKey: p, arguments: EMPTY_TABLE }
})
const vhost = { name: '/', exchanges: new Map([['x', { vhost: '/', name: 'x', type: 'topic', durable: true, autoDelete: false, internal: false, arguments: EMPTY_TABLE }]]), queues, bindings, policies: [] }
const settle = () => { for (let i = 0; i < 4; i++) globalThis.gc() }
settle()
const before = process.memoryUsage()
let built
if (contender === 'rmq-sim') {
  built = createRouter(vhost, rulesFor('4.3.5'))
  built.route({ exchange: 'x', routingKey: w.keys[0] }) // builds the trie and the binding → queue slot table
} else if (contender === 'qlobber') {
  built = qlobberTopic(w.patterns, w.queues)
  built.match(w.keys[0])
} else {
  built = naiveTopic(w.patterns, w.queues)
  built.match(w.keys[0])
}
settle()
const after = process.memoryUsage()
process.stdout.write(JSON.stringify({
  heap: after.heapUsed - before.heapUsed,
  offHeap: after.external - before.external,
  rss: after.rss - before.rss,
  keep: typeof built,
}))
