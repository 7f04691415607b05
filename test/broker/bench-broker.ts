// Throughput of the simulated broker against smqp doing the same work in the same run:
// publish → deliver → ack through a topic exchange to 10 queues, consumers with prefetch 100,
// (a) consumers attached first, (b) all messages published first, then drained.
// Run: npx tsx test/broker/bench-broker.ts [messages]   (default 200000); or import runBrokerBench().
import { Broker as Smqp } from 'smqp'
import { Broker } from '../../src/broker/broker.js'
import type { BrokerEvent } from '../../src/broker/types.js'
import { rulesFor } from '../../src/core/versions.js'

const N = 200_000
const QUEUES = 10
const PREFETCH = 100
const keys = Array.from({ length: QUEUES }, (_, i) => `orders.eu.${i}.created`)
const body = 'x'.repeat(64)

function rmqSim(n: number, mode: 'consumers-first' | 'publish-first', recordEvents: boolean): { ms: number; delivered: number } {
  const b = new Broker({ topology: { vhosts: new Map() }, vhost: '/', rules: rulesFor('4.3.5'), recordEvents })
  b.declareExchange({ name: 'bench', type: 'topic' })
  for (let i = 0; i < QUEUES; i++) {
    b.declareQueue({ name: `q${i}` })
    b.bind({ source: 'bench', destination: `q${i}`, routingKey: `orders.*.${i}.#` })
  }
  let delivered = 0
  // With events: ack each delivery as it is reported (what a client does).
  const settle = (first: readonly BrokerEvent[]): void => {
    const work: (readonly BrokerEvent[])[] = [first]
    for (let events = work.pop(); events !== undefined; events = work.pop()) {
      for (let j = 0; j < events.length; j++) {
        const e = events[j]!
        if (e.kind === 'delivered') {
          delivered++
          work.push(b.ack(e.channel, e.deliveryTag).events)
        }
      }
    }
  }
  // Without events: ack everything outstanding on each channel (multiple=true, tag 0) now and then.
  const settleAll = (): void => {
    for (let i = 0; i < QUEUES; i++) b.ack(`c${i}`, 0, true)
  }
  const consume = (): void => {
    for (let i = 0; i < QUEUES; i++) settle(b.consume(`q${i}`, { consumerTag: `t${i}`, channel: `c${i}`, prefetch: PREFETCH }).events)
  }
  const t0 = performance.now()
  if (mode === 'consumers-first') consume()
  for (let i = 0; i < n; i++) {
    const r = b.publish({ exchange: 'bench', routingKey: keys[i % QUEUES]!, body })
    if (recordEvents) settle(r.events)
    else if (i % 50 === 49) settleAll()
  }
  if (mode === 'publish-first') consume()
  if (!recordEvents) {
    while (b.channels().some((c) => c.unacked > 0)) settleAll()
    delivered = n
  }
  const ms = performance.now() - t0
  const left = b.queueStats().reduce((s, q) => s + q.messages, 0)
  if (left !== 0) throw new Error(`rmq-sim left ${left} messages`)
  return { ms, delivered }
}

function smqp(n: number, mode: 'consumers-first' | 'publish-first'): { ms: number; delivered: number } {
  const broker = Smqp({ name: 'bench' })
  broker.assertExchange('bench', 'topic')
  for (let i = 0; i < QUEUES; i++) {
    broker.assertQueue(`q${i}`)
    broker.bindQueue(`q${i}`, 'bench', `orders.*.${i}.#`)
  }
  let delivered = 0
  const onMessage = (_key: string, message: { ack(): void }): void => {
    delivered++
    message.ack()
  }
  const consume = (): void => {
    for (let i = 0; i < QUEUES; i++) broker.consume(`q${i}`, onMessage, { prefetch: PREFETCH })
  }
  const t0 = performance.now()
  if (mode === 'consumers-first') consume()
  for (let i = 0; i < n; i++) broker.publish('bench', keys[i % QUEUES]!, body)
  if (mode === 'publish-first') consume()
  const ms = performance.now() - t0
  if (delivered !== n) throw new Error(`smqp delivered ${delivered} of ${n}`)
  return { ms, delivered }
}

const best = <T extends { ms: number }>(f: () => T, runs = 3): T => {
  let b: T | undefined
  for (let i = 0; i < runs; i++) {
    const r = f()
    if (b === undefined || r.ms < b.ms) b = r
  }
  return b!
}

export interface BrokerBenchRow {
  readonly mode: 'consumers-first' | 'publish-first'
  readonly messages: number
  readonly smqpMs: number
  readonly eventsMs: number
  readonly bulkMs: number
}

/** Both modes, best of `runs`, side by side with smqp (for test/bench/run.ts and the README figures). */
export function runBrokerBench(messages = N, runs = 3): BrokerBenchRow[] {
  const rows: BrokerBenchRow[] = []
  for (const mode of ['consumers-first', 'publish-first'] as const) {
    const s = best(() => smqp(messages, mode), runs)
    const withEvents = best(() => rmqSim(messages, mode, true), runs)
    const bulk = best(() => rmqSim(messages, mode, false), runs)
    rows.push({ mode, messages, smqpMs: s.ms, eventsMs: withEvents.ms, bulkMs: bulk.ms })
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of runBrokerBench(Number(process.argv[2] ?? N))) {
    const rate = (ms: number): string => `${Math.round(r.messages / (ms / 1000)).toLocaleString('en-US')} msg/s (${ms.toFixed(0)} ms)`
    console.log(`${r.mode}: ${r.messages} messages, topic exchange → ${QUEUES} queues, prefetch ${PREFETCH}`)
    console.log(`  smqp 15                    ${rate(r.smqpMs)}`)
    console.log(`  rmq-sim (events, ack each) ${rate(r.eventsMs)}  ${(r.smqpMs / r.eventsMs).toFixed(1)}x smqp`)
    console.log(`  rmq-sim (bulk, ack multi)  ${rate(r.bulkMs)}  ${(r.smqpMs / r.bulkMs).toFixed(1)}x smqp`)
  }
}
