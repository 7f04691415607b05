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
export function brokerQueueArgs(eff: CoreEffectiveQueueArgs, policyName: string | undefined): EffectiveQueueArgs {
  const overflow = eff.overflow?.value
  const result: { -readonly [K in keyof EffectiveQueueArgs]: EffectiveQueueArgs[K] } = {
    overflow: overflow === 'reject-publish' || overflow === 'reject-publish-dlx' ? overflow : 'drop-head',
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
