import type { AmqpTable, AmqpValue } from '../../../src/core/amqp-value.js'
import { Broker } from '../../../src/broker/broker.js'
import type { BrokerEvent, BrokerMessage, Delivery } from '../../../src/broker/types.js'
import type { VersionRules } from '../../../src/core/versions.js'
import { describeMessage } from './scenario.js'
import type { Driver, MessageView, Scenario, Step } from './scenario.js'

function plainValue(v: AmqpValue): unknown {
  switch (v.type) {
    case 'void': return null
    case 'array': return v.value.map(plainValue)
    case 'table': return plainTable(v.value)
    default: return v.value
  }
}

function plainTable(t: AmqpTable): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  for (const [k, v] of t) o[k] = plainValue(v)
  return o
}

function view(m: BrokerMessage, redelivered: boolean): MessageView {
  return {
    id: String(m.properties.messageId),
    redelivered,
    exchange: m.exchange,
    routingKey: m.routingKey,
    ...(m.properties.expiration === undefined ? {} : { expiration: m.properties.expiration }),
    ...(m.properties.priority === undefined ? {} : { priority: m.properties.priority }),
    headers: plainTable(m.headers),
  }
}

const str = (value: string): AmqpValue => ({ type: 'longstr', value })

/** Runs a scenario's steps on the simulated Broker; `wait` advances its clock. */
export class SimDriver implements Driver {
  readonly #broker: Broker
  readonly #tags = new Map<string, number>()
  readonly #deliveries = new Map<string, string[]>()
  /** Which connection each channel named by a `channel` step is on (others: the default connection). */
  readonly #channelConn = new Map<string, string>()

  constructor(scenario: Scenario, rules: VersionRules) {
    this.#broker = new Broker({ topology: { vhosts: new Map([[scenario.vhost.name, scenario.vhost]]) }, vhost: scenario.vhost.name, rules })
  }

  #events(events: readonly BrokerEvent[]): void {
    for (const e of events) {
      if (e.kind === 'delivered') {
        this.#record(e)
        if (e.consumerTag !== undefined) this.#deliveries.get(e.consumerTag)?.push(describeMessage(view(e.message, e.redelivered)))
      } else if (e.kind === 'consumer-cancelled' && e.byBroker) {
        this.#deliveries.get(e.consumerTag)?.push('(cancelled by the broker)')
      }
    }
  }

  #record(d: Delivery): void {
    this.#tags.set(`${d.channel}\u0000${String(d.message.properties.messageId)}`, d.deliveryTag)
  }

  /** Opens the channel (on its connection) as the real driver does on first use. */
  #open(channel: string): void {
    const connection = this.#channelConn.get(channel)
    this.#broker.openChannel(channel, connection === undefined ? undefined : { connection })
  }

  step(s: Step): Promise<string> {
    return Promise.resolve(this.#run(s))
  }

  #run(s: Step): string {
    const b = this.#broker
    switch (s.op) {
      case 'publish': {
        const headers = new Map<string, AmqpValue>()
        if (s.cc) headers.set('CC', { type: 'array', value: s.cc.map(str) })
        if (s.bcc) headers.set('BCC', { type: 'array', value: s.bcc.map(str) })
        b.openChannel('pub')
        const r = b.publish({
          exchange: s.exchange ?? '', routingKey: s.key, headers, body: s.body ?? s.id, mandatory: true, channel: 'pub',
          properties: {
            messageId: s.id, ...(s.expiration === undefined ? {} : { expiration: s.expiration }), ...(s.priority === undefined ? {} : { priority: s.priority }),
          },
        })
        this.#events(r.events)
        if (!r.ok) return `error ${String(r.error?.code)}`
        return `confirm ${r.confirm}${r.returned ? ' returned' : ''}`
      }
      case 'consume': {
        this.#open(s.channel)
        this.#deliveries.set(s.tag, [])
        const r = b.consume(s.queue, {
          consumerTag: s.tag, channel: s.channel, prefetch: s.prefetch ?? 0, noAck: s.noAck === true,
          // As amqplib sends it: the consumer argument x-priority (a long).
          ...(s.priority === undefined ? {} : { args: new Map<string, AmqpValue>([['x-priority', { type: 'long', value: s.priority }]]) }),
        })
        this.#events(r.events)
        return r.ok ? 'ok' : `error ${r.error.code}`
      }
      case 'get': {
        this.#open(s.channel)
        const r = b.get(s.queue, { channel: s.channel, noAck: s.noAck === true })
        this.#events(r.events)
        if (!r.ok) return `error ${r.error.code}`
        if (r.message === undefined) return 'empty'
        return `${describeMessage(view(r.message.message, r.message.redelivered))} count=${r.messageCount}`
      }
      case 'ack': case 'nack': case 'reject': {
        this.#open(s.channel) // as the real driver does: the step runs on that channel, reopened if closed
        const tag = this.#tags.get(`${s.channel}\u0000${s.id}`)
        if (tag === undefined) return `no delivery of ${s.id} on ${s.channel}`
        const r = s.op === 'ack' ? b.ack(s.channel, tag, s.multiple === true)
          : s.op === 'nack' ? b.nack(s.channel, tag, s.multiple === true, s.requeue ?? true)
            : b.reject(s.channel, tag, s.requeue ?? true)
        this.#events(r.events)
        return r.ok ? 'ok' : `error ${r.error.code}`
      }
      case 'cancel': {
        const r = b.cancel(s.tag, { channel: s.channel })
        this.#events(r.events)
        return r.ok ? 'ok' : `error ${r.error.code}`
      }
      case 'close': {
        const open = b.channels().some((c) => c.name === s.channel)
        if (!open) return 'ok'
        const r = b.closeChannel(s.channel)
        this.#events(r.events)
        return r.ok ? 'ok' : `error ${r.error.code}`
      }
      case 'wait':
        this.#events(b.tick(s.ms).events)
        return 'ok'
      case 'depth': case 'consumers':
        // As the real driver: a passive declare on the first connection (which restarts an x-expires timer too).
        return s.queues.map((q) => {
          b.openChannel('declare')
          const r = b.declareQueue({ name: q, passive: true }, { channel: 'declare' })
          return `${q}=${r.ok ? (s.op === 'depth' ? r.messageCount : r.consumerCount) : r.error.code === 405 ? 'locked' : 'missing'}`
        }).join(' ')
      case 'connect':
        b.openConnection(s.connection)
        return 'ok'
      case 'channel':
        this.#channelConn.set(s.channel, s.connection)
        return 'ok'
      case 'declare': {
        this.#open(s.channel)
        const r = b.declareQueue({ name: s.queue, exclusive: s.exclusive !== false, durable: false }, { channel: s.channel })
        this.#events(r.events)
        return r.ok ? 'ok' : `error ${r.error.code}`
      }
      case 'disconnect': {
        const r = b.closeConnection(s.connection)
        this.#events(r.events)
        return r.ok ? 'ok' : `no connection ${s.connection}`
      }
      case 'drain': {
        b.openChannel('drain')
        const got: string[] = []
        for (;;) {
          const r = b.get(s.queue, { channel: 'drain', noAck: true })
          this.#events(r.events)
          if (!r.ok || r.message === undefined) break
          got.push(describeMessage(view(r.message.message, r.message.redelivered)))
        }
        if (s.unordered) got.sort()
        return got.length === 0 ? 'empty' : `\n    ${got.join('\n    ')}`
      }
    }
  }

  finish(): Promise<void> {
    return Promise.resolve()
  }

  consumers(): string[] {
    return [...this.#deliveries].map(([tag, list]) => `consumer ${tag}: ${list.length === 0 ? '-' : `\n    ${list.join('\n    ')}`}`)
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}
