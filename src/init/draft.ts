import { EMPTY_TABLE, str, type AmqpTable, type AmqpValue } from '../core/amqp-value.js'
import type { Binding, DestinationType, Exchange, Queue, Topology } from '../core/model.js'
import { isPredeclaredExchange, PREDECLARED_EXCHANGES } from '../core/predeclared.js'
import { nameProblem, SHORTSTR_MAX, utf8Bytes } from './names.js'

/**
 * The topology being built by `rmq-sim init` (wizard or flags), before it becomes a model: only what init asks
 * for, in the order it was entered, each entity with an optional comment for the file. Immutable: every change
 * returns a new draft, or a message saying why RabbitMQ would refuse it.
 */

/** The exchange types the wizard offers (built into every RabbitMQ; rabbit_exchange_type_*.erl). */
export const WIZARD_EXCHANGE_TYPES = ['direct', 'fanout', 'topic', 'headers'] as const

/** The queue types a topology declares through x-queue-type. */
export const QUEUE_TYPES = ['classic', 'quorum', 'stream'] as const
export type DraftQueueType = (typeof QUEUE_TYPES)[number]

export interface DraftExchange {
  readonly name: string
  /** direct | fanout | topic | headers, or a plugin type (x-...) from flags */
  readonly type: string
  /** A comment written above the entity. Default: none */
  readonly comment?: string
  /** Created by init as a queue's dead-letter exchange (its bindings are listed last in the file). Default: none */
  readonly role?: 'dead-letter'
}

export interface DraftQueue {
  readonly name: string
  readonly type: DraftQueueType
  /** x-dead-letter-exchange. Default: no dead-lettering */
  readonly deadLetterExchange?: string
  /** x-dead-letter-routing-key (only with a dead-letter exchange). Default: the message's own key */
  readonly deadLetterRoutingKey?: string
  readonly comment?: string
}

export interface DraftBinding {
  readonly source: string
  readonly destination: string
  readonly destinationType: DestinationType
  readonly routingKey: string
  /** Header values for a headers exchange (x-match included). */
  readonly arguments: AmqpTable
  readonly comment?: string
}

export interface Draft {
  /** The `rabbitmq:` version written to the file. Default: none (the default version's rules apply) */
  readonly rabbitmq?: string
  readonly exchanges: readonly DraftExchange[]
  readonly queues: readonly DraftQueue[]
  readonly bindings: readonly DraftBinding[]
}

export type DraftResult = { readonly ok: true; readonly draft: Draft } | { readonly ok: false; readonly message: string }

export const EMPTY_DRAFT: Draft = { exchanges: [], queues: [], bindings: [] }

const ok = (draft: Draft): DraftResult => ({ ok: true, draft })
const fail = (message: string): DraftResult => ({ ok: false, message })

export const exchangeNames = (d: Draft): ReadonlySet<string> => new Set(d.exchanges.map((x) => x.name))
export const queueNames = (d: Draft): ReadonlySet<string> => new Set(d.queues.map((q) => q.name))

/** The type of an exchange a binding may start from: declared in the draft, or predeclared (amq.*). */
export function exchangeType(d: Draft, name: string): string | undefined {
  return d.exchanges.find((x) => x.name === name)?.type ?? PREDECLARED_EXCHANGES.find((x) => x.name === name)?.type
}

/** Exchange types RabbitMQ knows without a plugin, or a plugin type; anything else is refused at declare. */
export function exchangeTypeProblem(type: string): string | undefined {
  if ((WIZARD_EXCHANGE_TYPES as readonly string[]).includes(type) || /^x-[\w.-]+$/.test(type)) return undefined
  return `unknown exchange type '${type}': use direct, fanout, topic or headers (or a plugin type such as x-consistent-hash)`
}

export function addExchange(d: Draft, name: string, type: string, comment?: string): DraftResult {
  const problem = nameProblem('exchange', name, { taken: exchangeNames(d) }) ?? exchangeTypeProblem(type)
  if (problem) return fail(problem)
  return ok({ ...d, exchanges: [...d.exchanges, { name, type, ...(comment ? { comment } : {}) }] })
}

export interface QueueDeadLettering {
  readonly exchange: string
  readonly routingKey?: string
}

export function addQueue(d: Draft, name: string, type: DraftQueueType, deadLettering?: QueueDeadLettering, comment?: string): DraftResult {
  const problem = nameProblem('queue', name, { taken: queueNames(d), queueType: type })
  if (problem) return fail(problem)
  let queue: DraftQueue = { name, type, ...(comment ? { comment } : {}) }
  if (deadLettering) {
    const r = deadLetteringProblem(d, queue, deadLettering)
    if (r) return fail(r)
    queue = withDeadLettering(queue, deadLettering)
  }
  return ok({ ...d, queues: [...d.queues, queue] })
}

function withDeadLettering(q: DraftQueue, dl: QueueDeadLettering): DraftQueue {
  return { ...q, deadLetterExchange: dl.exchange, ...(dl.routingKey !== undefined && dl.routingKey !== '' ? { deadLetterRoutingKey: dl.routingKey } : {}) }
}

function deadLetteringProblem(d: Draft, q: DraftQueue, dl: QueueDeadLettering): string | undefined {
  // rabbit_stream_queue:capabilities/0 does not list x-dead-letter-exchange: a stream refuses it (406)
  if (q.type === 'stream') return 'streams do not dead-letter (nothing is ever removed from a stream): x-dead-letter-exchange is refused'
  if (dl.exchange === '') return undefined // the default exchange: dead letters go to the queue named by the routing key
  if (!exchangeNames(d).has(dl.exchange) && !isPredeclaredExchange(dl.exchange)) return `no exchange named '${dl.exchange}' to dead-letter to`
  if (dl.routingKey !== undefined && utf8Bytes(dl.routingKey) > SHORTSTR_MAX) return `routing keys are at most ${SHORTSTR_MAX} bytes`
  return undefined
}

/** Names of the dead-letter exchange and queue `--dlx` and the wizard create for a queue. */
export function deadLetterNames(queue: string): { readonly exchange: string; readonly queue: string } {
  return { exchange: `${queue}.dlx`, queue: `${queue}.dlq` }
}

/**
 * Gives a queue its own dead-letter exchange and queue: `<queue>.dlx` (fanout, so every dead letter is routed
 * whatever its routing key) bound to `<queue>.dlq`, and x-dead-letter-exchange on the queue. The dead-letter
 * queue is a quorum queue when the queue is one (so dead letters are as safe as the messages were), else classic.
 */
export function addDeadLetterPair(d: Draft, queueName: string): DraftResult {
  const index = d.queues.findIndex((q) => q.name === queueName)
  const queue = d.queues[index]
  if (queue === undefined) return fail(`no queue named '${queueName}'`)
  if (queue.type === 'stream') return fail(`'${queueName}' is a stream: streams do not dead-letter`)
  const names = deadLetterNames(queueName)
  const dlqType: DraftQueueType = queue.type === 'quorum' ? 'quorum' : 'classic'
  const withExchange = addExchange(d, names.exchange, 'fanout', `dead letters of ${queueName} (fanout: any routing key)`)
  if (!withExchange.ok) return fail(`cannot add the dead-letter exchange of '${queueName}': ${withExchange.message}`)
  const withQueue = addQueue(withExchange.draft, names.queue, dlqType, undefined, `messages ${queueName} rejected, expired or dropped`)
  if (!withQueue.ok) return fail(`cannot add the dead-letter queue of '${queueName}': ${withQueue.message}`)
  const queues = withQueue.draft.queues.map((q) => (q.name === queueName ? withDeadLettering(q, { exchange: names.exchange }) : q))
  const exchanges = withQueue.draft.exchanges.map((x) => (x.name === names.exchange ? { ...x, role: 'dead-letter' as const } : x))
  return addBinding({ ...withQueue.draft, exchanges, queues }, { source: names.exchange, destination: names.queue, destinationType: 'queue', routingKey: '', arguments: EMPTY_TABLE })
}

/** Structural checks RabbitMQ makes on queue.bind / exchange.bind (rabbit_binding, rabbit_channel). */
export function addBinding(d: Draft, b: DraftBinding): DraftResult {
  if (b.source === '') return fail('the default exchange "" cannot be bound to or from (403 ACCESS_REFUSED): it routes by queue name on its own')
  if (exchangeType(d, b.source) === undefined) return fail(`no exchange named '${b.source}'`)
  if (b.destinationType === 'queue' && !queueNames(d).has(b.destination)) return fail(`no queue named '${b.destination}'`)
  if (b.destinationType === 'exchange') {
    if (b.destination === '') return fail('the default exchange "" cannot be bound to or from (403 ACCESS_REFUSED)')
    if (exchangeType(d, b.destination) === undefined) return fail(`no exchange named '${b.destination}'`)
  }
  if (utf8Bytes(b.routingKey) > SHORTSTR_MAX) return fail(`routing keys are at most ${SHORTSTR_MAX} bytes of UTF-8 (this one is ${utf8Bytes(b.routingKey)})`)
  for (const k of b.arguments.keys()) if (utf8Bytes(k) > SHORTSTR_MAX) return fail(`header names are at most ${SHORTSTR_MAX} bytes`)
  if (d.bindings.some((x) => sameBinding(x, b))) return fail('this binding exists already (RabbitMQ keeps one copy of a binding)')
  return ok({ ...d, bindings: [...d.bindings, b] })
}

/** Same source, destination, key and arguments (argument order and types included): RabbitMQ stores one. */
function sameBinding(a: DraftBinding, b: DraftBinding): boolean {
  if (a.source !== b.source || a.destination !== b.destination || a.destinationType !== b.destinationType || a.routingKey !== b.routingKey) return false
  if (a.arguments.size !== b.arguments.size) return false
  for (const [k, v] of a.arguments) if (JSON.stringify(b.arguments.get(k)) !== JSON.stringify(v)) return false
  return true
}

const VHOST = '/'

/** The draft in the order the file lists it: bindings from dead-letter exchanges init created come last. */
export function orderForFile(d: Draft): Draft {
  const deadLetter = new Set(d.exchanges.filter((x) => x.role === 'dead-letter').map((x) => x.name))
  const isDl = (b: DraftBinding) => deadLetter.has(b.source)
  return { ...d, bindings: [...d.bindings.filter((b) => !isDl(b)), ...d.bindings.filter(isDl)] }
}

/** The model of a draft: one vhost "/", entities in the order entered, queue type and dead-lettering as arguments. */
export function draftToTopology(d: Draft): Topology {
  const exchanges = new Map<string, Exchange>()
  for (const x of d.exchanges) exchanges.set(x.name, { vhost: VHOST, name: x.name, type: x.type, durable: true, autoDelete: false, internal: false, arguments: EMPTY_TABLE })
  const queues = new Map<string, Queue>()
  for (const q of d.queues) {
    const args = new Map<string, AmqpValue>()
    if (q.type !== 'classic') args.set('x-queue-type', str(q.type))
    if (q.deadLetterExchange !== undefined) args.set('x-dead-letter-exchange', str(q.deadLetterExchange))
    if (q.deadLetterRoutingKey !== undefined) args.set('x-dead-letter-routing-key', str(q.deadLetterRoutingKey))
    queues.set(q.name, { vhost: VHOST, name: q.name, type: q.type, durable: true, exclusive: false, autoDelete: false, arguments: args.size ? args : EMPTY_TABLE })
  }
  const bindings: Binding[] = d.bindings.map((b) => ({ vhost: VHOST, source: b.source, destination: b.destination, destinationType: b.destinationType, routingKey: b.routingKey, arguments: b.arguments }))
  return {
    ...(d.rabbitmq !== undefined ? { rabbitmqVersion: d.rabbitmq } : {}),
    vhosts: new Map([[VHOST, { name: VHOST, exchanges, queues, bindings, policies: [] }]]),
  }
}
