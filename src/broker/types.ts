import type { AmqpTable } from '../core/amqp-value.js'
import type { Binding, QueueType, Topology } from '../core/model.js'
import type { RouteResult } from '../core/route-types.js'
import type { VersionRules } from '../core/versions.js'

/** Options of `new Broker(...)`. */
export interface BrokerOptions {
  /** The topology to start from (a copy is taken; the broker never mutates it). */
  readonly topology: Topology
  /** The vhost to simulate. It need not exist in the topology (then it starts empty). */
  readonly vhost: string
  readonly rules: VersionRules
  /** Start of the simulated clock, in ms since the epoch. Default: 0 */
  readonly now?: number
  /**
   * Collect `events` for every call. Bulk drivers (benchmarks) turn this off: calls then return an
   * empty, frozen events array and skip building event objects. Default: true
   */
  readonly recordEvents?: boolean
  /**
   * Routers already compiled (compileBrokerRouters) for exactly this topology's vhost and these rules, so that
   * many brokers started from one topology do not each compile it; dropped at the first topology change.
   * Default: compiled on first use
   */
  readonly routers?: import('./route-table.js').BrokerRouters
}

/** AMQP basic properties a publisher can set (headers travel separately, as an AmqpTable). */
export interface MessageProperties {
  readonly contentType?: string
  readonly contentEncoding?: string
  /** 1 = transient, 2 = persistent. */
  readonly deliveryMode?: 1 | 2
  readonly priority?: number
  readonly correlationId?: string
  readonly replyTo?: string
  /** Per-message TTL in ms, a string as in AMQP ("60000"). */
  readonly expiration?: string
  readonly messageId?: string
  /** Seconds since the epoch. */
  readonly timestamp?: number
  readonly type?: string
  readonly userId?: string
  readonly appId?: string
}

export type MessageBody = Uint8Array | string

/**
 * A message as a client would receive it. Immutable: a dead-lettered copy is a new object.
 * `headers` already carry `x-death`, `x-first-death-*` (and `x-last-death-*` where the version writes them);
 * BCC is never visible.
 */
export interface BrokerMessage {
  /** Broker-wide publish sequence number (1-based); a dead-lettered copy gets a new one. */
  readonly seq: number
  /** `seq` of the message this one was dead-lettered from, if any. */
  readonly deadLetteredFrom?: number
  readonly exchange: string
  readonly routingKey: string
  readonly body: MessageBody
  /** Body size in bytes (UTF-8 for string bodies): what x-max-length-bytes counts. */
  readonly bodySize: number
  readonly properties: MessageProperties
  readonly headers: AmqpTable
}

/** One delivery (basic.deliver, or basic.get-ok when `consumerTag` is undefined). */
export interface Delivery {
  readonly queue: string
  readonly channel: string
  /** Per channel, from 1; auto-ack deliveries get one too, as in AMQP. */
  readonly deliveryTag: number
  readonly consumerTag?: string
  readonly redelivered: boolean
  /** true when the delivery needs no ack (noAck consumer or get). */
  readonly autoAck: boolean
  readonly message: BrokerMessage
}

export type DeadLetterReason = 'rejected' | 'expired' | 'maxlen' | 'delivery_limit'

/** Why a message left a queue that has no dead-letter exchange (so it was dropped). */
export type DropReason = DeadLetterReason

/** A channel error (AMQP channel.close) or a refused operation. Its `message` is RabbitMQ's text. */
export interface BrokerError {
  readonly code: 403 | 404 | 405 | 406 | 503 | 504 | 530 | 540 | 541
  readonly name:
    | 'ACCESS_REFUSED' | 'NOT_FOUND' | 'RESOURCE_LOCKED' | 'PRECONDITION_FAILED'
    | 'COMMAND_INVALID' | 'CHANNEL_ERROR' | 'NOT_ALLOWED' | 'NOT_IMPLEMENTED' | 'INTERNAL_ERROR'
  /** e.g. "PRECONDITION_FAILED - unknown delivery tag 1" */
  readonly message: string
  /** The channel this error closed, when it was a channel error on an open channel. */
  readonly closedChannel?: string
}

/** Everything the broker did, in the order it happened. */
export type BrokerEvent =
  | { readonly kind: 'published'; readonly channel: string; readonly message: BrokerMessage; readonly mandatory: boolean }
  | { readonly kind: 'routed'; readonly message: BrokerMessage; readonly queues: readonly string[]; readonly route: RouteResult }
  | { readonly kind: 'unroutable'; readonly message: BrokerMessage; readonly route: RouteResult }
  /** basic.return 312 NO_ROUTE (mandatory and no queue). */
  | { readonly kind: 'returned'; readonly replyCode: 312; readonly replyText: 'NO_ROUTE'; readonly message: BrokerMessage }
  | { readonly kind: 'enqueued'; readonly queue: string; readonly message: BrokerMessage }
  /** An overflow reject-publish / reject-publish-dlx queue refused the message (the publisher gets a nack). */
  | { readonly kind: 'rejected-publish'; readonly queue: string; readonly message: BrokerMessage; readonly overflow: 'reject-publish' | 'reject-publish-dlx' }
  | { readonly kind: 'confirm'; readonly seq: number; readonly result: 'ack' | 'nack' }
  | ({ readonly kind: 'delivered' } & Delivery)
  | { readonly kind: 'acked'; readonly channel: string; readonly deliveryTag: number; readonly queue: string; readonly message: BrokerMessage }
  | { readonly kind: 'requeued'; readonly queue: string; readonly message: BrokerMessage; readonly channel: string; readonly deliveryTag: number }
  /** The message left `queue` dead: routed through `dlx` (the new copy is `message`), to `queues`. */
  | {
    readonly kind: 'dead-lettered'; readonly queue: string; readonly reason: DeadLetterReason; readonly dlx: string
    readonly routingKeys: readonly string[]; readonly route: RouteResult
    /** Queues that got the dead letter (after the cycle rule). */
    readonly queues: readonly string[]
    /** Targets dropped by the cycle rule (rabbit_dead_letter:detect_cycles). */
    readonly cycleDropped: readonly string[]
    /** The DLX does not exist: dropped silently, as RabbitMQ does. */
    readonly missingDlx: boolean
    readonly original: BrokerMessage; readonly message: BrokerMessage
  }
  | { readonly kind: 'dropped'; readonly queue: string; readonly reason: DropReason; readonly message: BrokerMessage }
  | { readonly kind: 'consumer-added'; readonly queue: string; readonly consumerTag: string; readonly channel: string }
  | { readonly kind: 'consumer-cancelled'; readonly queue: string; readonly consumerTag: string; readonly channel: string; readonly byBroker: boolean }
  | { readonly kind: 'connection-opened'; readonly connection: string }
  /** A connection closed: its channels closed first (listed), then its exclusive queues were deleted. */
  | { readonly kind: 'connection-closed'; readonly connection: string; readonly channels: readonly string[] }
  | { readonly kind: 'channel-opened'; readonly channel: string; readonly connection: string }
  | { readonly kind: 'channel-closed'; readonly channel: string; readonly error?: BrokerError; readonly requeued: number }
  | { readonly kind: 'queue-declared'; readonly queue: string; readonly created: boolean }
  | { readonly kind: 'queue-deleted'; readonly queue: string; readonly reason: 'deleted' | 'x-expires' | 'auto-delete' | 'owner-closed'; readonly messages: number }
  | { readonly kind: 'queue-purged'; readonly queue: string; readonly messages: number }
  | { readonly kind: 'exchange-declared'; readonly exchange: string; readonly created: boolean }
  | { readonly kind: 'exchange-deleted'; readonly exchange: string; readonly reason: 'deleted' | 'auto-delete' }
  | { readonly kind: 'bound'; readonly binding: Binding; readonly created: boolean }
  | { readonly kind: 'unbound'; readonly binding: Binding; readonly existed: boolean }
  | { readonly kind: 'clock'; readonly now: number }

/** A failed call: nothing changed, except that a channel error closes its channel (listed in `events`). */
export interface Failure {
  readonly ok: false
  readonly error: BrokerError
  readonly events: readonly BrokerEvent[]
}

export type Outcome<T extends object = object> = ({ readonly ok: true; readonly events: readonly BrokerEvent[] } & T) | Failure

export interface ExchangeSpec {
  readonly name: string
  /** Default: 'direct' */
  readonly type?: string
  /** Default: true */
  readonly durable?: boolean
  /** Default: false */
  readonly autoDelete?: boolean
  /** Default: false */
  readonly internal?: boolean
  /** Default: empty */
  readonly arguments?: AmqpTable
  /** Only check that it exists (404 otherwise). Default: false */
  readonly passive?: boolean
}

export interface QueueSpec {
  /** `""` asks the broker to name it (amq.gen-...). */
  readonly name: string
  /** Default: true */
  readonly durable?: boolean
  /** Default: false */
  readonly exclusive?: boolean
  /** Default: false */
  readonly autoDelete?: boolean
  /** Default: empty */
  readonly arguments?: AmqpTable
  /** Only check that it exists (404 otherwise). Default: false */
  readonly passive?: boolean
}

export interface BindingSpec {
  readonly source: string
  readonly destination: string
  /** Default: 'queue' */
  readonly destinationType?: 'queue' | 'exchange'
  /** Default: '' */
  readonly routingKey?: string
  /** Default: empty */
  readonly arguments?: AmqpTable
}

/**
 * Options of topology calls: the channel a failure closes, and whose connection owns an exclusive queue it
 * declares (or may use one). Without one, a failure closes nothing and the connection is the default one.
 */
export interface TopologyCallOptions {
  readonly channel?: string
  /** The connection the call comes from when no channel is given. Default: the default connection */
  readonly connection?: string
}

export interface ConnectionInfo {
  readonly name: string
  /** Its open channels. */
  readonly channels: readonly string[]
  /** The exclusive queues it owns. */
  readonly exclusiveQueues: readonly string[]
}

export interface OpenChannelOptions {
  /** The connection to open it on (opened too when needed). Default: the default connection */
  readonly connection?: string
}

export interface PublishRequest {
  readonly exchange: string
  readonly routingKey: string
  readonly headers?: AmqpTable
  readonly body?: MessageBody
  readonly properties?: MessageProperties
  /** Default: false */
  readonly mandatory?: boolean
  /** Default: the default channel */
  readonly channel?: string
}

export interface PublishOutcome {
  readonly ok: boolean
  /** The router's answer (error set for 403/404/406). */
  readonly route: RouteResult
  /** Publisher confirm: nack when a reject-publish queue refused it; none when the publish failed (channel closed). */
  readonly confirm: 'ack' | 'nack' | 'none'
  /** basic.return 312 NO_ROUTE */
  readonly returned: boolean
  /** The message as published (undefined when the publish failed). */
  readonly message?: BrokerMessage
  readonly error?: BrokerError
  readonly events: readonly BrokerEvent[]
}

export interface ConsumeOptions {
  /** Default: generated, amq.ctag-N */
  readonly consumerTag?: string
  /** basic.qos prefetch for this consumer; 0 = unlimited. Default: 0 */
  readonly prefetch?: number
  /** Default: false */
  readonly noAck?: boolean
  /** Default: the default channel */
  readonly channel?: string
  /** Consumer priority (x-priority). Default: 0 */
  readonly priority?: number
  /** Default: false */
  readonly exclusive?: boolean
  /** Consumer arguments (x-priority is read from here too). Default: empty */
  readonly args?: AmqpTable
}

export interface GetOptions {
  /** Default: false */
  readonly noAck?: boolean
  /** Default: the default channel */
  readonly channel?: string
}

export interface QueueStats {
  readonly name: string
  readonly type: QueueType
  /** The behaviour simulated: 'classic', 'classic-priority' (x-max-priority), 'quorum' or 'stream'. */
  readonly behaviour: string
  /** ready + unacked */
  readonly messages: number
  readonly ready: number
  readonly unacked: number
  /**
   * consumer_count as a passive declare answers it: a quorum queue also counts each channel holding unacked
   * basic.get deliveries from it, and a quorum single-active-consumer queue only its active consumer.
   */
  readonly consumers: number
  /** Body bytes of ready messages. */
  readonly bytes: number
  readonly durable: boolean
  readonly exclusive: boolean
  readonly autoDelete: boolean
  readonly arguments: AmqpTable
  /** Effective settings after argument/policy precedence. */
  readonly effective: EffectiveQueueArgs
  /** Simulated time (ms) at which x-expires deletes the queue, if it is unused. */
  readonly expiresAt?: number
  /**
   * Settings of this queue the simulation does not implement and ignores, e.g. `['x-max-age']` or
   * `['x-queue-type=x-custom']` (an unknown type behaves as classic). Empty when fully simulated.
   */
  readonly notSimulated: readonly string[]
}

/** Queue settings after argument/policy precedence (rabbit_amqqueue_process:process_args_policy). */
export interface EffectiveQueueArgs {
  readonly messageTtl?: number
  readonly expires?: number
  readonly maxLength?: number
  readonly maxLengthBytes?: number
  readonly overflow: 'drop-head' | 'reject-publish' | 'reject-publish-dlx'
  readonly deadLetterExchange?: string
  readonly deadLetterRoutingKey?: string
  /**
   * Quorum queues: returns allowed before the message is dead-lettered (reason delivery_limit); undefined = none.
   * x-delivery-limit / delivery-limit (min), else VersionRules.quorumDefaultDeliveryLimit; a negative value disables it.
   */
  readonly deliveryLimit?: number
  /** Quorum queues: at-least-once only with overflow reject-publish (rabbit_quorum_queue:dlh/5), else at-most-once. */
  readonly deadLetterStrategy?: 'at-most-once' | 'at-least-once'
  /** Policy that contributed, if any. */
  readonly policy?: string
}

/** A ready message as `peek` shows it. */
export interface ReadyMessage {
  readonly message: BrokerMessage
  readonly redelivered: boolean
  /** Simulated time (ms) at which it expires, when it has a TTL. */
  readonly expiresAt?: number
}

export interface ConsumerInfo {
  readonly consumerTag: string
  readonly queue: string
  readonly channel: string
  readonly prefetch: number
  readonly noAck: boolean
  readonly priority: number
  readonly unacked: number
  /** Single-active-consumer queues only: is this the consumer that receives? */
  readonly active?: boolean
  /** Streams only: the next offset this consumer reads. */
  readonly offset?: number
}

export interface ChannelInfo {
  readonly name: string
  readonly connection: string
  readonly consumers: readonly string[]
  readonly unacked: number
  /** The next delivery tag this channel will hand out. */
  readonly nextDeliveryTag: number
}
