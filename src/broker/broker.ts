import { EMPTY_TABLE } from '../core/amqp-value.js'
import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import { exchangeTypeFor } from '../core/exchange-types.js'
import type { Binding, Exchange, Policy, Queue, Topology, VhostTopology } from '../core/model.js'
import { effectiveQueueArgs, PolicyIndex } from '../core/policies.js'
import { isPredeclaredExchange, predeclaredExchanges } from '../core/predeclared.js'
import type { Publish, RouteResult } from '../core/route-types.js'
import { createRouter } from '../core/router.js'
import type { Router } from '../core/router.js'
import type { VersionRules } from '../core/versions.js'
import { isDeathCycle, makeDeadLetter, parseClientDeaths } from './dead-letter.js'
import { Deque } from './deque.js'
import {
  argsEquivalenceError, bindingKey, failedRoute, fieldEquivalenceError, notSimulated, parseExpiration, routingHeader,
  settlementGroups, utf8Length,
} from './broker-support.js'
import { hasRoom, insertActive, nextConsumerWithRoom, rotate } from './consumer-rotation.js'
import {
  accessRefused, channelError, commandInvalid, internalError, notAllowed, notFound, notImplemented, preconditionFailed, resourceLocked,
  resourceName,
} from './errors.js'
import { argUnknownToType, brokerQueueArgs, consumerArgUnknownToType, queueArgsOf, queueTypeModule, validateQueueArgs } from './queue-args.js'
import { queueBehaviourFor } from './queue-behaviour.js'
import type { RequeueCause } from './queue-behaviour.js'
import type { ChannelState, ConsumerState, Death, PendingAck, QueuedMessage, QueueState, StoredMessage, StreamEntry } from './state.js'
import { isSingleActive, singleActiveOnConsume, singleActiveOnRemove, singleActiveOnSettle } from './single-active.js'
import { resolveStreamOffset, withIntHeader } from './stream-support.js'
import type {
  BindingSpec, BrokerError, BrokerEvent, BrokerMessage, BrokerOptions, ChannelInfo, ConsumeOptions, ConsumerInfo,
  DeadLetterReason, Delivery, ExchangeSpec, Failure, GetOptions, MessageProperties, Outcome, PublishOutcome,
  PublishRequest, QueueSpec, QueueStats, ReadyMessage, TopologyCallOptions,
} from './types.js'

/** The channel used when a call names none. */
export const DEFAULT_CHANNEL = 'default'

const NO_EVENTS: readonly BrokerEvent[] = Object.freeze([])
const NO_KEYS: readonly string[] = Object.freeze([])
const NO_DEATHS: readonly Death[] = Object.freeze([])
const NO_PROPERTIES: MessageProperties = Object.freeze({})
/** Cached header-less routes per broker (cleared on any topology change, or when full). */
const ROUTE_CACHE_SIZE = 10_000

/** Events of one call; undefined when the broker does not record events (bulk mode). */
type Ev = BrokerEvent[] | undefined

/**
 * A stateful, in-process simulation of ONE vhost of a RabbitMQ broker (classic queues), over the pure router.
 * No I/O: every call returns data, including the events it caused in the order they happened.
 * Errors are values (`{ ok: false, error }`); a failed call changes nothing except that a channel error closes
 * its channel (and requeues that channel's unacked messages), as RabbitMQ does.
 *
 * Sources: rabbit_channel.erl (checks, delivery tags, acks), rabbit_amqqueue_process.erl (delivery, TTL, overflow),
 * rabbit_queue_consumers.erl (round-robin, blocking), rabbit_variable_queue.erl (requeue), rabbit_dead_letter.erl.
 */
/** A broker's two routers for a vhost topology: the publish router and the dead-letter one (see BrokerOptions.routers). */
export interface BrokerRouters {
  readonly router: Router
  readonly deadLetterRouter: Router
}

/** Compiles the routers a Broker would compile for `vhost`: compile once, start many brokers from one topology. */
export function compileBrokerRouters(vhost: VhostTopology, rules: VersionRules): BrokerRouters {
  return { router: createRouter(vhost, rules), deadLetterRouter: createRouter(deadLetterTopology(vhost), rules) }
}

/** The topology dead letters are routed in: no exchange is internal (the broker itself publishes them). */
function deadLetterTopology(vt: VhostTopology): VhostTopology {
  const exchanges = new Map<string, Exchange>()
  for (const [n, x] of vt.exchanges) exchanges.set(n, x.internal ? { ...x, internal: false } : x)
  return { ...vt, exchanges }
}

export class Broker {
  readonly vhost: string
  readonly rules: VersionRules
  readonly #base: Topology
  readonly #record: boolean
  readonly #policies: readonly Policy[]
  readonly #policyIndex: PolicyIndex
  readonly #exchanges = new Map<string, Exchange>()
  /** `""` and the amq.* exchanges every vhost has (a declared one of the same name wins). */
  readonly #predeclared: ReadonlyMap<string, Exchange>
  readonly #queues = new Map<string, QueueState>()
  #bindings: Binding[] = []
  readonly #channels = new Map<string, ChannelState>()
  #router: Router | undefined
  /** Header-less routes per exchange, then routing key (mandatory ones in a map of their own). */
  readonly #routeCache = new Map<string, Map<string, RouteResult>>()
  readonly #mandatoryRouteCache = new Map<string, Map<string, RouteResult>>()
  #routeCacheSize = 0
  #lastBody: string | undefined
  #lastBodySize = 0
  /**
   * Dead letters routed but not yet delivered. RabbitMQ's source queue sends them to the target queue processes,
   * which receive them after whatever is already in their mailbox (e.g. the rest of the publish that caused them),
   * so they are delivered at the end of the current step, in the order they died.
   */
  readonly #outbox = new Deque<{ readonly copy: StoredMessage; readonly targets: readonly string[] }>()
  #dlRouter: Router | undefined
  #now: number
  #seq = 0
  #ctag = 0
  #gen = 0
  #chan = 0

  constructor(options: BrokerOptions) {
    this.vhost = options.vhost
    this.rules = options.rules
    this.#base = options.topology
    this.#record = options.recordEvents !== false
    this.#now = options.now ?? 0
    this.#predeclared = new Map(predeclaredExchanges(options.vhost).map((x) => [x.name, x]))
    const vt = options.topology.vhosts.get(options.vhost)
    this.#policies = vt?.policies ?? []
    this.#policyIndex = new PolicyIndex(this.#policies)
    if (options.routers !== undefined) {
      this.#router = options.routers.router
      this.#dlRouter = options.routers.deadLetterRouter
    }
    if (vt !== undefined) {
      for (const x of vt.exchanges.values()) this.#exchanges.set(x.name, x)
      for (const q of vt.queues.values()) this.#queues.set(q.name, this.#newQueueState(q))
      this.#bindings = [...vt.bindings]
    }
  }

  /** The simulated clock, ms. */
  get now(): number { return this.#now }

  // ------------------------------------------------------------------ topology

  /** exchange.declare (403 for `""`/amq.*, 406 on an inequivalent redeclare, 503 for an unknown type). */
  declareExchange(spec: ExchangeSpec, opts?: TopologyCallOptions): Outcome<{ readonly exchange: string; readonly created: boolean }> {
    const ev = this.#ev()
    const name = spec.name.replace(/[\r\n]/g, '')
    const existing = this.#exchange(name)
    if (spec.passive === true) {
      if (existing === undefined) return this.#fail(notFound(`no exchange '${name}' in vhost '${this.vhost}'`), opts?.channel, ev)
      return { ok: true, exchange: name, created: false, events: ev ?? NO_EVENTS }
    }
    if (name === '') return this.#fail(accessRefused(`operation not permitted on the default exchange`), opts?.channel, ev)
    if (name.startsWith('amq.')) return this.#fail(accessRefused(`exchange name '${name}' contains reserved prefix 'amq.*'`), opts?.channel, ev)
    const type = spec.type ?? 'direct'
    const durable = spec.durable ?? true
    const autoDelete = spec.autoDelete ?? false
    const internal = spec.internal ?? false
    const args = spec.arguments ?? EMPTY_TABLE
    if (!this.rules.builtinExchangeTypes.has(type) && !type.startsWith('x-')) {
      return this.#fail(commandInvalid(`unknown exchange type '${type}'`), opts?.channel, ev)
    }
    if (existing !== undefined) {
      // rabbit_exchange:assert_equivalence: type, durable, auto_delete, internal, then alternate-exchange.
      const rn = resourceName('exchange', name, this.vhost)
      const err =
        fieldEquivalenceError('type', rn, type, existing.type) ??
        fieldEquivalenceError('durable', rn, durable, existing.durable) ??
        fieldEquivalenceError('auto_delete', rn, autoDelete, existing.autoDelete) ??
        fieldEquivalenceError('internal', rn, internal, existing.internal) ??
        argsEquivalenceError(existing.arguments, args, rn, ['alternate-exchange'])
      if (err !== undefined) return this.#fail(preconditionFailed(err), opts?.channel, ev)
      ev?.push({ kind: 'exchange-declared', exchange: name, created: false })
      return { ok: true, exchange: name, created: false, events: ev ?? NO_EVENTS }
    }
    this.#exchanges.set(name, { vhost: this.vhost, name, type, durable, autoDelete, internal, arguments: args })
    this.#invalidate()
    ev?.push({ kind: 'exchange-declared', exchange: name, created: true })
    return { ok: true, exchange: name, created: true, events: ev ?? NO_EVENTS }
  }

  /** exchange.delete: also removes the bindings from and to it. Deleting a missing exchange is ok. */
  deleteExchange(name: string, opts?: TopologyCallOptions & { readonly ifUnused?: boolean }): Outcome {
    const ev = this.#ev()
    if (name === '') return this.#fail(accessRefused(`operation not permitted on the default exchange`), opts?.channel, ev)
    if (isPredeclaredExchange(name) || name.startsWith('amq.')) {
      return this.#fail(accessRefused(`deletion of system exchange '${name}' in vhost '${this.vhost}' not allowed`), opts?.channel, ev)
    }
    if (!this.#exchanges.has(name)) return { ok: true, events: ev ?? NO_EVENTS }
    if (opts?.ifUnused === true && this.#bindings.some((b) => b.source === name)) {
      return this.#fail(preconditionFailed(`${resourceName('exchange', name, this.vhost)} in use`), opts.channel, ev)
    }
    this.#removeExchange(name, 'deleted', ev)
    return { ok: true, events: ev ?? NO_EVENTS }
  }

  /** queue.declare (403 amq.*, 406 invalid or inequivalent arguments, 405 exclusive mismatch). */
  declareQueue(spec: QueueSpec, opts?: TopologyCallOptions): Outcome<{ readonly queue: string; readonly created: boolean; readonly messageCount: number; readonly consumerCount: number }> {
    const ev = this.#ev()
    let name = spec.name.replace(/[\r\n]/g, '')
    const existing = name === '' ? undefined : this.#queues.get(name)
    if (spec.passive === true) {
      if (existing === undefined) return this.#fail(notFound(`no queue '${name}' in vhost '${this.vhost}'`), opts?.channel, ev)
      // A passive declare asks the queue for its stats, which restarts its x-expires timer (handle_call(stat)).
      existing.lastUsed = this.#now
      return { ok: true, queue: name, created: false, messageCount: this.#messageCount(existing), consumerCount: this.#consumerCount(existing), events: ev ?? NO_EVENTS }
    }
    if (name.startsWith('amq.')) return this.#fail(accessRefused(`queue name '${name}' contains reserved prefix 'amq.*'`), opts?.channel, ev)
    const durable = spec.durable ?? true
    const autoDelete = spec.autoDelete ?? false
    const exclusive = spec.exclusive ?? false
    const args = spec.arguments ?? EMPTY_TABLE
    if (existing !== undefined) {
      const rn = resourceName('queue', name, this.vhost)
      if (existing.def.exclusive !== exclusive) {
        return this.#fail(resourceLocked(`cannot obtain exclusive access to locked ${rn}. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.`), opts?.channel, ev)
      }
      const current = new Map(existing.def.arguments)
      if (!current.has('x-queue-type')) current.set('x-queue-type', { type: 'longstr', value: existing.def.type })
      const requested = new Map(args)
      if (!requested.has('x-queue-type') && existing.def.type === 'classic') requested.set('x-queue-type', { type: 'longstr', value: 'classic' })
      const err =
        fieldEquivalenceError('durable', rn, durable, existing.def.durable) ??
        fieldEquivalenceError('auto_delete', rn, autoDelete, existing.def.autoDelete) ??
        argsEquivalenceError(current, requested, rn, queueArgsOf(existing.def.type))
      if (err !== undefined) return this.#fail(preconditionFailed(err), opts?.channel, ev)
      existing.lastUsed = this.#now
      ev?.push({ kind: 'queue-declared', queue: name, created: false })
      return { ok: true, queue: name, created: false, messageCount: this.#messageCount(existing), consumerCount: this.#consumerCount(existing), events: ev ?? NO_EVENTS }
    }
    if (this.rules.transientNonExclusiveQueuesDenied && !durable && !exclusive) {
      // 4.3: deprecated feature denied by default (rabbit_deprecated_features; a connection error, 541).
      return this.#fail(internalError('Feature `transient_nonexcl_queues` is deprecated. By default, this feature is not permitted anymore. Its use is not permitted per the configuration (relying on the default).'), opts?.channel, ev)
    }
    if (name === '') name = this.#generatedQueueName()
    const bad = validateQueueArgs(args)
    if (bad !== undefined) {
      return this.#fail(preconditionFailed(`invalid arg '${bad.key}' for ${resourceName('queue', name, this.vhost)}: ${bad.error}`), opts?.channel, ev)
    }
    const typeArg = args.get('x-queue-type')
    const type = typeArg?.type === 'longstr' ? typeArg.value : 'classic'
    const rn = resourceName('queue', name, this.vhost)
    // rabbit_amqqueue:check_declare_arguments (arguments of another type), then the type's own checks
    // (rabbit_queue_type_util: check_auto_delete, check_exclusive, check_non_durable), in that order.
    const foreign = argUnknownToType(type, args)
    if (foreign !== undefined) return this.#fail(preconditionFailed(`invalid arg '${foreign}' for ${rn} of queue type ${queueTypeModule(type)}`), opts?.channel, ev)
    if (type === 'quorum' || type === 'stream') {
      const property = autoDelete ? 'auto-delete' : exclusive ? 'exclusive-owner' : !durable ? 'non-durable' : undefined
      if (property !== undefined) return this.#fail(preconditionFailed(`invalid property '${property}' for ${rn}`), opts?.channel, ev)
    }
    const def: Queue = { vhost: this.vhost, name, type, durable, exclusive, autoDelete, arguments: args }
    this.#queues.set(name, this.#newQueueState(def))
    this.#invalidate()
    ev?.push({ kind: 'queue-declared', queue: name, created: true })
    return { ok: true, queue: name, created: true, messageCount: 0, consumerCount: 0, events: ev ?? NO_EVENTS }
  }

  /** queue.delete: messages are discarded (never dead-lettered); its consumers get a broker cancel. */
  deleteQueue(name: string, opts?: TopologyCallOptions & { readonly ifUnused?: boolean; readonly ifEmpty?: boolean }): Outcome<{ readonly messageCount: number }> {
    const ev = this.#ev()
    const q = this.#queues.get(name)
    if (q === undefined) return { ok: true, messageCount: 0, events: ev ?? NO_EVENTS }
    const rn = resourceName('queue', name, this.vhost)
    if (opts?.ifUnused === true && q.consumers.length > 0) return this.#fail(preconditionFailed(`${rn} in use`), opts.channel, ev)
    if (opts?.ifEmpty === true && this.#messageCount(q) > 0) return this.#fail(preconditionFailed(`${rn} not empty`), opts.channel, ev)
    const messageCount = this.#messageCount(q)
    this.#removeQueue(q, 'deleted', ev)
    return { ok: true, messageCount, events: ev ?? NO_EVENTS }
  }

  /** queue.bind / exchange.bind (403 default exchange, 404 missing source or destination). Idempotent. */
  bind(spec: BindingSpec, opts?: TopologyCallOptions): Outcome {
    const ev = this.#ev()
    const checked = this.#checkBinding(spec)
    if ('error' in checked) return this.#fail(checked.error, opts?.channel, ev)
    const b = checked.binding
    const source = this.#exchange(b.source) as Exchange
    const problem = exchangeTypeFor(source.type).validateBinding(b, this.rules)
    if (problem !== null) {
      const text = problem.message.replace(/^[A-Z_]+ - /, '')
      return this.#fail(problem.code === 403 ? accessRefused(text) : preconditionFailed(text), opts?.channel, ev)
    }
    const key = bindingKey(b)
    const exists = this.#bindings.some((x) => bindingKey(x) === key)
    if (!exists) {
      this.#bindings.push(b)
      this.#invalidate()
    }
    ev?.push({ kind: 'bound', binding: b, created: !exists })
    return { ok: true, events: ev ?? NO_EVENTS }
  }

  /** queue.unbind / exchange.unbind. Removing a binding that does not exist is ok. */
  unbind(spec: BindingSpec, opts?: TopologyCallOptions): Outcome {
    const ev = this.#ev()
    const checked = this.#checkBinding(spec)
    if ('error' in checked) return this.#fail(checked.error, opts?.channel, ev)
    const key = bindingKey(checked.binding)
    const i = this.#bindings.findIndex((x) => bindingKey(x) === key)
    if (i >= 0) {
      const [removed] = this.#bindings.splice(i, 1)
      this.#invalidate()
      ev?.push({ kind: 'unbound', binding: removed as Binding, existed: true })
      this.#maybeAutoDeleteExchange(checked.binding.source, ev)
    } else {
      ev?.push({ kind: 'unbound', binding: checked.binding, existed: false })
    }
    return { ok: true, events: ev ?? NO_EVENTS }
  }

  /** queue.purge: removes the ready messages (unacked ones stay). */
  purge(queue: string, opts?: TopologyCallOptions): Outcome<{ readonly messageCount: number }> {
    const ev = this.#ev()
    const q = this.#queues.get(queue)
    if (q === undefined) return this.#fail(notFound(`no queue '${queue}' in vhost '${this.vhost}'`), opts?.channel, ev)
    // rabbit_stream_queue:purge -> {error, not_supported}; the channel answers with a 540 NOT_IMPLEMENTED.
    if (q.behaviour.kind === 'stream') return this.#fail(notImplemented(`queue.purge not supported by stream queues ${resourceName('queue', queue, this.vhost)}`), opts?.channel, ev)
    const messageCount = q.ready.length
    q.ready.clear()
    q.readyBytes = 0
    ev?.push({ kind: 'queue-purged', queue, messages: messageCount })
    return { ok: true, messageCount, events: ev ?? NO_EVENTS }
  }

  /** The current topology (this vhost replaced by the live state; other vhosts as given). */
  topology(): Topology {
    const vhosts = new Map(this.#base.vhosts)
    vhosts.set(this.vhost, this.#vhostTopology())
    return { ...this.#base, vhosts }
  }

  // ------------------------------------------------------------------ channels

  /** Opens a channel (a generated name when none is given) and returns its name. Reopening an open one is a no-op. */
  openChannel(name?: string): string {
    let n = name
    if (n === undefined) {
      do n = `ch${++this.#chan}`
      while (this.#channels.get(n)?.open === true)
    }
    this.#channel(n, undefined)
    return n
  }

  /** Closes a channel: cancels its consumers and requeues its unacked messages (redelivered). */
  closeChannel(name: string): Outcome {
    const ev = this.#ev()
    const ch = this.#channels.get(name)
    if (ch === undefined || !ch.open) return { ok: false, error: channelError(`channel '${name}' is not open`), events: ev ?? NO_EVENTS }
    this.#closeChannel(ch, undefined, ev)
    return { ok: true, events: ev ?? NO_EVENTS }
  }

  channels(): readonly ChannelInfo[] {
    return [...this.#channels.values()].filter((c) => c.open).map((c) => ({
      name: c.name, consumers: [...c.consumers.keys()], unacked: c.pending.size, nextDeliveryTag: c.nextTag,
    }))
  }

  // ------------------------------------------------------------------ messaging

  /** basic.publish (with publisher confirms): route, enqueue one copy per queue, deliver, confirm. */
  publish(request: PublishRequest): PublishOutcome {
    const ev = this.#ev()
    const ch = this.#channel(request.channel ?? DEFAULT_CHANNEL, ev)
    const headers = request.headers ?? EMPTY_TABLE
    // rabbit_channel basic.publish: lookup_or_die (404), check_internal_exchange (403), expiration (406), message (406).
    const x = this.#exchange(request.exchange)
    if (x === undefined) return this.#failPublish(notFound(`no exchange '${request.exchange}' in vhost '${this.vhost}'`), failedRoute(request.routingKey), ch, ev)
    if (x.internal) return this.#failPublish(accessRefused(`cannot publish to internal exchange '${request.exchange}' in vhost '${this.vhost}'`), failedRoute(request.routingKey), ch, ev)
    const properties = request.properties ?? NO_PROPERTIES
    let ttl: number | undefined
    if (properties.expiration !== undefined) {
      const parsed = parseExpiration(properties.expiration)
      if (typeof parsed === 'string') return this.#failPublish(preconditionFailed(`invalid expiration '${properties.expiration}': ${parsed}`), failedRoute(request.routingKey), ch, ev)
      ttl = parsed
    }
    const mandatory = request.mandatory === true
    const route = this.#route(request.exchange, request.routingKey, headers, mandatory)
    if (route.error !== undefined) return this.#failPublish(route.error, route, ch, ev)

    const body = request.body ?? ''
    let visible = headers
    let cc = NO_KEYS
    let bcc = NO_KEYS
    let deaths: readonly Death[] = NO_DEATHS
    if (headers.size > 0) {
      cc = routingHeader(headers, 'CC')
      bcc = routingHeader(headers, 'BCC')
      if (headers.has('BCC')) {
        const copy = new Map(headers)
        copy.delete('BCC')
        visible = copy
      }
      if (this.rules.clientXDeathInterpreted && headers.has('x-death')) deaths = parseClientDeaths(headers, this.#now)
    }
    const view: BrokerMessage = {
      seq: ++this.#seq, exchange: request.exchange, routingKey: request.routingKey, body,
      bodySize: typeof body === 'string' ? this.#stringSize(body) : body.byteLength, properties, headers: visible,
    }
    const stored: StoredMessage = ttl === undefined
      ? { view, routingKeys: route.routingKeys, ccKeys: cc, bccKeys: bcc, deaths }
      : { view, routingKeys: route.routingKeys, ccKeys: cc, bccKeys: bcc, deaths, ttl }
    ev?.push({ kind: 'published', channel: ch.name, message: view, mandatory })
    let confirm: 'ack' | 'nack' = 'ack'
    // The router's queue set is this broker's (every change rebuilds it), so route.queues all exist.
    const queues = route.queues
    if (queues.length > 0) ev?.push({ kind: 'routed', message: view, queues, route })
    // Copies go out in reverse name order: the channel's rabbit_queue_type:deliver folds the routed queues into
    // per-type lists by prepending, and a real 3.10.8 broker delivers a fanout publish to queues e d c b a, in that
    // order (observed). Between queues this is a race on a real broker; this is its usual outcome.
    for (let i = queues.length - 1; i >= 0; i--) {
      const q = this.#queues.get(queues[i] as string)
      if (q !== undefined && !this.#deliverToQueue(q, stored, ev)) confirm = 'nack'
    }
    this.#flush(ev)
    const returned = mandatory && queues.length === 0
    if (ev !== undefined) {
      if (queues.length === 0) ev.push({ kind: 'unroutable', message: view, route })
      if (returned) ev.push({ kind: 'returned', replyCode: 312, replyText: 'NO_ROUTE', message: view })
      ev.push({ kind: 'confirm', seq: view.seq, result: confirm })
    }
    return { ok: true, route, confirm, returned, message: view, events: ev ?? NO_EVENTS }
  }

  /** basic.consume. prefetch applies to this consumer (basic.qos global=false); 0 = unlimited. */
  consume(queue: string, opts?: ConsumeOptions): Outcome<{ readonly consumerTag: string }> {
    const ev = this.#ev()
    const ch = this.#channel(opts?.channel ?? DEFAULT_CHANNEL, ev)
    const q = this.#queues.get(queue)
    if (q === undefined) return this.#fail(notFound(`no queue '${queue}' in vhost '${this.vhost}'`), ch.name, ev)
    const prefetch = opts?.prefetch ?? 0
    if (!Number.isInteger(prefetch) || prefetch < 0 || prefetch > 65535) {
      return this.#fail(preconditionFailed(`invalid prefetch count ${prefetch}: expected an integer from 0 to 65535`), ch.name, ev)
    }
    let tag = opts?.consumerTag
    if (tag === undefined || tag === '') {
      do tag = `amq.ctag-${++this.#ctag}`
      while (ch.consumers.has(tag))
    } else if (ch.consumers.has(tag)) {
      return this.#fail(notAllowed(`attempt to reuse consumer tag '${tag}'`), ch.name, ev)
    }
    if (q.consumers.some((c) => c.exclusive) || (opts?.exclusive === true && q.consumers.length > 0)) {
      return this.#fail(accessRefused(`${resourceName('queue', queue, this.vhost)} in exclusive use`), ch.name, ev)
    }
    const argKeys = opts?.priority !== undefined ? ['x-priority', ...(opts.args?.keys() ?? [])] : (opts?.args?.keys() ?? [])
    const foreign = consumerArgUnknownToType(q.def.type, argKeys)
    if (foreign !== undefined) {
      return this.#fail(preconditionFailed(`invalid arg '${foreign}' for ${resourceName('queue', queue, this.vhost)} of queue type ${queueTypeModule(q.def.type)}`), ch.name, ev)
    }
    let streamPos = 0
    if (q.behaviour.kind === 'stream') {
      // rabbit_stream_queue:consume: a prefetch is required, auto-ack is refused, then x-stream-offset is parsed.
      const rn = resourceName('queue', queue, this.vhost)
      if (prefetch === 0) return this.#fail(preconditionFailed(`consumer prefetch count is not set for stream ${rn}`), ch.name, ev)
      if (opts?.noAck === true) return this.#fail(notImplemented(`automatic acknowledgement not supported by stream ${rn}`), ch.name, ev)
      const pos = resolveStreamOffset(q.log, opts?.args?.get('x-stream-offset'), this.#now)
      if (typeof pos === 'string') return this.#fail(preconditionFailed(`failed consuming from stream ${rn}: ${pos}`), ch.name, ev)
      streamPos = pos
    }
    const xp = opts?.args?.get('x-priority')
    const priority = opts?.priority ?? (xp !== undefined && 'value' in xp && typeof xp.value === 'number' ? xp.value : 0)
    const c: ConsumerState = {
      tag, queue: q, channel: ch, prefetch, noAck: opts?.noAck === true, priority, exclusive: opts?.exclusive === true,
      unacked: 0, streamPos, blocked: false, cancelled: false,
    }
    q.consumers.push(c)
    // Single active consumer: only the first consumer is in the rotation; the others wait their turn.
    if (q.singleActive === undefined) insertActive(q, c)
    else singleActiveOnConsume(q, q.singleActive, c)
    ch.consumers.set(tag, c)
    q.hasHadConsumers = true
    q.lastUsed = this.#now
    ev?.push({ kind: 'consumer-added', queue, consumerTag: tag, channel: ch.name })
    this.#deliverReady(q, ev)
    this.#flush(ev)
    return { ok: true, consumerTag: tag, events: ev ?? NO_EVENTS }
  }

  /**
   * basic.cancel. As in RabbitMQ, the consumer's unacked messages stay on its channel (they can still be acked;
   * closing the channel requeues them). An auto-delete queue is deleted when its last consumer goes.
   * An unknown tag is not an error (`found: false`).
   */
  cancel(consumerTag: string, opts?: { readonly channel?: string }): Outcome<{ readonly found: boolean }> {
    const ev = this.#ev()
    let c: ConsumerState | undefined
    if (opts?.channel !== undefined) c = this.#channels.get(opts.channel)?.consumers.get(consumerTag)
    else for (const ch of this.#channels.values()) if ((c = ch.consumers.get(consumerTag)) !== undefined) break
    if (c === undefined) return { ok: true, found: false, events: ev ?? NO_EVENTS }
    this.#removeConsumer(c, false, ev)
    const q = c.queue
    q.lastUsed = this.#now
    if (q.def.autoDelete && q.hasHadConsumers && q.consumers.length === 0) this.#removeQueue(q, 'auto-delete', ev)
    else if (q.singleActive !== undefined) {
      // The next consumer takes over at once. (RabbitMQ 3.10.8 classic queues stall here until the old channel closes:
      // a bug, see rabbitmq-3.10-delivery-observed.md item 16; the intended behaviour is simulated.)
      this.#deliverReady(q, ev)
      this.#flush(ev)
    }
    return { ok: true, found: true, events: ev ?? NO_EVENTS }
  }

  /** basic.get: `message` undefined = get-empty; `messageCount` = ready messages left after this one. */
  get(queue: string, opts?: GetOptions): Outcome<{ readonly message?: Delivery; readonly messageCount: number }> {
    const ev = this.#ev()
    const ch = this.#channel(opts?.channel ?? DEFAULT_CHANNEL, ev)
    const q = this.#queues.get(queue)
    if (q === undefined) return this.#fail(notFound(`no queue '${queue}' in vhost '${this.vhost}'`), ch.name, ev)
    if (q.behaviour.kind === 'stream') {
      return this.#fail(notImplemented(`basic.get not supported by stream queues ${resourceName('queue', queue, this.vhost)}`), ch.name, ev)
    }
    q.lastUsed = this.#now
    const entry = q.ready.shift()
    if (entry === undefined) return { ok: true, messageCount: 0, events: ev ?? NO_EVENTS }
    q.readyBytes -= entry.msg.view.bodySize
    // rabbit_amqqueue_process:fetch/2 drops the messages the fetch exposed as expired before answering.
    this.#dropExpired(q, ev)
    const noAck = opts?.noAck === true
    const tag = ch.nextTag++
    if (!noAck) {
      ch.pending.set(tag, { tag, channel: ch, queue: q, entry })
      q.unacked++
    }
    // Quorum basic.get: x-delivery-count always (0 on a first delivery) up to 3.11, from the first return on 3.12+
    // (rabbit_fifo_client:add_delivery_count_header).
    const counted = q.behaviour.countsDeliveries && (entry.returns > 0 || this.rules.quorumGetDeliveryCountZero)
    const message = counted ? withIntHeader(entry.msg.view, 'x-delivery-count', entry.returns) : entry.msg.view
    const delivery: Delivery = { queue, channel: ch.name, deliveryTag: tag, redelivered: entry.redelivered, autoAck: noAck, message }
    ev?.push({ kind: 'delivered', ...delivery })
    const messageCount = q.ready.length
    this.#flush(ev)
    return { ok: true, message: delivery, messageCount, events: ev ?? NO_EVENTS }
  }

  /** basic.ack (multiple: every outstanding tag up to this one; tag 0 + multiple = all). */
  ack(channel: string, deliveryTag: number, multiple = false): Outcome {
    const ev = this.#ev()
    if (!multiple) {
      // fast path: one tag
      const ch = this.#channels.get(channel)
      const p = ch?.open === true ? ch.pending.get(deliveryTag) : undefined
      if (p !== undefined) {
        (ch as ChannelState).pending.delete(deliveryTag)
        ev?.push({ kind: 'acked', channel, deliveryTag, queue: p.queue.def.name, message: p.entry.msg.view })
        if (this.#settle(p)) {
          this.#deliverReady(p.queue, ev)
          this.#flush(ev)
        }
        return { ok: true, events: ev ?? NO_EVENTS }
      }
    }
    const collected = this.#collect(channel, deliveryTag, multiple, ev)
    if ('error' in collected) return collected.error
    const touched = new Set<QueueState>()
    for (const p of collected.acks) {
      ev?.push({ kind: 'acked', channel, deliveryTag: p.tag, queue: p.queue.def.name, message: p.entry.msg.view })
      if (this.#settle(p)) touched.add(p.queue)
    }
    for (const q of touched) this.#deliverReady(q, ev)
    this.#flush(ev)
    return { ok: true, events: ev ?? NO_EVENTS }
  }

  /** basic.nack: requeue (default true) or dead-letter / drop. */
  nack(channel: string, deliveryTag: number, multiple = false, requeue = true): Outcome {
    const ev = this.#ev()
    const collected = this.#collect(channel, deliveryTag, multiple, ev)
    if ('error' in collected) return collected.error
    this.#reject(collected.acks, requeue, ev)
    this.#flush(ev)
    return { ok: true, events: ev ?? NO_EVENTS }
  }

  /** basic.reject: requeue (default true) or dead-letter / drop. */
  reject(channel: string, deliveryTag: number, requeue = true): Outcome {
    return this.nack(channel, deliveryTag, false, requeue)
  }

  /** Advances the simulated clock: TTL expiry at queue heads and x-expires, in time order. */
  tick(ms: number): { readonly now: number; readonly events: readonly BrokerEvent[] } {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`tick: expected a non-negative number of ms, got ${ms}`)
    const ev = this.#ev()
    const target = this.#now + ms
    for (;;) {
      let next: number | undefined
      for (const q of this.#queues.values()) {
        const head = q.ready.peekFront()
        if (head?.expiresAt !== undefined && (next === undefined || head.expiresAt < next)) next = head.expiresAt
        const expiry = this.#expiryDeadline(q)
        if (expiry !== undefined && (next === undefined || expiry < next)) next = expiry
      }
      if (next === undefined || next > target) break
      if (next > this.#now) this.#now = next
      for (const q of [...this.#queues.values()]) {
        this.#dropExpired(q, ev)
        const expiry = this.#expiryDeadline(q)
        if (expiry !== undefined && expiry <= this.#now) this.#removeQueue(q, 'x-expires', ev)
      }
      this.#flush(ev)
    }
    this.#now = target
    ev?.push({ kind: 'clock', now: target })
    return { now: target, events: ev ?? NO_EVENTS }
  }

  // ------------------------------------------------------------------ inspection

  queueStats(name?: string): readonly QueueStats[] {
    const list = name === undefined ? [...this.#queues.values()] : [this.#queues.get(name)].filter((q): q is QueueState => q !== undefined)
    return list.map((q) => {
      const expiresAt = this.#expiryDeadline(q)
      return {
        name: q.def.name, type: q.def.type, behaviour: q.behaviour.kind,
        messages: this.#messageCount(q) + (q.behaviour.kind === 'stream' ? 0 : q.unacked), ready: this.#messageCount(q), unacked: q.unacked,
        consumers: q.consumers.length,
        bytes: q.readyBytes, durable: q.def.durable, exclusive: q.def.exclusive, autoDelete: q.def.autoDelete,
        arguments: q.def.arguments, effective: q.effective, ...(expiresAt !== undefined ? { expiresAt } : {}),
        notSimulated: notSimulated(q),
      }
    })
  }

  /** Ready messages in delivery order (empty for a missing queue). */
  peek(queue: string): readonly ReadyMessage[] {
    const q = this.#queues.get(queue)
    if (q === undefined) return []
    if (q.behaviour.kind === 'stream') return q.log.map((e) => ({ message: withIntHeader(e.msg.view, 'x-stream-offset', e.offset), redelivered: false }))
    return q.ready.toArray().map((e) => ({
      message: e.msg.view, redelivered: e.redelivered, ...(e.expiresAt !== undefined ? { expiresAt: e.expiresAt } : {}),
    }))
  }

  /** Outstanding deliveries (all channels, or one), in delivery-tag order per channel. */
  unacked(channel?: string): readonly Delivery[] {
    const out: Delivery[] = []
    for (const ch of this.#channels.values()) {
      if (!ch.open || (channel !== undefined && ch.name !== channel)) continue
      for (const p of ch.pending.values()) {
        out.push({
          queue: p.queue.def.name, channel: ch.name, deliveryTag: p.tag, redelivered: p.entry.redelivered, autoAck: false,
          message: p.entry.msg.view, ...(p.consumer !== undefined ? { consumerTag: p.consumer.tag } : {}),
        })
      }
    }
    return out
  }

  consumers(queue?: string): readonly ConsumerInfo[] {
    const out: ConsumerInfo[] = []
    for (const q of this.#queues.values()) {
      if (queue !== undefined && q.def.name !== queue) continue
      for (const c of q.consumers) {
        out.push({
          consumerTag: c.tag, queue: q.def.name, channel: c.channel.name, prefetch: c.prefetch, noAck: c.noAck, priority: c.priority, unacked: c.unacked,
          ...(q.singleActive !== undefined ? { active: isSingleActive(q.singleActive, c) } : {}), ...(q.behaviour.kind === 'stream' ? { offset: c.streamPos } : {}),
        })
      }
    }
    return out
  }

  // ------------------------------------------------------------------ internals: queues

  #newQueueState(def: Queue): QueueState {
    const behaviour = queueBehaviourFor(def)
    const sac = def.arguments.get('x-single-active-consumer')
    return {
      def, behaviour, effective: this.#effectiveArgs(def), ready: behaviour.createReady(def, this.rules),
      readyBytes: 0, log: [], rejecting: false,
      singleActive: behaviour.kind !== 'stream' && sac?.type === 'bool' && sac.value
        ? { active: undefined, quiescing: false, byPriority: behaviour.kind === 'quorum' && this.rules.quorumSingleActivePriority }
        : undefined,
      unacked: 0, nextSeq: 1, consumers: [], active: [], hasHadConsumers: false, lastUsed: this.#now, deleted: false,
    }
  }

  #effectiveArgs(def: Queue): QueueStats['effective'] {
    const policy = this.#policyIndex.effective('queue', def.name, def.type).policy
    const eff = effectiveQueueArgs(def.type, def.arguments, policy)
    if (def.type === 'stream') return { overflow: 'drop-head', ...(policy !== undefined ? { policy: policy.name } : {}) }
    if (def.type !== 'quorum') return brokerQueueArgs(eff, policy?.name)
    const ps = policy?.definition.get('dead-letter-strategy')
    return brokerQueueArgs(eff, policy?.name, {
      defaultDeliveryLimit: this.rules.quorumDefaultDeliveryLimit, args: def.arguments, ...(typeof ps === 'string' ? { policyStrategy: ps } : {}),
    })
  }

  /** Ready messages (a stream: every message in its log). */
  #messageCount(q: QueueState): number {
    return q.behaviour.kind === 'stream' ? q.log.length : q.ready.length
  }

  /**
   * consumer_count of a declare-ok. A quorum queue also counts each channel that holds unacked basic.get deliveries
   * from it (rabbit_fifo registers a get channel as a consumer; observed on 3.10.8, item 18). rabbit_fifo:query_stat
   * counts its `consumers` map only, where a single-active-consumer queue keeps just the active consumer (the others
   * wait in `waiting_consumers`): observed 1 with two consumers on 3.10.8; a classic SAC queue counts both.
   */
  #consumerCount(q: QueueState): number {
    if (q.behaviour.kind !== 'quorum') return q.consumers.length
    const sac = q.singleActive
    let n = sac === undefined ? q.consumers.length : sac.active === undefined ? 0 : 1
    for (const ch of this.#channels.values()) {
      if (!ch.open) continue
      for (const p of ch.pending.values()) if (p.queue === q && p.consumer === undefined) { n++; break }
    }
    return n
  }

  #expiryDeadline(q: QueueState): number | undefined {
    const e = q.effective.expires
    return e === undefined || q.consumers.length > 0 ? undefined : q.lastUsed + e
  }

  /**
   * One message into one queue (rabbit_amqqueue_process:maybe_deliver_or_enqueue): the overflow check for the
   * reject-publish modes comes first (even when a consumer is waiting), then a consumer with room gets it at once,
   * else it is enqueued and drop-head / TTL act. Returns false when the queue refused it (publisher nack).
   */
  #deliverToQueue(q: QueueState, msg: StoredMessage, ev: Ev): boolean {
    const limits = q.effective
    const size = msg.view.bodySize
    if (q.behaviour.kind === 'stream') {
      // A stream appends; every consumer reads the log from its own offset (rabbit_stream_queue, osiris).
      q.log.push({ msg, offset: q.log.length, time: this.#now })
      q.readyBytes += size
      ev?.push({ kind: 'enqueued', queue: q.def.name, message: msg.view })
      this.#deliverStream(q, ev)
      return true
    }
    if (limits.overflow !== 'drop-head' && q.behaviour.wouldOverflow(q, size)) {
      ev?.push({ kind: 'rejected-publish', queue: q.def.name, message: msg.view, overflow: limits.overflow })
      if (limits.overflow === 'reject-publish-dlx') this.#deadLetter(q, msg, 'maxlen', ev)
      return false
    }
    const ttl = limits.messageTtl === undefined ? msg.ttl : msg.ttl === undefined ? limits.messageTtl : Math.min(limits.messageTtl, msg.ttl)
    const entry: QueuedMessage = { msg, seq: q.nextSeq++, redelivered: false, expiresAt: ttl === undefined ? undefined : this.#now + ttl, returns: 0 }
    if (q.ready.length === 0) {
      const c = nextConsumerWithRoom(q)
      if (c !== undefined) {
        this.#deliver(q, c, entry, ev)
        return true
      }
    }
    q.ready.push(entry)
    q.readyBytes += size
    ev?.push({ kind: 'enqueued', queue: q.def.name, message: msg.view })
    // Quorum reject-publish: the message that crosses the limit is in; refuse from now on (rabbit_fifo evaluate_limit).
    // A classic queue never gets here over its limit (wouldOverflow refused it).
    if (limits.overflow === 'reject-publish' && q.behaviour.overLimit(limits, q.ready.length, q.readyBytes)) q.rejecting = true
    this.#maybeDropHead(q, ev)
    this.#dropExpired(q, ev)
    return true
  }

  /** basic.deliver to a consumer; the consumer moves to the back of its priority level (round-robin). */
  #deliver(q: QueueState, c: ConsumerState, entry: QueuedMessage, ev: Ev): void {
    rotate(q, c)
    const ch = c.channel
    const tag = ch.nextTag++
    if (!c.noAck) {
      ch.pending.set(tag, { tag, channel: ch, queue: q, entry, consumer: c })
      c.unacked++
      q.unacked++
    }
    if (ev !== undefined) {
      // Quorum consumers see x-delivery-count from the first return (rabbit_fifo_client:add_delivery_count_header).
      const message = entry.returns > 0 && q.behaviour.countsDeliveries ? withIntHeader(entry.msg.view, 'x-delivery-count', entry.returns) : entry.msg.view
      ev.push({
        kind: 'delivered', queue: q.def.name, channel: ch.name, deliveryTag: tag, consumerTag: c.tag,
        redelivered: entry.redelivered, autoAck: c.noAck, message,
      })
    }
  }

  /**
   * Stream delivery: each consumer reads from its offset while it has credit (prefetch − unacked), consumers in
   * registration order. Every delivery carries x-stream-offset (rabbit_stream_queue, "x-stream-offset" header).
   */
  #deliverStream(q: QueueState, ev: Ev): void {
    for (const c of q.consumers) {
      const ch = c.channel
      while (c.streamPos < q.log.length && c.unacked < c.prefetch) {
        const e = q.log[c.streamPos] as StreamEntry
        c.streamPos++
        const tag = ch.nextTag++
        const entry: QueuedMessage = { msg: e.msg, seq: e.offset, redelivered: false, expiresAt: undefined, returns: 0 }
        ch.pending.set(tag, { tag, channel: ch, queue: q, entry, consumer: c })
        c.unacked++
        q.unacked++
        ev?.push({
          kind: 'delivered', queue: q.def.name, channel: ch.name, deliveryTag: tag, consumerTag: c.tag,
          redelivered: false, autoAck: false, message: withIntHeader(e.msg.view, 'x-stream-offset', e.offset),
        })
      }
    }
  }

  /** run_message_queue: hand ready messages to consumers with room, in rotation order. */
  #deliverReady(q: QueueState, ev: Ev): void {
    if (q.behaviour.kind === 'stream') {
      if (!q.deleted) this.#deliverStream(q, ev)
      return
    }
    while (q.ready.length > 0 && !q.deleted) {
      const c = nextConsumerWithRoom(q)
      if (c === undefined) return
      const entry = q.ready.shift() as QueuedMessage
      q.readyBytes -= entry.msg.view.bodySize
      this.#deliver(q, c, entry, ev)
      this.#dropExpired(q, ev)
    }
  }

  /** drop_expired_msgs: dead-letter (reason expired) the expired messages at the head, and only there. */
  #dropExpired(q: QueueState, ev: Ev): void {
    for (let head = q.ready.peekFront(); head?.expiresAt !== undefined && head.expiresAt <= this.#now; head = q.ready.peekFront()) {
      q.ready.shift()
      q.readyBytes -= head.msg.view.bodySize
      this.#deadLetter(q, head.msg, 'expired', ev)
    }
  }

  /** maybe_drop_head (overflow drop-head): dead-letter (reason maxlen) the head while the queue is over a limit. */
  #maybeDropHead(q: QueueState, ev: Ev): void {
    const limits = q.effective
    if (limits.overflow !== 'drop-head' || (limits.maxLength === undefined && limits.maxLengthBytes === undefined)) return
    while (q.ready.length > 0 && q.behaviour.overLimit(limits, q.ready.length, q.readyBytes)) {
      const head = q.ready.shift() as QueuedMessage
      q.readyBytes -= head.msg.view.bodySize
      this.#deadLetter(q, head.msg, 'maxlen', ev)
    }
  }

  /**
   * rabbit_dead_letter:publish: no DLX → dropped; a DLX that does not exist → dropped silently; else the copy
   * (x-death recorded) goes through the full route from the DLX, minus the cycle targets (not for `rejected`).
   */
  #deadLetter(q: QueueState, msg: StoredMessage, reason: DeadLetterReason, ev: Ev): void {
    const dlx = q.effective.deadLetterExchange
    if (dlx === undefined) {
      ev?.push({ kind: 'dropped', queue: q.def.name, reason, message: msg.view })
      return
    }
    const dlrk = q.effective.deadLetterRoutingKey
    const copy = makeDeadLetter(msg, reason, q.def.name, dlx, dlrk, this.#now, ++this.#seq, this.rules)
    const x = this.#exchange(dlx)
    if (x === undefined) {
      ev?.push({
        kind: 'dead-lettered', queue: q.def.name, reason, dlx, routingKeys: copy.routingKeys, route: failedRoute(copy.view.routingKey),
        queues: NO_KEYS, cycleDropped: NO_KEYS, missingDlx: true, original: msg.view, message: copy.view,
      })
      return
    }
    let headers: AmqpTable = copy.view.headers
    if (copy.bccKeys.length > 0) {
      const h = new Map(headers)
      h.set('BCC', { type: 'array', value: copy.bccKeys.map((k): AmqpValue => ({ type: 'longstr', value: k })) })
      headers = h
    }
    const publish: Publish = { exchange: dlx, routingKey: copy.view.routingKey, headers }
    // The DLX may be internal: dead-lettering routes from it directly (rabbit_exchange:route), no publish check.
    const route = (x.internal ? this.#deadLetterRouter() : this.#routerFor()).route(publish)
    const targets: string[] = []
    const cycleDropped: string[] = []
    for (const name of route.queues) {
      if (!this.#queues.has(name)) continue
      if (reason !== 'rejected' && isDeathCycle(name, copy.deaths)) cycleDropped.push(name)
      else targets.push(name)
    }
    ev?.push({
      kind: 'dead-lettered', queue: q.def.name, reason, dlx, routingKeys: copy.routingKeys, route,
      queues: targets, cycleDropped, missingDlx: false, original: msg.view, message: copy.view,
    })
    if (targets.length > 0) this.#outbox.push({ copy, targets })
  }

  /** Delivers the pending dead letters (and those their delivery causes), in order. */
  #flush(ev: Ev): void {
    for (let item = this.#outbox.shift(); item !== undefined; item = this.#outbox.shift()) {
      // In route order: rabbit_dead_letter:publish delivers statelessly, queue by queue (rabbit_queue_type:deliver0),
      // unlike a channel's publish, which regroups (and so reverses) the queues (observed on 3.10.8).
      for (const name of item.targets) {
        const t = this.#queues.get(name)
        if (t !== undefined) this.#deliverToQueue(t, item.copy, ev)
      }
    }
  }

  /** Settles one outstanding delivery's bookkeeping; true when its consumer got room back (run the queue). */
  #settle(p: PendingAck): boolean {
    const q = p.queue
    if (q.deleted) return false
    q.unacked--
    const c = p.consumer
    if (c === undefined) return false
    c.unacked--
    if (q.behaviour.kind === 'stream') return !c.cancelled
    if (q.singleActive?.quiescing === true) return !c.cancelled && singleActiveOnSettle(q, q.singleActive, c)
    if (c.blocked && !c.cancelled && hasRoom(c)) {
      c.blocked = false
      insertActive(q, c)
      return true
    }
    return false
  }

  /**
   * nack/reject: requeue (merged by seq, redelivered) or dead-letter. The channel settles per {queue, consumer tag}
   * in term order (rabbit_channel:foreach_per_queue folds a gb_tree keyed by {QName, CTag}: queues by name, basic.get
   * deliveries (ctag `none`) before consumer tags), each group in delivery-tag order. A multiple nack over queues
   * a and b dead-letters a's messages, then b's (observed on 3.10.8).
   */
  #reject(acks: readonly PendingAck[], requeue: boolean, ev: Ev): void {
    for (const group of settlementGroups(acks)) {
      const q = group[0]!.queue
      if (q.behaviour.kind === 'stream') {
        // Streams: every settlement only gives credit back (rabbit_stream_queue:settle); nothing is requeued or dead.
        for (const p of group) this.#settle(p)
        this.#deliverReady(q, ev)
        continue
      }
      if (requeue) {
        this.#requeue(q, group, 'nack', ev)
        continue
      }
      for (const p of group) {
        this.#settle(p)
        this.#deadLetter(q, p.entry.msg, 'rejected', ev)
      }
      this.#deliverReady(q, ev)
    }
  }

  /** requeue_and_run: back among the ready messages (publish order), then drop-head, TTL, delivery. */
  #requeue(q: QueueState, list: readonly PendingAck[], cause: RequeueCause, ev: Ev): void {
    if (q.behaviour.kind === 'stream') {
      for (const p of list) this.#settle(p)
      this.#deliverReady(q, ev)
      return
    }
    const returned: QueuedMessage[] = []
    const limit = q.effective.deliveryLimit
    for (const p of list) {
      this.#settle(p)
      p.entry.returns++
      // rabbit_fifo return_one: a message returned more than x-delivery-limit times is dead-lettered instead.
      if (limit !== undefined && p.entry.returns > limit) {
        this.#deadLetter(q, p.entry.msg, 'delivery_limit', ev)
        continue
      }
      p.entry.redelivered = true
      returned.push(p.entry)
      q.readyBytes += p.entry.msg.view.bodySize
      ev?.push({ kind: 'requeued', queue: q.def.name, message: p.entry.msg.view, channel: p.channel.name, deliveryTag: p.tag })
    }
    q.behaviour.requeue(q, returned, cause)
    // rabbit_fifo evaluate_limit runs after every command: returns can put a reject-publish quorum queue over its
    // limit (they are never refused), and then it refuses publishes. (Classic queues ignore `rejecting`.)
    if (q.effective.overflow === 'reject-publish' && q.behaviour.overLimit(q.effective, q.ready.length, q.readyBytes)) q.rejecting = true
    this.#maybeDropHead(q, ev)
    this.#dropExpired(q, ev)
    this.#deliverReady(q, ev)
  }

  #removeQueue(q: QueueState, reason: 'deleted' | 'x-expires' | 'auto-delete', ev: Ev): void {
    if (q.deleted) return
    const messages = this.#messageCount(q) + (q.behaviour.kind === 'stream' ? 0 : q.unacked)
    for (const c of [...q.consumers]) this.#removeConsumer(c, true, ev)
    q.deleted = true
    q.ready.clear()
    q.log.length = 0
    q.readyBytes = 0
    this.#queues.delete(q.def.name)
    const sources = new Set<string>()
    this.#bindings = this.#bindings.filter((b) => {
      const keep = !(b.destinationType === 'queue' && b.destination === q.def.name)
      if (!keep) sources.add(b.source)
      return keep
    })
    this.#invalidate()
    ev?.push({ kind: 'queue-deleted', queue: q.def.name, reason, messages })
    for (const s of sources) this.#maybeAutoDeleteExchange(s, ev)
  }

  #removeExchange(name: string, reason: 'deleted' | 'auto-delete', ev: Ev): void {
    this.#exchanges.delete(name)
    const sources = new Set<string>()
    this.#bindings = this.#bindings.filter((b) => {
      const keep = b.source !== name && !(b.destinationType === 'exchange' && b.destination === name)
      if (!keep && b.source !== name) sources.add(b.source)
      return keep
    })
    this.#invalidate()
    ev?.push({ kind: 'exchange-deleted', exchange: name, reason })
    for (const s of sources) this.#maybeAutoDeleteExchange(s, ev)
  }

  /** An auto-delete exchange goes when its last binding (as a source) goes (rabbit_exchange:maybe_auto_delete). */
  #maybeAutoDeleteExchange(name: string, ev: Ev): void {
    const x = this.#exchanges.get(name)
    if (x === undefined || !x.autoDelete || this.#bindings.some((b) => b.source === name)) return
    this.#removeExchange(name, 'auto-delete', ev)
  }

  #removeConsumer(c: ConsumerState, byBroker: boolean, ev: Ev): void {
    if (c.cancelled) return
    c.cancelled = true
    const q = c.queue
    const i = q.consumers.indexOf(c)
    if (i >= 0) q.consumers.splice(i, 1)
    const j = q.active.indexOf(c)
    if (j >= 0) q.active.splice(j, 1)
    c.channel.consumers.delete(c.tag)
    q.lastUsed = this.#now
    ev?.push({ kind: 'consumer-cancelled', queue: q.def.name, consumerTag: c.tag, channel: c.channel.name, byBroker })
    // Single active consumer: when the active one goes, the next becomes active. The caller runs the queue
    // (deliverReady) once it is done removing.
    if (q.singleActive !== undefined) singleActiveOnRemove(q, q.singleActive, c)
  }

  // ------------------------------------------------------------------ internals: channels

  #channel(name: string, ev: Ev): ChannelState {
    let ch = this.#channels.get(name)
    if (ch === undefined || !ch.open) {
      ch = { name, nextTag: 1, pending: new Map(), consumers: new Map(), open: true }
      this.#channels.set(name, ch)
      ev?.push({ kind: 'channel-opened', channel: name })
    }
    return ch
  }

  /**
   * Channel close (rabbit_amqqueue_process:handle_ch_down, per queue): its consumers go; an auto-delete queue
   * left without consumers is deleted; otherwise its unacked messages are requeued.
   */
  #closeChannel(ch: ChannelState, error: BrokerError | undefined, ev: Ev): void {
    ch.open = false
    const touched: QueueState[] = []
    for (const c of ch.consumers.values()) if (!touched.includes(c.queue)) touched.push(c.queue)
    for (const p of ch.pending.values()) if (!touched.includes(p.queue)) touched.push(p.queue)
    const pending = [...ch.pending.values()]
    let requeued = 0
    ch.pending.clear()
    for (const q of touched) {
      for (const c of [...q.consumers]) if (c.channel === ch) this.#removeConsumer(c, false, ev)
      if (q.deleted) continue
      if (q.def.autoDelete && q.hasHadConsumers && q.consumers.length === 0) {
        this.#removeQueue(q, 'auto-delete', ev)
        continue
      }
      const list = pending.filter((p) => p.queue === q)
      if (list.length > 0) {
        if (q.behaviour.kind !== 'stream') requeued += list.length
        this.#requeue(q, list, 'close', ev)
      } else if (q.singleActive !== undefined) this.#deliverReady(q, ev)
    }
    ev?.push({ kind: 'channel-closed', channel: ch.name, ...(error !== undefined ? { error } : {}), requeued })
    this.#flush(ev)
  }

  #failPublish(error: BrokerError, route: RouteResult, ch: ChannelState, ev: Ev): PublishOutcome {
    const failure = this.#fail(error, ch.name, ev)
    return { ok: false, route, confirm: 'none', returned: false, error: failure.error, events: failure.events }
  }

  /**
   * Routes through the compiled router. Header-less publishes are cached per (exchange, key, mandatory) until the
   * topology changes: the answer depends on nothing else, and bulk publishing repeats keys.
   */
  #route(exchange: string, routingKey: string, headers: AmqpTable, mandatory: boolean): RouteResult {
    if (headers.size > 0) return this.#routerFor().route({ exchange, routingKey, headers, mandatory })
    const cache = mandatory ? this.#mandatoryRouteCache : this.#routeCache
    let byKey = cache.get(exchange)
    let route = byKey?.get(routingKey)
    if (route === undefined) {
      route = this.#routerFor().route({ exchange, routingKey, headers, mandatory })
      if (this.#routeCacheSize >= ROUTE_CACHE_SIZE) this.#clearRouteCache()
      if (byKey === undefined || this.#routeCacheSize === 0) {
        byKey = cache.get(exchange) ?? new Map<string, RouteResult>()
        cache.set(exchange, byKey)
      }
      byKey.set(routingKey, route)
      this.#routeCacheSize++
    }
    return route
  }

  /** A failure: a channel error closes the channel it happened on (when there is one). */
  #fail(error: BrokerError, channel: string | undefined, ev: Ev): Failure {
    const ch = channel === undefined ? undefined : this.#channels.get(channel)
    if (ch !== undefined && ch.open) {
      const closing = { ...error, closedChannel: ch.name }
      this.#closeChannel(ch, closing, ev)
      return { ok: false, error: closing, events: ev ?? NO_EVENTS }
    }
    return { ok: false, error, events: ev ?? NO_EVENTS }
  }

  /**
   * rabbit_channel:collect_acks: the tag must be outstanding on this channel (else 406 unknown delivery tag,
   * which closes the channel); multiple takes every outstanding tag up to it; tag 0 + multiple = all.
   */
  #collect(channel: string, tag: number, multiple: boolean, ev: Ev): { readonly acks: PendingAck[] } | { readonly error: Failure } {
    const ch = this.#channels.get(channel)
    if (ch === undefined || !ch.open) return { error: { ok: false, error: channelError(`channel '${channel}' is not open`), events: ev ?? NO_EVENTS } }
    if (multiple && tag === 0) {
      const acks = [...ch.pending.values()]
      ch.pending.clear()
      return { acks }
    }
    const target = ch.pending.get(tag)
    if (target === undefined) return { error: this.#fail(preconditionFailed(`unknown delivery tag ${tag}`), channel, ev) }
    if (!multiple) {
      ch.pending.delete(tag)
      return { acks: [target] }
    }
    const acks: PendingAck[] = []
    for (const p of ch.pending.values()) {
      if (p.tag > tag) break
      acks.push(p)
    }
    for (const p of acks) ch.pending.delete(p.tag)
    return { acks }
  }

  // ------------------------------------------------------------------ internals: topology

  #ev(): Ev { return this.#record ? [] : undefined }

  #invalidate(): void {
    this.#router = undefined
    this.#dlRouter = undefined
    this.#clearRouteCache()
  }

  /** UTF-8 size of a string body; bulk publishers repeat one body, so the last answer is kept. */
  #stringSize(body: string): number {
    if (body !== this.#lastBody) {
      this.#lastBody = body
      this.#lastBodySize = utf8Length(body)
    }
    return this.#lastBodySize
  }

  #clearRouteCache(): void {
    this.#routeCache.clear()
    this.#mandatoryRouteCache.clear()
    this.#routeCacheSize = 0
  }

  #exchange(name: string): Exchange | undefined {
    return this.#exchanges.get(name) ?? this.#predeclared.get(name)
  }

  #vhostTopology(): VhostTopology {
    const queues = new Map<string, Queue>()
    for (const [name, q] of this.#queues) queues.set(name, q.def)
    return { name: this.vhost, exchanges: new Map(this.#exchanges), queues, bindings: [...this.#bindings], policies: this.#policies }
  }

  #routerFor(): Router {
    return (this.#router ??= createRouter(this.#vhostTopology(), this.rules))
  }

  /** A router in which no exchange is internal, for dead letters whose DLX is internal. */
  #deadLetterRouter(): Router {
    return (this.#dlRouter ??= createRouter(deadLetterTopology(this.#vhostTopology()), this.rules))
  }

  #checkBinding(spec: BindingSpec): { readonly binding: Binding } | { readonly error: BrokerError } {
    const destinationType = spec.destinationType ?? 'queue'
    // rabbit_channel:binding_action: check_not_default_exchange on the source (and an exchange destination).
    if (spec.source === '' || (destinationType === 'exchange' && spec.destination === '')) {
      return { error: accessRefused(`operation not permitted on the default exchange`) }
    }
    if (this.#exchange(spec.source) === undefined) return { error: notFound(`no exchange '${spec.source}' in vhost '${this.vhost}'`) }
    const destExists = destinationType === 'queue' ? this.#queues.has(spec.destination) : this.#exchange(spec.destination) !== undefined
    if (!destExists) return { error: notFound(`no ${destinationType} '${spec.destination}' in vhost '${this.vhost}'`) }
    return {
      binding: {
        vhost: this.vhost, source: spec.source, destination: spec.destination, destinationType,
        routingKey: spec.routingKey ?? '', arguments: spec.arguments ?? EMPTY_TABLE,
      },
    }
  }

  #generatedQueueName(): string {
    let name: string
    do name = `amq.gen-${(++this.#gen).toString(36).padStart(6, '0')}`
    while (this.#queues.has(name))
    return name
  }
}
