// Throughput of the simulated broker against smqp doing the same work in the same run:
// publish → deliver → ack through a topic exchange to 10 queues, consumers with prefetch 100,
// (a) consumers attached first, (b) all messages published first, then drained.
// Run: npx tsx test/broker/bench-broker.ts [messages]   (default 200000)
import { Broker as Smqp } from 'smqp'
import { Broker } from '../../src/broker/broker.js'
import type { BrokerEvent } from '../../src/broker/types.js'
import { rulesFor } from '../../src/core/versions.js'

const N = Number(process.argv[2] ?? 200_000)
const QUEUES = 10
const PREFETCH = 100
const keys = Array.from({ length: QUEUES }, (_, i) => `orders.eu.${i}.created`)
const body = 'x'.repeat(64)

function rmqSim(mode: 'consumers-first' | 'publish-first', recordEvents: boolean): { ms: number; delivered: number } {
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
  for (let n = 0; n < N; n++) {
    const r = b.publish({ exchange: 'bench', routingKey: keys[n % QUEUES]!, body })
    if (recordEvents) settle(r.events)
    else if (n % 50 === 49) settleAll()
  }
  if (mode === 'publish-first') consume()
  if (!recordEvents) {
    while (b.queueStats().some((q) => q.messages > 0)) settleAll()
    delivered = N
  }
  const ms = performance.now() - t0
  const left = b.queueStats().reduce((s, q) => s + q.messages, 0)
  if (left !== 0) throw new Error(`rmq-sim left ${left} messages`)
  return { ms, delivered }
}

function smqp(mode: 'consumers-first' | 'publish-first'): { ms: number; delivered: number } {
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
  for (let n = 0; n < N; n++) broker.publish('bench', keys[n % QUEUES]!, body)
  if (mode === 'publish-first') consume()
  const ms = performance.now() - t0
  if (delivered !== N) throw new Error(`smqp delivered ${delivered} of ${N}`)
  return { ms, delivered }
}

const rate = (r: { ms: number; delivered: number }): string => `${Math.round(r.delivered / (r.ms / 1000)).toLocaleString('en-US')} msg/s (${r.ms.toFixed(0)} ms)`
const best = <T extends { ms: number }>(f: () => T, runs = 3): T => {
  let b: T | undefined
  for (let i = 0; i < runs; i++) {
    const r = f()
    if (b === undefined || r.ms < b.ms) b = r
  }
  return b!
}

for (const mode of ['consumers-first', 'publish-first'] as const) {
  const s = best(() => smqp(mode))
  const withEvents = best(() => rmqSim(mode, true))
  const bulk = best(() => rmqSim(mode, false))
  console.log(`${mode}: ${N} messages, topic exchange → ${QUEUES} queues, prefetch ${PREFETCH}`)
  console.log(`  smqp 15                    ${rate(s)}`)
  console.log(`  rmq-sim (events, ack each) ${rate(withEvents)}  ${(s.ms / withEvents.ms).toFixed(1)}x smqp`)
  console.log(`  rmq-sim (bulk, ack multi)  ${rate(bulk)}  ${(s.ms / bulk.ms).toFixed(1)}x smqp`)
}
