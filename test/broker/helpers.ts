import { Broker } from '../../src/broker/broker.js'
import type { BrokerEvent, BrokerMessage, Delivery, MessageProperties } from '../../src/broker/types.js'
import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import { rulesFor } from '../../src/core/versions.js'

/** An empty vhost '/' on the given RabbitMQ version (3.10 by default: the observed notes come from 3.10.8). */
export function emptyBroker(version = '3.10', now = 0): Broker {
  return new Broker({ topology: { vhosts: new Map() }, vhost: '/', rules: rulesFor(version), now })
}

/** A typed table from plain values: string → longstr, integer → long, boolean → bool, string[] → array. */
export function table(o: Record<string, string | number | boolean | readonly string[]>): AmqpTable {
  const m = new Map<string, AmqpValue>()
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') m.set(k, { type: 'longstr', value: v })
    else if (typeof v === 'number') m.set(k, { type: 'long', value: v })
    else if (typeof v === 'boolean') m.set(k, { type: 'bool', value: v })
    else m.set(k, { type: 'array', value: v.map((s) => ({ type: 'longstr', value: s })) })
  }
  return m
}

/** Asserts success and returns the value (the error's message otherwise, as an exception). */
export function ok<T extends { readonly ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify((r as unknown as { error: unknown }).error)}`)
  return r as Extract<T, { ok: true }>
}

export function declareQueue(b: Broker, name: string, args: Record<string, string | number | boolean> = {}, extra: { autoDelete?: boolean } = {}): void {
  ok(b.declareQueue({ name, arguments: table(args), ...extra }))
}

/** Publishes through the default exchange to a queue. */
export function send(b: Broker, queue: string, body: string, properties?: MessageProperties, headers?: AmqpTable): ReturnType<Broker['publish']> {
  return b.publish({ exchange: '', routingKey: queue, body, ...(properties ? { properties } : {}), ...(headers ? { headers } : {}) })
}

export const bodyOf = (m: BrokerMessage): string => (typeof m.body === 'string' ? m.body : new TextDecoder().decode(m.body))

/** The ready messages of a queue, as bodies (a trailing * marks redelivered ones). */
export function readyBodies(b: Broker, queue: string): string[] {
  return b.peek(queue).map((r) => bodyOf(r.message) + (r.redelivered ? '*' : ''))
}

export function deliveries(events: readonly BrokerEvent[]): Extract<BrokerEvent, { kind: 'delivered' }>[] {
  return events.filter((e): e is Extract<BrokerEvent, { kind: 'delivered' }> => e.kind === 'delivered')
}

/** Deliveries per consumer tag, as bodies (* = redelivered). */
export function byConsumer(events: readonly BrokerEvent[]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const d of deliveries(events)) (out[d.consumerTag ?? 'get'] ??= []).push(bodyOf(d.message) + (d.redelivered ? '*' : ''))
  return out
}

/** Drains a queue with basic.get + auto-ack and returns the deliveries. */
export function drain(b: Broker, queue: string): Delivery[] {
  const out: Delivery[] = []
  for (;;) {
    const r = ok(b.get(queue, { noAck: true }))
    if (r.message === undefined) return out
    out.push(r.message)
  }
}

export function events(...results: readonly { readonly events: readonly BrokerEvent[] }[]): BrokerEvent[] {
  return results.flatMap((r) => [...r.events])
}

/** x-death entries of a message as plain objects. */
export function xDeath(m: BrokerMessage): Record<string, unknown>[] {
  const v = m.headers.get('x-death')
  if (v?.type !== 'array') return []
  return v.value.map((t) => {
    if (t.type !== 'table') throw new Error('x-death entry is not a table')
    const o: Record<string, unknown> = {}
    for (const [k, f] of t.value) o[k] = f.type === 'array' ? f.value.map((x) => ('value' in x ? x.value : null)) : 'value' in f ? f.value : null
    return o
  })
}

export function header(m: BrokerMessage, name: string): unknown {
  const v = m.headers.get(name)
  if (v === undefined) return undefined
  if (v.type === 'array') return v.value.map((x) => ('value' in x ? x.value : null))
  return 'value' in v ? v.value : null
}
