import type { AmqpValue } from '../../core/amqp-value.js'
import type { Queue } from '../../core/model.js'
import type { VhostContext } from '../context.js'
import { argPath } from '../context.js'
import type { Report } from '../types.js'
import { didYouMean, q } from '../did-you-mean.js'

/** queue_arguments of each type's capabilities/0 (rabbit_classic_queue, rabbit_quorum_queue, rabbit_stream_queue). */
export const QUEUE_TYPE_ARGUMENTS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['classic', new Set(['x-expires', 'x-message-ttl', 'x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-max-length',
    'x-max-length-bytes', 'x-max-priority', 'x-overflow', 'x-queue-mode', 'x-queue-version', 'x-single-active-consumer',
    'x-queue-type', 'x-queue-master-locator', 'x-queue-leader-locator'])],
  ['quorum', new Set(['x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-dead-letter-strategy', 'x-expires',
    'x-max-length', 'x-max-length-bytes', 'x-max-in-memory-length', 'x-max-in-memory-bytes', 'x-overflow',
    'x-single-active-consumer', 'x-queue-type', 'x-quorum-initial-group-size', 'x-quorum-target-group-size',
    'x-delivery-limit', 'x-message-ttl', 'x-queue-leader-locator'])],
  ['stream', new Set(['x-max-length-bytes', 'x-queue-type', 'x-max-age', 'x-stream-max-segment-size-bytes',
    'x-initial-cluster-size', 'x-queue-leader-locator', 'x-stream-filter-size-bytes'])],
])

const ALL_KNOWN: ReadonlySet<string> = new Set([...QUEUE_TYPE_ARGUMENTS.values()].flatMap((s) => [...s]))

/** Names people use for queue arguments that RabbitMQ spells otherwise (too far apart for edit distance). */
const MISTAKEN_FOR: ReadonlyMap<string, string> = new Map([
  ['x-priority', 'x-max-priority'], // x-priority is a consumer argument (basic.consume)
  ['x-ttl', 'x-message-ttl'],
  ['x-queue-ttl', 'x-expires'],
  ['x-dlx', 'x-dead-letter-exchange'],
  ['x-dead-letter-key', 'x-dead-letter-routing-key'],
  ['x-max-size', 'x-max-length-bytes'],
])

// ?INTEGER_ARG_TYPES in rabbit_amqqueue.erl
const INTEGER_TYPES = new Set(['byte', 'short', 'signedint', 'long', 'unsignedbyte', 'unsignedshort', 'unsignedint'])
/** rabbit_misc:check_expiry: at most ten years of milliseconds. */
const MAX_EXPIRY = 315_360_000_000
const MAX_SUPPORTED_PRIORITY = 255

type Check = (v: AmqpValue) => string | undefined

const integer = (v: AmqpValue): number | string =>
  INTEGER_TYPES.has(v.type) && 'value' in v && typeof v.value === 'number' ? v.value : `expected an integer, got ${describe(v)}`
const describe = (v: AmqpValue): string => (v.type === 'longstr' ? `the string '${v.value}'` : v.type === 'void' ? 'null' : v.type === 'double' || v.type === 'float' ? `${v.type} ${v.value}` : v.type)
const range = (min: number, max: number, what: string): Check => (v) => {
  const n = integer(v)
  if (typeof n === 'string') return n
  if (n < min) return min === 1 ? `${what} must be greater than 0, got ${n}` : `${what} must not be negative, got ${n}`
  if (n > max) return `${what} must be at most ${max}, got ${n}`
  return undefined
}
const oneOf = (values: readonly string[]): Check => (v) =>
  v.type === 'longstr' && values.includes(v.value) ? undefined : `expected one of ${values.join(', ')}, got ${describe(v)}`
const anyString: Check = (v) => (v.type === 'longstr' ? undefined : `expected a string, got ${describe(v)}`)

/** The type and value checks of rabbit_amqqueue:declare_args/0. */
const VALUE_CHECKS: ReadonlyMap<string, Check> = new Map<string, Check>([
  ['x-expires', range(1, MAX_EXPIRY, 'x-expires')],
  ['x-message-ttl', range(0, MAX_EXPIRY, 'x-message-ttl')],
  ['x-dead-letter-exchange', anyString],
  ['x-dead-letter-routing-key', anyString],
  ['x-dead-letter-strategy', oneOf(['at-most-once', 'at-least-once'])],
  ['x-max-length', range(0, Number.MAX_SAFE_INTEGER, 'x-max-length')],
  ['x-max-length-bytes', range(0, Number.MAX_SAFE_INTEGER, 'x-max-length-bytes')],
  ['x-max-in-memory-length', range(0, Number.MAX_SAFE_INTEGER, 'x-max-in-memory-length')],
  ['x-max-in-memory-bytes', range(0, Number.MAX_SAFE_INTEGER, 'x-max-in-memory-bytes')],
  ['x-max-priority', range(0, MAX_SUPPORTED_PRIORITY, 'x-max-priority')],
  ['x-overflow', oneOf(['drop-head', 'reject-publish', 'reject-publish-dlx'])],
  ['x-queue-mode', oneOf(['default', 'lazy'])],
  ['x-queue-version', (v) => { const n = integer(v); return typeof n === 'string' ? n : n === 1 || n === 2 ? undefined : `unsupported queue version ${n} (1 or 2)` }],
  ['x-single-active-consumer', (v) => (v.type === 'bool' ? undefined : `expected a boolean, got ${describe(v)}`)],
  ['x-queue-type', oneOf(['classic', 'quorum', 'stream'])],
  ['x-quorum-initial-group-size', range(1, Number.MAX_SAFE_INTEGER, 'x-quorum-initial-group-size')],
  ['x-initial-cluster-size', range(1, Number.MAX_SAFE_INTEGER, 'x-initial-cluster-size')],
  ['x-max-age', (v) => (v.type === 'longstr' && /^0*[1-9][0-9]*[YMDhms]$/.test(v.value) ? undefined : `expected a duration such as '7D', '12h' or '30m' (units Y M D h m s), got ${describe(v)}`)],
  ['x-stream-max-segment-size-bytes', range(0, Number.MAX_SAFE_INTEGER, 'x-stream-max-segment-size-bytes')],
  ['x-stream-filter-size-bytes', range(0, Number.MAX_SAFE_INTEGER, 'x-stream-filter-size-bytes')],
  ['x-queue-leader-locator', oneOf(['client-local', 'balanced', 'random', 'least-leaders'])],
  ['x-delivery-limit', (v) => { const n = integer(v); return typeof n === 'string' ? n : undefined }],
])

/**
 * Queue declarations, checked as rabbit_amqqueue:check_declare_arguments/2 does: the type's own arguments get their
 * type/value checks, arguments of other types are refused (check_arguments_key, 406 "invalid arg ... of queue type"),
 * unknown ones pass silently (so they are warnings here). Plus the queue-type property rules.
 */
export function checkQueueArguments(ctx: VhostContext, report: Report): void {
  for (const queue of ctx.vhost.queues.values()) checkQueue(ctx, report, queue)
}

function checkQueue(ctx: VhostContext, report: Report, queue: Queue): void {
  const own = QUEUE_TYPE_ARGUMENTS.get(queue.type)
  const args = queue.arguments
  for (const [key, value] of args) {
    const path = argPath(queue.path, key)
    if (!ALL_KNOWN.has(key)) {
      const guess = MISTAKEN_FOR.get(key) ?? didYouMean(key, own ?? ALL_KNOWN)
      report({
        rule: 'queue/unknown-argument',
        message: `queue ${q(queue.name)}: unknown argument ${q(key)} is accepted and silently ignored by RabbitMQ${guess ? ` (did you mean '${guess}'?)` : ''}`,
        hint: guess ? `rename it to '${guess}'` : 'remove it, or check the argument name in the RabbitMQ docs',
        path,
      })
      continue
    }
    if (own && !own.has(key)) {
      report({
        rule: 'queue/arg-unsupported-for-type',
        message: `queue ${q(queue.name)}: argument ${q(key)} is not supported by ${queue.type} queues (406 invalid arg)`,
        hint: unsupportedHint(key, queue.type),
        path,
      })
      continue
    }
    if (!own && key !== 'x-queue-type') continue
    const problem = VALUE_CHECKS.get(key)?.(value)
    if (problem) {
      report({ rule: 'queue/invalid-arg-value', message: `queue ${q(queue.name)}: invalid ${key}: ${problem}`, hint: valueHint(key), path })
    }
  }
  if (args.has('x-dead-letter-routing-key') && !args.has('x-dead-letter-exchange') && (own?.has('x-dead-letter-routing-key') ?? false)) {
    report({
      rule: 'queue/dlrk-without-dlx',
      message: `queue ${q(queue.name)}: x-dead-letter-routing-key without x-dead-letter-exchange is refused (routing_key_but_no_dlx_defined)`,
      hint: "add x-dead-letter-exchange (\"\" is the default exchange, which routes the key to the queue of that name)",
      path: argPath(queue.path, 'x-dead-letter-routing-key'),
    })
  }
  const replicated = queue.type === 'quorum' || queue.type === 'stream'
  if (replicated && (!queue.durable || queue.exclusive || queue.autoDelete)) {
    const bad = [!queue.durable && 'non-durable', queue.exclusive && 'exclusive', queue.autoDelete && 'auto-delete'].filter(Boolean).join(', ')
    const field = !queue.durable ? 'durable' : queue.exclusive ? 'exclusive' : 'auto_delete'
    report({
      rule: 'qq/not-durable-exclusive-or-autodelete',
      message: `${queue.type} queue ${q(queue.name)} is ${bad}: ${queue.type} queues must be durable, non-exclusive and not auto-delete (406)`,
      hint: 'set durable: true, exclusive: false, auto_delete: false, or use a classic queue',
      path: [...(queue.path ?? []), field],
    })
  } else if (!replicated && !queue.durable && !queue.exclusive) {
    const denied = ctx.rules.transientNonExclusiveQueuesDenied
    report({
      rule: 'queue/transient-nonexclusive',
      severity: denied ? 'error' : 'info',
      message: denied
        ? `queue ${q(queue.name)} is transient (durable: false) and not exclusive: RabbitMQ ${ctx.rules.label} denies such queues by default (deprecated feature transient_nonexcl_queues)`
        : `queue ${q(queue.name)} is transient (durable: false) and not exclusive: deprecated, and denied by default from RabbitMQ 4.3`,
      hint: 'make it durable, or exclusive if it belongs to one connection',
      path: [...(queue.path ?? []), 'durable'],
    })
  }
  const overflow = args.get('x-overflow')
  if (queue.type === 'quorum' && overflow?.type === 'longstr' && overflow.value === 'reject-publish-dlx') {
    report({
      rule: 'qq/reject-publish-dlx',
      message: `quorum queue ${q(queue.name)}: overflow reject-publish-dlx is not supported by quorum queues, which drop the head instead`,
      hint: 'use reject-publish (publishers get a nack) or drop-head (dead-letters the oldest message)',
      path: argPath(queue.path, 'x-overflow'),
    })
  }
}

function unsupportedHint(key: string, type: string): string {
  if (key === 'x-max-priority' && type === 'quorum') return 'quorum queues have built-in message priorities; remove x-max-priority or use a classic queue'
  if (type === 'stream' && key.startsWith('x-dead-letter')) return 'streams never dead-letter: messages stay until retention (x-max-age, x-max-length-bytes) removes them'
  if (key === 'x-delivery-limit') return 'only quorum queues count deliveries'
  return `arguments ${type} queues accept: ${[...(QUEUE_TYPE_ARGUMENTS.get(type) ?? [])].join(', ')}`
}

function valueHint(key: string): string | undefined {
  if (key === 'x-message-ttl' || key === 'x-expires') return 'write the number of milliseconds as an integer, e.g. 60000 (not a string)'
  if (key === 'x-queue-type') return 'classic, quorum or stream'
  return undefined
}
