// The simulated broker's publish → deliver → ack throughput against smqp doing the same work in the same run.
import { Broker, EMPTY_TABLE, rulesFor } from '../../dist/index.js'
import { Broker as SmqpBroker } from 'smqp'
import { performance } from 'node:perf_hooks'

const QUEUES = 10
const PREFETCH = 100
const KEYS = ['order.created.eu', 'order.shipped.us', 'invoice.paid.eu', 'parcel.lost.apac']

function topology() {
  const exchanges = new Map([['events', { vhost: '/', name: 'events', type: 'topic', durable: true, autoDelete: false, internal: false, arguments: EMPTY_TABLE }]])
  const queues = new Map()
  const bindings = []
  for (let i = 0; i < QUEUES; i++) {
    const name = `q${i}`
    queues.set(name, { vhost: '/', name, type: 'classic', durable: true, exclusive: false, autoDelete: false, arguments: EMPTY_TABLE })
    // Every queue takes every key (10 copies per publish), as a fan-out of services subscribed with `#` patterns.
    bindings.push({ vhost: '/', source: 'events', destination: name, destinationType: 'queue', routingKey: i % 2 ? '#' : '*.*.#', arguments: EMPTY_TABLE })
  }
  return { vhosts: new Map([['/', { name: '/', exchanges, queues, bindings, policies: [] }]]) }
}

/** rmq-sim: consumers (one channel each) attached first or after; acks every delivery as it arrives. */
export function rmqSim(messages, mode) {
  const b = new Broker({ topology: topology(), vhost: '/', rules: rulesFor('3.13'), recordEvents: true })
  let acked = 0
  const pending = []
  const take = (events) => { for (const e of events) if (e.kind === 'delivered') pending.push(e) }
  const drain = () => {
    while (pending.length > 0) {
      const d = pending.pop()
      const r = b.ack(d.channel, d.deliveryTag)
      acked++
      take(r.events)
    }
  }
  const attach = () => { for (let i = 0; i < QUEUES; i++) take(b.consume(`q${i}`, { channel: b.openChannel(`c${i}`), prefetch: PREFETCH }).events) }
  const body = 'x'.repeat(64)
  const t0 = performance.now()
  if (mode === 'consumers-first') attach()
  for (let i = 0; i < messages; i++) {
    take(b.publish({ exchange: 'events', routingKey: KEYS[i & 3], body }).events)
    if (mode === 'consumers-first') drain()
  }
  if (mode !== 'consumers-first') attach()
  drain()
  const ms = performance.now() - t0
  if (acked !== messages * QUEUES) throw new Error(`rmq-sim acked ${acked}, expected ${messages * QUEUES}`)
  return ms
}

/** smqp: the same exchange, queues, bindings, prefetch and acks. */
export function smqp(messages, mode) {
  const broker = SmqpBroker({})
  broker.assertExchange('events', 'topic')
  let acked = 0
  for (let i = 0; i < QUEUES; i++) {
    broker.assertQueue(`q${i}`)
    broker.bindQueue(`q${i}`, 'events', i % 2 ? '#' : '*.*.#')
  }
  const attach = () => { for (let i = 0; i < QUEUES; i++) broker.consume(`q${i}`, (_rk, msg) => { acked++; msg.ack() }, { prefetch: PREFETCH }) }
  const body = 'x'.repeat(64)
  const t0 = performance.now()
  if (mode === 'consumers-first') attach()
  for (let i = 0; i < messages; i++) broker.publish('events', KEYS[i & 3], body)
  if (mode !== 'consumers-first') attach()
  const ms = performance.now() - t0
  if (acked !== messages * QUEUES) throw new Error(`smqp acked ${acked}, expected ${messages * QUEUES}`)
  return ms
}
