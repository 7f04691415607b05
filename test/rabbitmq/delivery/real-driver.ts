import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage, GetMessage, Message } from 'amqplib'
import { connect, createVhost, declareTopology, deleteVhost } from '../broker-client.js'
import type { BrokerEndpoints } from '../broker-client.js'
import { describeMessage } from './scenario.js'
import type { Driver, MessageView, Scenario, Step } from './scenario.js'

/**
 * How long the real broker gets to finish the asynchronous effects of a step (deliveries, closes): at least
 * SETTLE_MS, then until nothing new has arrived for QUIET_MS (at most MAX_SETTLE_MS). A loaded machine can
 * delay a delivery past a fixed pause.
 */
const SETTLE_MS = 80
const QUIET_MS = 50
const MAX_SETTLE_MS = 1000
/**
 * After a `wait`, the queue depths are polled until two readings POLL_MS apart agree (at most MAX_QUIET_MS): a
 * loaded machine can still be moving dead letters (quorum queues hand them over after the step) when the
 * scenario's own wait is over.
 */
const POLL_MS = 100
const MAX_QUIET_MS = 3000

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

interface Chan { readonly ch: Channel; closedBy?: Error & { code?: number }; closed: boolean }

/** amqplib decodes timestamps as `{ '!': 'timestamp', value }`: strip that so both sides compare plain values. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain)
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if ('!' in o) return plain(o.value)
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]))
  }
  return v
}

function view(m: Message): MessageView {
  const p = m.properties
  return {
    id: String(p.messageId),
    redelivered: m.fields.redelivered,
    exchange: m.fields.exchange,
    routingKey: m.fields.routingKey,
    ...(p.expiration === undefined ? {} : { expiration: String(p.expiration) }),
    ...(p.priority === undefined ? {} : { priority: Number(p.priority) }),
    headers: (plain(p.headers ?? {}) as Record<string, unknown>),
  }
}

/** Runs a scenario's steps on the real broker, in a fresh vhost. */
export class RealDriver implements Driver {
  readonly #ep: BrokerEndpoints
  readonly #scenario: Scenario
  #conn: ChannelModel | undefined
  /** Connections opened by `connect` steps, and which connection each channel named by a `channel` step is on. */
  readonly #conns = new Map<string, ChannelModel>()
  readonly #channelConn = new Map<string, string>()
  #pub: ConfirmChannel | undefined
  readonly #returned = new Set<string>()
  readonly #channels = new Map<string, Chan>()
  /** `${channel}\u0000${id}` → delivery tag of the latest delivery of that message on that channel. */
  readonly #tags = new Map<string, number>()
  readonly #deliveries = new Map<string, string[]>()
  /** Counts asynchronous arrivals (deliveries, returns, channel errors), to wait for quiet. */
  #arrivals = 0

  constructor(ep: BrokerEndpoints, scenario: Scenario) {
    this.#ep = ep
    this.#scenario = scenario
  }

  async open(): Promise<void> {
    await createVhost(this.#ep, this.#scenario.vhost)
    this.#conn = await connect(this.#ep, this.#scenario.vhost.name)
    this.#conn.on('error', () => undefined)
    await declareTopology(this.#conn, this.#scenario.vhost)
    this.#pub = await this.#conn.createConfirmChannel()
    this.#pub.on('return', (m: Message) => { this.#arrivals++; this.#returned.add(String(m.properties.messageId)) })
  }

  async #channel(name: string): Promise<Chan> {
    const existing = this.#channels.get(name)
    if (existing && !existing.closed) return existing
    const connName = this.#channelConn.get(name)
    const conn = connName === undefined ? this.#conn : this.#conns.get(connName)
    if (conn === undefined) throw new Error(`channel ${name}: connection ${String(connName)} was never opened`)
    const ch = await conn.createChannel()
    const c: Chan = { ch, closed: false }
    ch.on('error', (e: Error & { code?: number }) => { this.#arrivals++; c.closedBy = e; c.closed = true })
    ch.on('close', () => { c.closed = true })
    this.#channels.set(name, c)
    return c
  }

  #record(channel: string, m: Message): void {
    this.#tags.set(`${channel}\u0000${String(m.properties.messageId)}`, m.fields.deliveryTag)
  }

  async step(s: Step): Promise<string> {
    let out: string
    try {
      out = await this.#run(s)
    } catch (e) {
      // An operation on a channel the broker has just closed: report the closing error, as the step's outcome.
      const err = e as Error & { code?: number }
      const c = 'channel' in s ? this.#channels.get(s.channel) : undefined
      const code = c?.closedBy?.code ?? err.code ?? err.message
      if (c) { c.closed = true; c.closedBy = undefined }
      await this.#settle()
      return `error ${String(code)}`
    }
    if (s.op !== 'depth' && s.op !== 'drain') await this.#settle()
    // A channel error caused by this step (e.g. acking an unknown tag) shows up asynchronously.
    if ('channel' in s) {
      const c = this.#channels.get(s.channel)
      if (c?.closedBy) {
        const code = c.closedBy.code
        c.closedBy = undefined
        return out === 'ok' ? `error ${String(code)}` : `${out} error ${String(code)}`
      }
    }
    return out
  }

  async #run(s: Step): Promise<string> {
    switch (s.op) {
      case 'publish': {
        const pub = this.#pub as ConfirmChannel
        const headers: Record<string, unknown> = {}
        if (s.cc) headers.CC = s.cc
        if (s.bcc) headers.BCC = s.bcc
        const confirm = await new Promise<string>((resolve) => {
          pub.publish(s.exchange ?? '', s.key, Buffer.from(s.body ?? s.id), {
            messageId: s.id, mandatory: true, headers, ...(s.expiration === undefined ? {} : { expiration: s.expiration }),
            ...(s.priority === undefined ? {} : { priority: s.priority }),
          }, (err: unknown) => resolve(err ? 'nack' : 'ack'))
        })
        return `confirm ${confirm}${this.#returned.has(s.id) ? ' returned' : ''}`
      }
      case 'consume': {
        const c = await this.#channel(s.channel)
        await c.ch.prefetch(s.prefetch ?? 0)
        const list: string[] = []
        this.#deliveries.set(s.tag, list)
        await c.ch.consume(s.queue, (m: ConsumeMessage | null) => {
          this.#arrivals++
          if (m === null) { list.push('(cancelled by the broker)'); return }
          this.#record(s.channel, m)
          list.push(describeMessage(view(m)))
        }, { consumerTag: s.tag, noAck: s.noAck === true, ...(s.priority === undefined ? {} : { priority: s.priority }) })
        return 'ok'
      }
      case 'get': {
        const c = await this.#channel(s.channel)
        const m = await c.ch.get(s.queue, { noAck: s.noAck === true })
        if (m === false) return 'empty'
        this.#record(s.channel, m)
        return `${describeMessage(view(m))} count=${(m as GetMessage).fields.messageCount}`
      }
      case 'ack': case 'nack': case 'reject': {
        const c = await this.#channel(s.channel)
        const tag = this.#tags.get(`${s.channel}\u0000${s.id}`)
        if (tag === undefined) return `no delivery of ${s.id} on ${s.channel}`
        const msg = { fields: { deliveryTag: tag } } as Message
        if (s.op === 'ack') c.ch.ack(msg, s.multiple === true)
        else if (s.op === 'nack') c.ch.nack(msg, s.multiple === true, s.requeue ?? true)
        else c.ch.reject(msg, s.requeue ?? true)
        // Acks have no reply; a synchronous method behind it on the same channel fails if the ack closed the
        // channel (406 unknown delivery tag), so the error is attributed to this step, however slow the broker.
        // basic.qos only affects consumers started later, and every consume step sets its own prefetch.
        await c.ch.prefetch(0)
        return 'ok'
      }
      case 'cancel': {
        const c = await this.#channel(s.channel)
        await c.ch.cancel(s.tag)
        return 'ok'
      }
      case 'close': {
        const c = this.#channels.get(s.channel)
        if (c && !c.closed) await c.ch.close()
        return 'ok'
      }
      case 'wait':
        await sleep(s.ms)
        await this.#quiet()
        return 'ok'
      case 'connect': {
        const conn = await connect(this.#ep, this.#scenario.vhost.name)
        conn.on('error', () => undefined)
        this.#conns.set(s.connection, conn)
        return 'ok'
      }
      case 'channel':
        this.#channelConn.set(s.channel, s.connection)
        return 'ok'
      case 'declare': {
        const c = await this.#channel(s.channel)
        await c.ch.assertQueue(s.queue, { exclusive: s.exclusive !== false, durable: false, autoDelete: false })
        return 'ok'
      }
      case 'disconnect': {
        const conn = this.#conns.get(s.connection)
        if (conn === undefined) return `no connection ${s.connection}`
        this.#conns.delete(s.connection)
        await conn.close()
        return 'ok'
      }
      case 'depth': case 'consumers': {
        const parts: string[] = []
        for (const q of s.queues) {
          // A passive declare of a missing queue closes its channel: use a throwaway one.
          const ch = await (this.#conn as ChannelModel).createChannel()
          ch.on('error', () => undefined)
          try {
            const ok = await ch.checkQueue(q)
            parts.push(`${q}=${s.op === 'depth' ? ok.messageCount : ok.consumerCount}`)
            await ch.close()
          } catch (e) {
            parts.push(`${q}=${(e as { code?: number }).code === 405 ? 'locked' : 'missing'}`)
          }
        }
        return parts.join(' ')
      }
      case 'drain': {
        const ch = await (this.#conn as ChannelModel).createChannel()
        const got: string[] = []
        for (;;) {
          const m = await ch.get(s.queue, { noAck: true })
          if (m === false) break
          got.push(describeMessage(view(m)))
        }
        await ch.close()
        if (s.unordered) got.sort()
        return got.length === 0 ? 'empty' : `\n    ${got.join('\n    ')}`
      }
    }
  }

  async #settle(): Promise<void> {
    const start = Date.now()
    await sleep(SETTLE_MS)
    for (;;) {
      const before = this.#arrivals
      await sleep(QUIET_MS)
      if (this.#arrivals === before || Date.now() - start > MAX_SETTLE_MS) return
    }
  }

  /** Ready counts of the scenario's queues, one string (a throwaway channel: a missing queue closes it). */
  async #depths(): Promise<string> {
    const ch = await (this.#conn as ChannelModel).createChannel()
    ch.on('error', () => undefined)
    const parts: string[] = []
    try {
      for (const q of this.#scenario.vhost.queues.keys()) parts.push(`${q}=${(await ch.checkQueue(q)).messageCount}`)
      await ch.close()
    } catch {
      parts.push('changed') // a queue went missing: not quiet yet, or gone for good (the next reading says)
    }
    return parts.join(' ')
  }

  async #quiet(): Promise<void> {
    const start = Date.now()
    let last = await this.#depths()
    while (Date.now() - start < MAX_QUIET_MS) {
      await sleep(POLL_MS)
      const now = await this.#depths()
      if (now === last) return
      last = now
    }
  }

  /** Waits for the last step's effects once more (the transcript ends with what consumers received). */
  async finish(): Promise<void> {
    await sleep(4 * QUIET_MS)
    await this.#settle()
  }

  consumers(): string[] {
    return [...this.#deliveries].map(([tag, list]) => `consumer ${tag}: ${list.length === 0 ? '-' : `\n    ${list.join('\n    ')}`}`)
  }

  async close(): Promise<void> {
    for (const conn of this.#conns.values()) await conn.close().catch(() => undefined)
    await this.#conn?.close().catch(() => undefined)
    await deleteVhost(this.#ep, this.#scenario.vhost.name).catch(() => undefined)
  }
}
