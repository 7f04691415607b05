import { EMPTY_TABLE } from '../core/amqp-value.js'
import { exchangeTypeFor } from '../core/exchange-types.js'
import type { Binding, Exchange, Queue } from '../core/model.js'
import { isPredeclaredExchange } from '../core/predeclared.js'
import { argsEquivalenceError, bindingKey, fieldEquivalenceError } from './broker-support.js'
import { fail } from './channels.js'
import { accessRefused, commandInvalid, exclusiveLocked, internalError, notFound, notImplemented, preconditionFailed, resourceName } from './errors.js'
import { exclusiveAccessError } from './exclusive-access.js'
import { consumerCount } from './inspection.js'
import { argUnknownToType, queueArgsOf, queueTypeModule, validateQueueArgs } from './queue-args.js'
import { DEFAULT_CONNECTION, NO_EVENTS } from './sim-state.js'
import type { SimState } from './sim-state.js'
import { maybeAutoDeleteExchange, removeExchange, removeQueue } from './topology-removal.js'
import type { BindingSpec, BrokerError, ExchangeSpec, Outcome, QueueSpec, TopologyCallOptions } from './types.js'

// Declarations: exchange/queue declare and delete, bind/unbind, purge, with RabbitMQ's checks and error texts.

/** exchange.declare (403 for `""`/amq.*, 406 on an inequivalent redeclare, 503 for an unknown type). */
export function declareExchange(s: SimState, spec: ExchangeSpec, opts?: TopologyCallOptions): Outcome<{ readonly exchange: string; readonly created: boolean }> {
  const ev = s.ev()
  const name = spec.name.replace(/[\r\n]/g, '')
  const existing = s.exchange(name)
  if (spec.passive === true) {
    if (existing === undefined) return fail(s, notFound(`no exchange '${name}' in vhost '${s.vhost}'`), opts?.channel, ev)
    return { ok: true, exchange: name, created: false, events: ev ?? NO_EVENTS }
  }
  if (name === '') return fail(s, accessRefused(`operation not permitted on the default exchange`), opts?.channel, ev)
  if (name.startsWith('amq.')) return fail(s, accessRefused(`exchange name '${name}' contains reserved prefix 'amq.*'`), opts?.channel, ev)
  const type = spec.type ?? 'direct'
  const durable = spec.durable ?? true
  const autoDelete = spec.autoDelete ?? false
  const internal = spec.internal ?? false
  const args = spec.arguments ?? EMPTY_TABLE
  if (!s.rules.builtinExchangeTypes.has(type) && !type.startsWith('x-')) {
    return fail(s, commandInvalid(`unknown exchange type '${type}'`), opts?.channel, ev)
  }
  if (existing !== undefined) {
    // rabbit_exchange:assert_equivalence: type, durable, auto_delete, internal, then alternate-exchange.
    const rn = resourceName('exchange', name, s.vhost)
    const err =
      fieldEquivalenceError('type', rn, type, existing.type) ??
      fieldEquivalenceError('durable', rn, durable, existing.durable) ??
      fieldEquivalenceError('auto_delete', rn, autoDelete, existing.autoDelete) ??
      fieldEquivalenceError('internal', rn, internal, existing.internal) ??
      argsEquivalenceError(existing.arguments, args, rn, ['alternate-exchange'])
    if (err !== undefined) return fail(s, preconditionFailed(err), opts?.channel, ev)
    ev?.push({ kind: 'exchange-declared', exchange: name, created: false })
    return { ok: true, exchange: name, created: false, events: ev ?? NO_EVENTS }
  }
  s.exchanges.set(name, { vhost: s.vhost, name, type, durable, autoDelete, internal, arguments: args })
  s.invalidate()
  ev?.push({ kind: 'exchange-declared', exchange: name, created: true })
  return { ok: true, exchange: name, created: true, events: ev ?? NO_EVENTS }
}

/** exchange.delete: also removes the bindings from and to it. Deleting a missing exchange is ok. */
export function deleteExchange(s: SimState, name: string, opts?: TopologyCallOptions & { readonly ifUnused?: boolean }): Outcome {
  const ev = s.ev()
  if (name === '') return fail(s, accessRefused(`operation not permitted on the default exchange`), opts?.channel, ev)
  if (isPredeclaredExchange(name) || name.startsWith('amq.')) {
    return fail(s, accessRefused(`deletion of system exchange '${name}' in vhost '${s.vhost}' not allowed`), opts?.channel, ev)
  }
  if (!s.exchanges.has(name)) return { ok: true, events: ev ?? NO_EVENTS }
  if (opts?.ifUnused === true && s.bindings.some((b) => b.source === name)) {
    return fail(s, preconditionFailed(`${resourceName('exchange', name, s.vhost)} in use`), opts.channel, ev)
  }
  removeExchange(s, name, 'deleted', ev)
  return { ok: true, events: ev ?? NO_EVENTS }
}

/** queue.declare (403 amq.*, 406 invalid or inequivalent arguments, 405 exclusive mismatch). */
export function declareQueue(s: SimState, spec: QueueSpec, opts?: TopologyCallOptions): Outcome<{ readonly queue: string; readonly created: boolean; readonly messageCount: number; readonly consumerCount: number }> {
  const ev = s.ev()
  let name = spec.name.replace(/[\r\n]/g, '')
  const existing = name === '' ? undefined : s.queues.get(name)
  if (spec.passive === true) {
    if (existing === undefined) return fail(s, notFound(`no queue '${name}' in vhost '${s.vhost}'`), opts?.channel, ev)
    // A passive declare asks the queue for its stats, which restarts its x-expires timer (handle_call(stat)).
    existing.lastUsed = s.now
    // rabbit_channel: stat, then check_exclusive_access (lax): another connection's exclusive queue is 405.
    const locked = exclusiveAccessError(s, existing, opts?.channel, opts?.connection)
    if (locked !== undefined) return fail(s, locked, opts?.channel, ev)
    return { ok: true, queue: name, created: false, messageCount: s.messageCount(existing), consumerCount: consumerCount(s, existing), events: ev ?? NO_EVENTS }
  }
  if (name.startsWith('amq.')) return fail(s, accessRefused(`queue name '${name}' contains reserved prefix 'amq.*'`), opts?.channel, ev)
  const durable = spec.durable ?? true
  const autoDelete = spec.autoDelete ?? false
  const exclusive = spec.exclusive ?? false
  const args = spec.arguments ?? EMPTY_TABLE
  if (existing !== undefined) {
    const rn = resourceName('queue', name, s.vhost)
    // rabbit_amqqueue:assert_equivalence: check_exclusive_access(Q, Owner, strict) first, where Owner is this
    // connection for an exclusive declare and none otherwise: it must be the queue's owner exactly.
    const caller = s.callerConnection(opts?.channel, opts?.connection)
    if (existing.owner !== (exclusive ? caller : undefined) || existing.def.exclusive !== exclusive) {
      return fail(s, exclusiveLocked(name, s.vhost), opts?.channel, ev)
    }
    const current = new Map(existing.def.arguments)
    if (!current.has('x-queue-type')) current.set('x-queue-type', { type: 'longstr', value: existing.def.type })
    const requested = new Map(args)
    if (!requested.has('x-queue-type') && existing.def.type === 'classic') requested.set('x-queue-type', { type: 'longstr', value: 'classic' })
    const err =
      fieldEquivalenceError('durable', rn, durable, existing.def.durable) ??
      fieldEquivalenceError('auto_delete', rn, autoDelete, existing.def.autoDelete) ??
      argsEquivalenceError(current, requested, rn, queueArgsOf(existing.def.type))
    if (err !== undefined) return fail(s, preconditionFailed(err), opts?.channel, ev)
    existing.lastUsed = s.now
    ev?.push({ kind: 'queue-declared', queue: name, created: false })
    return { ok: true, queue: name, created: false, messageCount: s.messageCount(existing), consumerCount: consumerCount(s, existing), events: ev ?? NO_EVENTS }
  }
  if (s.rules.transientNonExclusiveQueuesDenied && !durable && !exclusive) {
    // 4.3: deprecated feature denied by default (rabbit_deprecated_features; a connection error, 541).
    return fail(s, internalError('Feature `transient_nonexcl_queues` is deprecated. By default, this feature is not permitted anymore. Its use is not permitted per the configuration (relying on the default).'), opts?.channel, ev)
  }
  if (name === '') name = generatedQueueName(s)
  const bad = validateQueueArgs(args)
  if (bad !== undefined) {
    return fail(s, preconditionFailed(`invalid arg '${bad.key}' for ${resourceName('queue', name, s.vhost)}: ${bad.error}`), opts?.channel, ev)
  }
  const typeArg = args.get('x-queue-type')
  const type = typeArg?.type === 'longstr' ? typeArg.value : 'classic'
  const rn = resourceName('queue', name, s.vhost)
  // rabbit_amqqueue:check_declare_arguments (arguments of another type), then the type's own checks
  // (rabbit_queue_type_util: check_auto_delete, check_exclusive, check_non_durable), in that order.
  const foreign = argUnknownToType(type, args)
  if (foreign !== undefined) return fail(s, preconditionFailed(`invalid arg '${foreign}' for ${rn} of queue type ${queueTypeModule(type)}`), opts?.channel, ev)
  if (type === 'quorum' || type === 'stream') {
    const property = autoDelete ? 'auto-delete' : exclusive ? 'exclusive-owner' : !durable ? 'non-durable' : undefined
    if (property !== undefined) return fail(s, preconditionFailed(`invalid property '${property}' for ${rn}`), opts?.channel, ev)
  }
  const def: Queue = { vhost: s.vhost, name, type, durable, exclusive, autoDelete, arguments: args }
  const owner = exclusive ? s.connection(s.channels.get(opts?.channel ?? '')?.connection.name ?? opts?.connection ?? DEFAULT_CONNECTION, ev) : undefined
  s.queues.set(name, s.newQueueState(def, owner))
  s.invalidate()
  ev?.push({ kind: 'queue-declared', queue: name, created: true })
  return { ok: true, queue: name, created: true, messageCount: 0, consumerCount: 0, events: ev ?? NO_EVENTS }
}

/** queue.delete: messages are discarded (never dead-lettered); its consumers get a broker cancel. */
export function deleteQueue(s: SimState, name: string, opts?: TopologyCallOptions & { readonly ifUnused?: boolean; readonly ifEmpty?: boolean }): Outcome<{ readonly messageCount: number }> {
  const ev = s.ev()
  const q = s.queues.get(name)
  if (q === undefined) return { ok: true, messageCount: 0, events: ev ?? NO_EVENTS }
  const locked = exclusiveAccessError(s, q, opts?.channel, opts?.connection)
  if (locked !== undefined) return fail(s, locked, opts?.channel, ev)
  const rn = resourceName('queue', name, s.vhost)
  if (opts?.ifUnused === true && q.consumers.length > 0) return fail(s, preconditionFailed(`${rn} in use`), opts.channel, ev)
  if (opts?.ifEmpty === true && s.messageCount(q) > 0) return fail(s, preconditionFailed(`${rn} not empty`), opts.channel, ev)
  const messageCount = s.messageCount(q)
  removeQueue(s, q, 'deleted', ev)
  return { ok: true, messageCount, events: ev ?? NO_EVENTS }
}

/** queue.bind / exchange.bind (403 default exchange, 404 missing source or destination). Idempotent. */
export function bind(s: SimState, spec: BindingSpec, opts?: TopologyCallOptions): Outcome {
  const ev = s.ev()
  const checked = checkBinding(s, spec)
  if ('error' in checked) return fail(s, checked.error, opts?.channel, ev)
  const b = checked.binding
  const source = s.exchange(b.source) as Exchange
  const problem = exchangeTypeFor(source.type).validateBinding(b, s.rules)
  if (problem !== null) {
    const text = problem.message.replace(/^[A-Z_]+ - /, '')
    return fail(s, problem.code === 403 ? accessRefused(text) : preconditionFailed(text), opts?.channel, ev)
  }
  const locked = bindingLocked(s, b, opts)
  if (locked !== undefined) return fail(s, locked, opts?.channel, ev)
  const key = bindingKey(b)
  const exists = s.bindings.some((x) => bindingKey(x) === key)
  if (!exists) {
    s.bindings.push(b)
    s.invalidate()
  }
  ev?.push({ kind: 'bound', binding: b, created: !exists })
  return { ok: true, events: ev ?? NO_EVENTS }
}

/** queue.unbind / exchange.unbind. Removing a binding that does not exist is ok. */
export function unbind(s: SimState, spec: BindingSpec, opts?: TopologyCallOptions): Outcome {
  const ev = s.ev()
  const checked = checkBinding(s, spec)
  if ('error' in checked) return fail(s, checked.error, opts?.channel, ev)
  const locked = bindingLocked(s, checked.binding, opts)
  if (locked !== undefined) return fail(s, locked, opts?.channel, ev)
  const key = bindingKey(checked.binding)
  const i = s.bindings.findIndex((x) => bindingKey(x) === key)
  if (i >= 0) {
    const [removed] = s.bindings.splice(i, 1)
    s.invalidate()
    ev?.push({ kind: 'unbound', binding: removed as Binding, existed: true })
    maybeAutoDeleteExchange(s, checked.binding.source, ev)
  } else {
    ev?.push({ kind: 'unbound', binding: checked.binding, existed: false })
  }
  return { ok: true, events: ev ?? NO_EVENTS }
}

/** queue.purge: removes the ready messages (unacked ones stay). */
export function purge(s: SimState, queue: string, opts?: TopologyCallOptions): Outcome<{ readonly messageCount: number }> {
  const ev = s.ev()
  const q = s.queues.get(queue)
  if (q === undefined) return fail(s, notFound(`no queue '${queue}' in vhost '${s.vhost}'`), opts?.channel, ev)
  const locked = exclusiveAccessError(s, q, opts?.channel, opts?.connection)
  if (locked !== undefined) return fail(s, locked, opts?.channel, ev)
  // rabbit_stream_queue:purge -> {error, not_supported}; the channel answers with a 540 NOT_IMPLEMENTED.
  if (q.behaviour.kind === 'stream') return fail(s, notImplemented(`queue.purge not supported by stream queues ${resourceName('queue', queue, s.vhost)}`), opts?.channel, ev)
  const messageCount = q.ready.length
  q.ready.clear()
  q.readyBytes = 0
  ev?.push({ kind: 'queue-purged', queue, messages: messageCount })
  return { ok: true, messageCount, events: ev ?? NO_EVENTS }
}

/** rabbit_channel:binding_action checks exclusive access to a queue destination (after the exchange type's checks). */
function bindingLocked(s: SimState, b: Binding, opts: TopologyCallOptions | undefined): BrokerError | undefined {
  const q = b.destinationType === 'queue' ? s.queues.get(b.destination) : undefined
  return q === undefined ? undefined : exclusiveAccessError(s, q, opts?.channel, opts?.connection)
}

export function checkBinding(s: SimState, spec: BindingSpec): { readonly binding: Binding } | { readonly error: BrokerError } {
  const destinationType = spec.destinationType ?? 'queue'
  // rabbit_channel:binding_action: check_not_default_exchange on the source (and an exchange destination).
  if (spec.source === '' || (destinationType === 'exchange' && spec.destination === '')) {
    return { error: accessRefused(`operation not permitted on the default exchange`) }
  }
  if (s.exchange(spec.source) === undefined) return { error: notFound(`no exchange '${spec.source}' in vhost '${s.vhost}'`) }
  const destExists = destinationType === 'queue' ? s.queues.has(spec.destination) : s.exchange(spec.destination) !== undefined
  if (!destExists) return { error: notFound(`no ${destinationType} '${spec.destination}' in vhost '${s.vhost}'`) }
  return {
    binding: {
      vhost: s.vhost, source: spec.source, destination: spec.destination, destinationType,
      routingKey: spec.routingKey ?? '', arguments: spec.arguments ?? EMPTY_TABLE,
    },
  }
}

export function generatedQueueName(s: SimState): string {
  let name: string
  do name = `amq.gen-${(++s.gen).toString(36).padStart(6, '0')}`
  while (s.queues.has(name))
  return name
}
