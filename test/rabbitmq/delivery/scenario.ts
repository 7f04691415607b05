import type { AmqpTable, AmqpValue } from '../../../src/core/amqp-value.js'
import type { Binding, Exchange, Queue, VhostTopology } from '../../../src/core/model.js'

/**
 * A scripted delivery scenario, run step by step on the real broker (amqplib) and on the simulated Broker
 * (src/broker), each producing a transcript; the transcripts must be equal line for line.
 * Messages are named by id (message-id and body); acks name the message, each side maps it to its delivery tag.
 */
export type Step =
  | {
    readonly op: 'publish'; readonly id: string; readonly key: string; readonly exchange?: string
    readonly cc?: readonly string[]; readonly bcc?: readonly string[]; readonly expiration?: string; readonly body?: string
    /** basic.properties priority (x-max-priority queues order by it). */
    readonly priority?: number
  }
  | {
    readonly op: 'consume'; readonly queue: string; readonly tag: string; readonly channel: string; readonly prefetch?: number; readonly noAck?: boolean
    /** Consumer priority, sent as the consumer argument x-priority. */
    readonly priority?: number
  }
  | { readonly op: 'get'; readonly queue: string; readonly channel: string; readonly noAck?: boolean }
  | { readonly op: 'ack' | 'nack' | 'reject'; readonly channel: string; readonly id: string; readonly multiple?: boolean; readonly requeue?: boolean }
  | { readonly op: 'cancel'; readonly tag: string; readonly channel: string }
  | { readonly op: 'close'; readonly channel: string }
  /** Real broker: sleep; simulation: advance the clock. */
  | { readonly op: 'wait'; readonly ms: number }
  /**
   * Ready message count of each queue (queue.declare passive on the first connection), `missing` when it no
   * longer exists, `locked` when another connection holds it exclusively (405).
   */
  | { readonly op: 'depth'; readonly queues: readonly string[] }
  /** Consumer count of each queue (queue.declare passive: consumer_count). */
  | { readonly op: 'consumers'; readonly queues: readonly string[] }
  /**
   * basic.get (no ack) until empty, describing every message. `unordered`: the messages are listed sorted, for a
   * queue whose order the broker does not define (e.g. dead letters that two queues send at about the same time:
   * Erlang orders messages per sender, not across senders).
   */
  | { readonly op: 'drain'; readonly queue: string; readonly unordered?: boolean }
  /** Opens another client connection (each scenario starts with one, which owns the channels not given one). */
  | { readonly op: 'connect'; readonly connection: string }
  /** Names a channel of `connection`: later steps on it run there (it opens on first use, as the others do). */
  | { readonly op: 'channel'; readonly channel: string; readonly connection: string }
  /** queue.declare on a channel: a non-durable queue, exclusive unless told otherwise. */
  | { readonly op: 'declare'; readonly queue: string; readonly channel: string; readonly exclusive?: boolean }
  /** connection.close: its channels close (requeueing), then its exclusive queues are deleted. */
  | { readonly op: 'disconnect'; readonly connection: string }

export interface Scenario {
  readonly name: string
  /** The behaviour it pins down (../../docs/reference/rabbitmq-3.10-delivery-observed.md). */
  readonly source: string
  readonly vhost: VhostTopology
  readonly steps: readonly Step[]
}

export type ArgValue = string | number | boolean

export interface ScenarioSpec {
  readonly name: string
  readonly source: string
  readonly queues: Readonly<Record<string, Readonly<Record<string, ArgValue>>>>
  readonly exchanges?: Readonly<Record<string, string>>
  /** [source exchange, queue, key] */
  readonly bindings?: readonly (readonly [string, string, string])[]
  readonly steps: readonly Step[]
}

/** String arguments become longstr, numbers long, booleans bool (as a client declaring them would send). */
function table(args: Readonly<Record<string, ArgValue>>): AmqpTable {
  return new Map(Object.entries(args).map(([k, v]): [string, AmqpValue] => [k,
    typeof v === 'string' ? { type: 'longstr', value: v } : typeof v === 'boolean' ? { type: 'bool', value: v } : { type: 'long', value: v }]))
}

export function scenario(spec: ScenarioSpec, vhostName: string): Scenario {
  const v = vhostName
  // `x-queue-type` decides the type; quorum queues must be durable (406 invalid property 'non-durable').
  const queues = new Map<string, Queue>(Object.entries(spec.queues).map(([name, args]) => {
    const type = typeof args['x-queue-type'] === 'string' ? args['x-queue-type'] : 'classic'
    return [name, { vhost: v, name, type, durable: type !== 'classic', exclusive: false, autoDelete: false, arguments: table(args) }]
  }))
  const exchanges = new Map<string, Exchange>(Object.entries(spec.exchanges ?? {}).map(([name, type]) => [name, {
    vhost: v, name, type, durable: false, autoDelete: false, internal: false, arguments: new Map(),
  }]))
  const bindings: Binding[] = (spec.bindings ?? []).map(([source, destination, routingKey]) => ({
    vhost: v, source, destination, destinationType: 'queue', routingKey, arguments: new Map(),
  }))
  return { name: spec.name, source: spec.source, vhost: { name: v, exchanges, queues, bindings, policies: [] }, steps: spec.steps }
}

/** What a transcript says about one message (the same function formats both sides). */
export interface MessageView {
  readonly id: string
  readonly redelivered: boolean
  readonly exchange: string
  readonly routingKey: string
  readonly expiration?: string
  readonly priority?: number
  /** Headers as plain JS values (tables as objects, typed numbers as numbers). */
  readonly headers: Readonly<Record<string, unknown>>
}

export function describeMessage(m: MessageView): string {
  const parts = [`${m.id}${m.redelivered ? '*' : ''}`, `via ${JSON.stringify(m.exchange)}/${JSON.stringify(m.routingKey)}`]
  if (m.expiration !== undefined) parts.push(`expiration=${m.expiration}`)
  if (m.priority !== undefined) parts.push(`priority=${m.priority}`)
  const h = m.headers
  // Quorum queues: the count of earlier returns (rabbit_fifo_client:add_delivery_count_header).
  if (h['x-delivery-count'] !== undefined) parts.push(`delivery-count=${String(h['x-delivery-count'])}`)
  if (h.CC !== undefined) parts.push(`CC=${JSON.stringify(h.CC)}`)
  if (h.BCC !== undefined) parts.push(`BCC=${JSON.stringify(h.BCC)}`)
  const deaths = h['x-death']
  if (Array.isArray(deaths)) {
    parts.push(`x-death=[${deaths.map((d) => {
      const e = d as Record<string, unknown>
      const oe = e['original-expiration'] === undefined ? '' : ` oe=${String(e['original-expiration'])}`
      return `${String(e.queue)}/${String(e.reason)} count=${String(e.count)} ex=${JSON.stringify(e.exchange)} keys=${JSON.stringify(e['routing-keys'])}${oe}`
    }).join('; ')}]`)
  }
  const first = ['queue', 'reason', 'exchange'].map((k) => h[`x-first-death-${k}`])
  if (first.some((x) => x !== undefined)) parts.push(`first=${first.map((x) => JSON.stringify(x ?? null)).join('/')}`)
  const last = ['queue', 'reason', 'exchange'].map((k) => h[`x-last-death-${k}`])
  if (last.some((x) => x !== undefined)) parts.push(`last=${last.map((x) => JSON.stringify(x ?? null)).join('/')}`)
  return parts.join(' ')
}

/** The transcript line a step starts with. */
export function describeStep(s: Step): string {
  switch (s.op) {
    case 'publish': return `publish ${s.id} ${JSON.stringify(s.exchange ?? '')}/${JSON.stringify(s.key)}${s.priority === undefined ? '' : ` priority=${s.priority}`}`
    case 'consume':
      return `consume ${s.tag}@${s.channel} ${s.queue} prefetch=${s.prefetch ?? 0}${s.noAck ? ' noAck' : ''}${s.priority === undefined ? '' : ` x-priority=${s.priority}`}`
    case 'get': return `get ${s.queue}@${s.channel}${s.noAck ? ' noAck' : ''}`
    case 'ack': case 'nack': case 'reject':
      return `${s.op} ${s.id}@${s.channel}${s.multiple ? ' multiple' : ''}${s.op !== 'ack' ? ` requeue=${s.requeue ?? true}` : ''}`
    case 'cancel': return `cancel ${s.tag}@${s.channel}`
    case 'close': return `close ${s.channel}`
    case 'wait': return `wait ${s.ms}ms`
    case 'depth': return `depth ${s.queues.join(',')}`
    case 'consumers': return `consumers ${s.queues.join(',')}`
    case 'drain': return `drain ${s.queue}${s.unordered ? ' (unordered)' : ''}`
    case 'connect': return `connect ${s.connection}`
    case 'channel': return `channel ${s.channel} on ${s.connection}`
    case 'declare': return `declare ${s.queue}@${s.channel}${s.exclusive === false ? '' : ' exclusive'}`
    case 'disconnect': return `disconnect ${s.connection}`
  }
}

/** The side-independent surface both drivers implement. */
export interface Driver {
  /** Runs one step and returns what it showed synchronously (confirm, get result, error, depth ...). */
  step(s: Step): Promise<string>
  /** Called after the last step, before `consumers()`. */
  finish(): Promise<void>
  /** Every consumer's deliveries, in order, one line per consumer tag. */
  consumers(): string[]
  close(): Promise<void>
}
