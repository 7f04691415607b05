import type { Queue } from '../core/model.js'
import type { QueueBehaviour } from './queue-behaviour.js'
import type { ReadyQueue } from './ready-queue.js'
import type { SingleActiveState } from './single-active.js'
import type { BrokerMessage, DeadLetterReason, EffectiveQueueArgs } from './types.js'

/** One death record (mc.erl #death / an x-death entry), kept as data; headers are rendered from it. */
export interface Death {
  readonly queue: string
  readonly reason: DeadLetterReason
  readonly count: number
  /** Exchange and routing keys of the FIRST death for this {queue, reason} (merges keep them). */
  readonly exchange: string
  readonly routingKeys: readonly string[]
  /** ms, simulated clock: first and latest death. */
  readonly firstTime: number
  readonly lastTime: number
  readonly originalExpiration?: string
}

/** A message as the broker stores it: what clients see plus what routing and dead-lettering need. Immutable. */
export interface StoredMessage {
  readonly view: BrokerMessage
  /** All routing keys: key, CC, BCC (dead-lettering without a DLRK routes by all of them). */
  readonly routingKeys: readonly string[]
  /** The CC header's keys (x-death routing-keys lists key + CC). */
  readonly ccKeys: readonly string[]
  /** The BCC keys (never visible to consumers). */
  readonly bccKeys: readonly string[]
  /** Death records, newest first. */
  readonly deaths: readonly Death[]
  /** First death {queue, reason, exchange}, set once. */
  readonly firstDeath?: { readonly queue: string; readonly reason: DeadLetterReason; readonly exchange: string }
  /** Parsed per-message TTL, ms. */
  readonly ttl?: number
}

/** A message in one queue (ready or unacked). */
export interface QueuedMessage {
  readonly msg: StoredMessage
  /** Per-queue sequence id: requeues merge by it (rabbit_variable_queue:requeue). */
  readonly seq: number
  redelivered: boolean
  /** Simulated ms when it expires at the head; undefined = never. */
  readonly expiresAt: number | undefined
  /** Times it was given back (quorum: the delivery count that x-delivery-limit and x-delivery-count read). */
  returns: number
}

/** One message of a stream's log. */
export interface StreamEntry {
  readonly msg: StoredMessage
  /** 0-based offset in the stream. */
  readonly offset: number
  /** Simulated ms when it was appended (what a timestamp offset compares). */
  readonly time: number
}

export interface ConsumerState {
  readonly tag: string
  readonly queue: QueueState
  readonly channel: ChannelState
  readonly prefetch: number
  readonly noAck: boolean
  readonly priority: number
  readonly exclusive: boolean
  unacked: number
  /** Streams: the next offset this consumer reads. */
  streamPos: number
  /** Out of the rotation because it was at its prefetch limit when its turn came (rabbit_queue_consumers). */
  blocked: boolean
  cancelled: boolean
}

export interface QueueState {
  readonly def: Queue
  readonly behaviour: QueueBehaviour
  effective: EffectiveQueueArgs
  readonly ready: ReadyQueue
  readyBytes: number
  /** Streams: the append-only log (empty for other types). */
  readonly log: StreamEntry[]
  /** x-single-active-consumer: which consumer is active (undefined when the queue has no single active consumer). */
  readonly singleActive: SingleActiveState | undefined
  /** Quorum reject-publish: refusing publishes until below the soft limit (rabbit_fifo evaluate_limit). */
  rejecting: boolean
  unacked: number
  nextSeq: number
  /** Every consumer, registration order. */
  readonly consumers: ConsumerState[]
  /** The rotation: consumers with (possibly) room, highest priority first, FIFO within a priority. */
  readonly active: ConsumerState[]
  hasHadConsumers: boolean
  /** Exclusive queues: the declaring connection (closing it deletes the queue; others get 405). */
  readonly owner: ConnectionState | undefined
  /** Simulated ms of the last use (declare, consume, cancel, get), for x-expires. */
  lastUsed: number
  deleted: boolean
}

export interface PendingAck {
  readonly tag: number
  readonly channel: ChannelState
  readonly queue: QueueState
  readonly entry: QueuedMessage
  readonly consumer?: ConsumerState
}

/** A client connection: it owns channels and the exclusive queues declared on them. */
export interface ConnectionState {
  readonly name: string
  open: boolean
}

export interface ChannelState {
  readonly name: string
  /** The connection the channel was opened on (a reopened channel stays on it). */
  readonly connection: ConnectionState
  nextTag: number
  /** Outstanding deliveries in delivery-tag order. */
  readonly pending: Map<number, PendingAck>
  readonly consumers: Map<string, ConsumerState>
  open: boolean
}
