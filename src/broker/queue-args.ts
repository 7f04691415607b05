import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import type { EffectiveQueueArgs as CoreEffectiveQueueArgs } from '../core/policies.js'
import type { EffectiveQueueArgs } from './types.js'

/** rabbit_misc:check_expiry: the largest TTL/expiry RabbitMQ accepts (10 years, ms). */
export const MAX_EXPIRY_MS = 315_360_000_000

const INTEGER_TYPES: ReadonlySet<string> = new Set(['byte', 'short', 'signedint', 'long', 'unsignedbyte', 'unsignedshort', 'unsignedint'])
const OVERFLOW_MODES: ReadonlySet<string> = new Set(['drop-head', 'reject-publish', 'reject-publish-dlx'])

/**
 * The queue arguments a classic queue compares on redeclare and validates on declare
 * (rabbit_amqqueue:declare_args/0). Unknown arguments are accepted silently, as RabbitMQ does.
 */
export const CLASSIC_QUEUE_ARGS: readonly string[] = [
  'x-expires', 'x-message-ttl', 'x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-max-length',
  'x-max-length-bytes', 'x-max-priority', 'x-overflow', 'x-queue-mode', 'x-single-active-consumer', 'x-queue-type',
  'x-queue-master-locator', 'x-queue-version',
]

/** Quorum queue arguments (rabbit_quorum_queue:capabilities/0 queue_arguments). */
export const QUORUM_QUEUE_ARGS: readonly string[] = [
  'x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-dead-letter-strategy', 'x-expires', 'x-max-length',
  'x-max-length-bytes', 'x-max-in-memory-length', 'x-max-in-memory-bytes', 'x-overflow', 'x-single-active-consumer',
  'x-queue-type', 'x-quorum-initial-group-size', 'x-delivery-limit', 'x-message-ttl', 'x-queue-leader-locator',
]

/** Stream arguments (rabbit_stream_queue:capabilities/0 queue_arguments). */
export const STREAM_QUEUE_ARGS: readonly string[] = [
  'x-max-length-bytes', 'x-queue-type', 'x-max-age', 'x-stream-max-segment-size-bytes', 'x-stream-filter-size-bytes',
  'x-initial-cluster-size', 'x-queue-leader-locator',
]

/** The queue arguments of a queue type (what it validates and compares on redeclare). */
export function queueArgsOf(type: string): readonly string[] {
  return type === 'quorum' ? QUORUM_QUEUE_ARGS : type === 'stream' ? STREAM_QUEUE_ARGS : CLASSIC_QUEUE_ARGS
}

/** The module name RabbitMQ prints for a queue type ("... of queue type rabbit_quorum_queue"). */
export function queueTypeModule(type: string): string {
  return type === 'quorum' ? 'rabbit_quorum_queue' : type === 'stream' ? 'rabbit_stream_queue' : 'rabbit_classic_queue'
}

const ALL_TYPE_ARGS: ReadonlySet<string> = new Set([...CLASSIC_QUEUE_ARGS, 'x-queue-leader-locator', ...QUORUM_QUEUE_ARGS, ...STREAM_QUEUE_ARGS])

/**
 * rabbit_amqqueue:check_arguments_key: an argument that another queue type knows but this one does not is refused
 * (`invalid arg 'x-max-priority' for queue 'q' in vhost '/' of queue type rabbit_quorum_queue`). Arguments no type
 * knows are accepted silently, and so are those of queue types the simulation does not know. Classic queues accept
 * x-queue-leader-locator (listed by classic queues in 4.x, not in 3.10: not worth a version rule). Returns the first
 * such key.
 */
export function argUnknownToType(type: string, args: AmqpTable): string | undefined {
  if (type !== 'quorum' && type !== 'stream' && type !== 'classic') return undefined
  const own = new Set(queueArgsOf(type))
  if (type === 'classic') own.add('x-queue-leader-locator')
  for (const key of args.keys()) if (ALL_TYPE_ARGS.has(key) && !own.has(key)) return key
  return undefined
}

/** Consumer arguments per queue type (capabilities/0 consumer_arguments, 3.10 and 4.x lists merged). */
const CONSUMER_ARGS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['classic', new Set(['x-priority', 'x-cancel-on-ha-failover'])],
  ['quorum', new Set(['x-priority', 'x-consumer-timeout'])],
  ['stream', new Set(['x-stream-offset', 'x-stream-filter', 'x-stream-match-unfiltered', 'x-credit'])],
])
const ALL_CONSUMER_ARGS: ReadonlySet<string> = new Set([...CONSUMER_ARGS.values()].flatMap((s) => [...s]))

/**
 * rabbit_amqqueue:check_consume_arguments: a consumer argument that only another queue type knows is refused
 * (`invalid arg 'x-stream-offset' for queue 'q' in vhost '/' of queue type rabbit_classic_queue`). Returns the key.
 */
export function consumerArgUnknownToType(type: string, keys: Iterable<string>): string | undefined {
  const own = CONSUMER_ARGS.get(type)
  if (own === undefined) return undefined
  for (const key of keys) if (ALL_CONSUMER_ARGS.has(key) && !own.has(key)) return key
  return undefined
}

/** An Erlang-term-like rendering of the validation error, as `~p` prints it in RabbitMQ's message. */
type ArgError = string

function intArg(v: AmqpValue): number | ArgError {
  if (!INTEGER_TYPES.has(v.type)) return `"expected integer, got ${v.type}"`
  return (v as { value: number }).value
}

function checkExpiry(n: number): ArgError | undefined {
  if (n < 0) return `{value_negative,${n}}`
  if (n > MAX_EXPIRY_MS) return `{value_too_large,${n},${MAX_EXPIRY_MS}}`
  return undefined
}

/** Validates one argument; undefined when valid (rabbit_amqqueue:check_*_arg). */
function checkArg(key: string, v: AmqpValue, args: AmqpTable): ArgError | undefined {
  switch (key) {
    case 'x-expires': {
      const n = intArg(v)
      if (typeof n === 'string') return n
      if (n === 0) return `{value_zero,0}`
      return checkExpiry(n)
    }
    case 'x-message-ttl': {
      const n = intArg(v)
      return typeof n === 'string' ? n : checkExpiry(n)
    }
    case 'x-max-length': case 'x-max-length-bytes': {
      const n = intArg(v)
      if (typeof n === 'string') return n
      return n < 0 ? `{value_negative,${n}}` : undefined
    }
    case 'x-max-priority': {
      const n = intArg(v)
      if (typeof n === 'string') return n
      if (n < 0) return `{value_negative,${n}}`
      return n > 255 ? `{value_too_big,${n}}` : undefined
    }
    case 'x-dead-letter-exchange':
      return v.type === 'longstr' ? undefined : `{unacceptable_type,${v.type}}`
    case 'x-dead-letter-routing-key':
      if (v.type !== 'longstr') return `{unacceptable_type,${v.type}}`
      return args.has('x-dead-letter-exchange') ? undefined : 'routing_key_but_no_dlx_defined'
    case 'x-overflow':
      if (v.type !== 'longstr') return `{unacceptable_type,${v.type}}`
      return OVERFLOW_MODES.has(v.value) ? undefined : 'invalid_overflow'
    case 'x-single-active-consumer':
      return v.type === 'bool' ? undefined : `{unacceptable_type,${v.type}}`
    case 'x-delivery-limit': {
      const n = intArg(v)
      return typeof n === 'string' ? n : undefined
    }
    case 'x-dead-letter-strategy':
      if (v.type !== 'longstr') return `{unacceptable_type,${v.type}}`
      return v.value === 'at-most-once' || v.value === 'at-least-once' ? undefined : `invalid_dead_letter_strategy`
    default:
      return undefined
  }
}

/** The first invalid argument as `{ key, error }`, or undefined. */
export function validateQueueArgs(args: AmqpTable): { readonly key: string; readonly error: string } | undefined {
  for (const [key, v] of args) {
    const error = checkArg(key, v, args)
    if (error !== undefined) return { key, error }
  }
  return undefined
}

/**
 * Flattens the core's effective settings (argument/policy precedence, rabbit_amqqueue_process:process_args_policy,
 * computed by core/policies.ts) into what the broker acts on.
 */
export function brokerQueueArgs(
  eff: CoreEffectiveQueueArgs, policyName: string | undefined,
  quorum?: { readonly defaultDeliveryLimit: number | null; readonly args: AmqpTable; readonly policyStrategy?: string },
): EffectiveQueueArgs {
  let overflow = eff.overflow?.value
  // Quorum queues accept reject-publish-dlx at declare but run it as drop-head (rabbit_quorum_queue, 3.10 observed).
  if (quorum !== undefined && overflow === 'reject-publish-dlx') overflow = 'drop-head'
  const result: { -readonly [K in keyof EffectiveQueueArgs]: EffectiveQueueArgs[K] } = {
    overflow: overflow === 'reject-publish' || overflow === 'reject-publish-dlx' ? overflow : 'drop-head',
  }
  if (quorum !== undefined) {
    // rabbit_quorum_queue: the limit from argument/policy, else ?DEFAULT_DELIVERY_LIMIT (4.0+); negative = none.
    const limit = eff.deliveryLimit?.value ?? quorum.defaultDeliveryLimit ?? undefined
    if (limit !== undefined && Number.isFinite(limit) && limit >= 0) result.deliveryLimit = Math.floor(limit)
    const s = quorum.args.get('x-dead-letter-strategy')
    const wanted = s?.type === 'longstr' ? s.value : quorum.policyStrategy
    // rabbit_quorum_queue:dlh/5: at-least-once needs overflow reject-publish, else it falls back to at-most-once.
    result.deadLetterStrategy = wanted === 'at-least-once' && result.overflow === 'reject-publish' ? 'at-least-once' : 'at-most-once'
  }
  const nonNeg = (v: number | undefined): number | undefined => (v !== undefined && Number.isFinite(v) && v >= 0 ? v : undefined)
  const ttl = nonNeg(eff.messageTtl?.value)
  const expires = nonNeg(eff.expires?.value)
  const maxLength = nonNeg(eff.maxLength?.value)
  const maxLengthBytes = nonNeg(eff.maxLengthBytes?.value)
  if (ttl !== undefined) result.messageTtl = ttl
  if (expires !== undefined && expires > 0) result.expires = expires
  if (maxLength !== undefined) result.maxLength = Math.floor(maxLength)
  if (maxLengthBytes !== undefined) result.maxLengthBytes = Math.floor(maxLengthBytes)
  if (eff.deadLetterExchange !== undefined) result.deadLetterExchange = eff.deadLetterExchange.value
  if (eff.deadLetterRoutingKey !== undefined) result.deadLetterRoutingKey = eff.deadLetterRoutingKey.value
  if (policyName !== undefined) result.policy = policyName
  return result
}
