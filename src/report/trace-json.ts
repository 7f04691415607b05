import type { AmqpTable } from '../core/amqp-value.js'
import type { Binding } from '../core/model.js'
import type { Hop, HopCause, PublishError } from '../core/route-types.js'
import type { BindingMatch, BindingMiss } from '../core/exchange-type.js'
import { encodeTypedValue } from '../topology/typed-value.js'
import type { TraceView } from './trace-view.js'

/**
 * The stable JSON shape of `rmq-sim trace --json` and of each `--batch` line (docs/trace-json.md).
 * Field names are part of the contract: add fields, never rename or remove them.
 */
export interface TraceJson {
  /** Batch mode only: the 1-based line of the probe. */
  line?: number
  vhost: string
  exchange: string
  routingKey: string
  /** Every routing key of the message: routing key, then CC, then BCC. */
  routingKeys: string[]
  cc: string[]
  bcc: string[]
  mandatory: boolean
  /** RabbitMQ version whose rules were applied, e.g. "4.3.5". */
  rabbitmq: string
  /** Queues that get a copy: each once, by code point (RabbitMQ sorts the names as UTF-8 binaries). */
  queues: string[]
  routed: boolean
  returned: boolean
  /** routed | dropped | returned | error */
  verdict: 'routed' | 'dropped' | 'returned' | 'error'
  routes: RouteJson[]
  hops: HopJson[]
  /** Exchanges of a type the simulator cannot route (the answer is partial when non-empty). */
  unsupported: string[]
  error?: ErrorJson
}

export interface ErrorJson { code: number; name: string; message: string }

export interface RouteJson {
  queue: string
  via: { exchange: string; bindingKey?: string; arguments?: Record<string, unknown>; keys: string[] }[]
}

export type ViaJson =
  | { kind: 'publish' }
  | { kind: 'binding'; from: string; bindingKey: string; arguments: Record<string, unknown>; keys: string[] }
  | { kind: 'alternate-exchange'; from: string; source: 'argument' | 'policy'; policy?: string }

export interface BindingJson {
  destination: string
  destinationType: 'queue' | 'exchange'
  /** The binding key (`routing_key` in definitions). */
  routingKey: string
  /** Binding arguments in the typed encoding (docs/topology-format.md). */
  arguments: Record<string, unknown>
}

export interface HopJson {
  exchange: string
  type: string
  via: ViaJson
  matched: (BindingJson & { keys: string[] })[]
  /** Only with --verbose (and in explain): bindings tested that did not match. */
  notMatched?: (BindingJson & { reason: string })[]
  /** Only with --verbose: bindings whose destination the file does not declare (an import skips them; they never match). */
  skipped?: (BindingJson & { reason: 'destination not declared' })[]
  alternate?: { name: string; source: 'argument' | 'policy'; policy?: string; used: boolean; missing: boolean }
  unsupported?: true
  defaultExchange?: { queues: string[]; missingQueues: string[] }
  skippedSeen?: string[]
  skippedMissing?: string[]
  /** Queue destinations of matched bindings that do not exist (nothing delivered there). */
  droppedQueues?: string[]
}

/**
 * Memoises the JSON form of binding argument tables across many traces of one topology (batch mode):
 * the same Binding objects come back probe after probe. Create one per run; never shared globally.
 */
export class TraceJsonCache {
  private readonly tables = new WeakMap<AmqpTable, Record<string, unknown>>()
  table(t: AmqpTable): Record<string, unknown> {
    let j = this.tables.get(t)
    if (j === undefined) { j = tableJson(t); this.tables.set(t, j) }
    return j
  }
}

export interface TraceJsonOptions {
  /** Batch mode: the probe's 1-based input line, written first. Default: none */
  readonly line?: number
  /** Reuse argument tables across traces. Default: none (each call converts afresh) */
  readonly cache?: TraceJsonCache
}

/** Builds the JSON object for one trace. Never coloured; pure. */
export function traceToJson(view: TraceView, options: TraceJsonOptions = {}): TraceJson {
  const { result } = view
  const args = options.cache ? (t: AmqpTable) => options.cache!.table(t) : tableJson
  const routes: RouteJson[] = result.routes.map((r) => ({
    queue: r.queue,
    via: r.via.map((v) => v.binding
      ? { exchange: v.exchange, bindingKey: v.binding.routingKey, arguments: args(v.binding.arguments), keys: [...v.keys] }
      : { exchange: v.exchange, keys: [...v.keys] }),
  }))
  const verdict = result.error ? 'error' : result.routed ? 'routed' : result.returned ? 'returned' : 'dropped'
  // Plain literals, no spreads: objects keep a fast shape, which JSON.stringify serialises much faster (batch mode).
  const body = {
    vhost: view.vhost,
    exchange: view.publish.exchange,
    routingKey: view.publish.routingKey,
    routingKeys: [...result.routingKeys],
    cc: [...view.cc],
    bcc: [...view.bcc],
    mandatory: view.publish.mandatory === true,
    rabbitmq: view.rabbitmq,
    queues: [...result.queues],
    routed: result.routed,
    returned: result.returned,
    verdict,
    routes,
    hops: result.hops.map((h) => hopJson(h, args)),
    unsupported: [...result.unsupported],
  } satisfies TraceJson
  const out: TraceJson = options.line === undefined ? body : {
    line: options.line, vhost: body.vhost, exchange: body.exchange, routingKey: body.routingKey, routingKeys: body.routingKeys,
    cc: body.cc, bcc: body.bcc, mandatory: body.mandatory, rabbitmq: body.rabbitmq, queues: body.queues, routed: body.routed,
    returned: body.returned, verdict: body.verdict, routes: body.routes, hops: body.hops, unsupported: body.unsupported,
  }
  if (result.error) out.error = errorJson(result.error)
  return out
}

export function errorJson(e: PublishError | ErrorJson): ErrorJson {
  return { code: e.code, name: e.name, message: e.message }
}

export function hopJson(hop: Hop, args: (t: AmqpTable) => Record<string, unknown> = tableJson): HopJson {
  const out: HopJson = {
    exchange: hop.exchange,
    type: hop.type,
    via: viaJson(hop.cause, args),
    matched: hop.matches.map((m) => matchJson(m, args)),
  }
  if (hop.misses) out.notMatched = hop.misses.map((m) => missJson(m, args))
  if (hop.undeclared) {
    out.skipped = hop.undeclared.map((b) => ({ destination: b.destination, destinationType: b.destinationType, routingKey: b.routingKey, arguments: args(b.arguments), reason: 'destination not declared' as const }))
  }
  if (hop.alternate) {
    const a = hop.alternate
    out.alternate = { name: a.name, source: a.source, ...(a.policy !== undefined ? { policy: a.policy } : {}), used: a.used, missing: a.missing }
  }
  if (hop.unsupported) out.unsupported = true
  if (hop.defaultExchange) out.defaultExchange = { queues: [...hop.defaultExchange.queues], missingQueues: [...hop.defaultExchange.missingQueues] }
  if (hop.skippedSeen && hop.skippedSeen.length > 0) out.skippedSeen = [...hop.skippedSeen]
  if (hop.skippedMissing && hop.skippedMissing.length > 0) out.skippedMissing = [...hop.skippedMissing]
  if (hop.droppedQueues && hop.droppedQueues.length > 0) out.droppedQueues = [...hop.droppedQueues]
  return out
}

function viaJson(c: HopCause, args: (t: AmqpTable) => Record<string, unknown>): ViaJson {
  switch (c.kind) {
    case 'publish': return { kind: 'publish' }
    case 'binding': return { kind: 'binding', from: c.from, bindingKey: c.binding.routingKey, arguments: args(c.binding.arguments), keys: [...c.keys] }
    case 'alternate-exchange': return { kind: 'alternate-exchange', from: c.from, source: c.source, ...(c.policy !== undefined ? { policy: c.policy } : {}) }
  }
}

export function bindingJson(b: Binding): BindingJson {
  return { destination: b.destination, destinationType: b.destinationType, routingKey: b.routingKey, arguments: tableJson(b.arguments) }
}

function matchJson(m: BindingMatch, args: (t: AmqpTable) => Record<string, unknown>): BindingJson & { keys: string[] } {
  const b = m.binding
  return { destination: b.destination, destinationType: b.destinationType, routingKey: b.routingKey, arguments: args(b.arguments), keys: [...m.keys] }
}

function missJson(m: BindingMiss, args: (t: AmqpTable) => Record<string, unknown>): BindingJson & { reason: string } {
  const b = m.binding
  return { destination: b.destination, destinationType: b.destinationType, routingKey: b.routingKey, arguments: args(b.arguments), reason: m.reason }
}

/**
 * A field table as a JSON object in the typed encoding. Null prototype: header names such as
 * `__proto__` are ordinary keys and must not touch Object.prototype.
 */
export function tableJson(t: AmqpTable): Record<string, unknown> {
  const o = Object.create(null) as Record<string, unknown>
  for (const [k, v] of t) o[k] = encodeTypedValue(v)
  return o
}
