import type { Queue } from '../core/model.js'
import type { VersionRules } from '../core/versions.js'
import { Deque } from './deque.js'
import { mergeBySeq, PriorityReady, QuorumReady } from './ready-queue.js'
import type { ReadyQueue } from './ready-queue.js'
import type { QueuedMessage, QueueState } from './state.js'
import type { EffectiveQueueArgs } from './types.js'

/**
 * What differs between queue types: how ready messages are kept, where requeued messages go and how length limits
 * act. One object per type. Streams are not a ready queue at all (an append-only log read by offset): the broker
 * handles them apart, and their behaviour only names them.
 */
export interface QueueBehaviour {
  readonly kind: 'classic' | 'classic-priority' | 'quorum' | 'stream'
  /** The ready-message store of a new queue. */
  createReady(def: Queue, rules: VersionRules): ReadyQueue
  /**
   * Puts returned messages back among the ready ones. `returned` is in return (settlement) order; `cause` says
   * whether a nack/reject returned them or their channel closed.
   */
  requeue(q: QueueState, returned: readonly QueuedMessage[], cause: RequeueCause): void
  /** reject-publish: would this publish be refused? (checked before delivery is attempted; may update q's state) */
  wouldOverflow(q: QueueState, bodySize: number): boolean
  /** drop-head: is the queue over its limits (drop the head while true)? Also: does a reject-publish quorum queue start refusing? */
  overLimit(limits: EffectiveQueueArgs, readyCount: number, readyBytes: number): boolean
  /** Consumers of a quorum queue see x-delivery-count (rabbit_fifo_client:add_delivery_count_header). */
  readonly countsDeliveries: boolean
}

/** What gave messages back: a nack/reject with requeue, or the close of the channel holding them. */
export type RequeueCause = 'nack' | 'close'

const overLimit = (limits: EffectiveQueueArgs, readyCount: number, readyBytes: number): boolean =>
  (limits.maxLength !== undefined && readyCount > limits.maxLength) ||
  (limits.maxLengthBytes !== undefined && readyBytes > limits.maxLengthBytes)

/**
 * will_overflow (rabbit_amqqueue_process): len + 1 > max-length or bytes + size > max-length-bytes, so a classic
 * queue rejects at exactly max-length.
 */
const classicWouldOverflow = (q: QueueState, bodySize: number): boolean => {
  const limits = q.effective
  return (limits.maxLength !== undefined && q.ready.length + 1 > limits.maxLength) ||
    (limits.maxLengthBytes !== undefined && q.readyBytes + bodySize > limits.maxLengthBytes)
}

const bySeq = (returned: readonly QueuedMessage[]): QueuedMessage[] => [...returned].sort((a, b) => a.seq - b.seq)

/**
 * Classic queues, as rabbit_amqqueue_process / rabbit_variable_queue do it.
 * - requeue merges by sequence id, so returned messages sit at the head in PUBLISH order whatever the nack order
 *   (rabbit_variable_queue:requeue → queue_merge);
 * - over_max_length: len > max-length or bytes > max-length-bytes; ready messages only.
 */
export const classicBehaviour: QueueBehaviour = {
  kind: 'classic',
  createReady: () => new Deque<QueuedMessage>(),
  requeue(q, returned) { mergeBySeq(q.ready as Deque<QueuedMessage>, returned.length > 1 ? bySeq(returned) : returned) },
  wouldOverflow: classicWouldOverflow,
  overLimit,
  countsDeliveries: false,
}

/** Classic queues with x-max-priority (rabbit_priority_queue.erl): one classic sub-queue per priority. */
export const classicPriorityBehaviour: QueueBehaviour = {
  kind: 'classic-priority',
  createReady: (def) => new PriorityReady(maxPriorityOf(def) ?? 0),
  requeue(q, returned) { (q.ready as PriorityReady).requeue(bySeq(returned)) },
  wouldOverflow: classicWouldOverflow,
  overLimit,
  countsDeliveries: false,
}

/** rabbit_fifo is_below_soft_limit: ready ≤ trunc(0.8 × max) (and the same for bytes). */
const belowSoftLimit = (q: QueueState): boolean => {
  const l = q.effective
  return (l.maxLength === undefined || q.ready.length <= Math.trunc(l.maxLength * 0.8)) &&
    (l.maxLengthBytes === undefined || q.readyBytes <= Math.trunc(l.maxLengthBytes * 0.8))
}

/**
 * Quorum queues (rabbit_fifo.erl).
 * - requeue: with a delivery limit, return_one puts the message in `returns`, served first, in return order; without
 *   one, handle_aux turns the return into a `#requeue{}` that appends it at the tail, in the default priority bucket
 *   (3.10 observed; same code in 4.x, where a limit is set unless it is -1). A channel close never goes through
 *   handle_aux: the consumer's removal runs return_all → return_one, so its messages go to `returns` (served first,
 *   in checkout order) with or without a limit (3.10.8: m1* m2* m3 m4, found by test/rabbitmq quorum-close-requeues);
 * - reject-publish (evaluate_limit): the message that crosses the limit is accepted, then publishes are refused until
 *   the queue is back at or below trunc(0.8 × max).
 */
export const quorumBehaviour: QueueBehaviour = {
  kind: 'quorum',
  createReady: (_def, rules) => new QuorumReady(rules.quorumPriorities),
  requeue(q, returned, cause) {
    const ready = q.ready as QuorumReady
    if (q.effective.deliveryLimit !== undefined || cause === 'close') for (const e of returned) ready.pushReturn(e)
    // A #requeue{} is a new Raft command: the message gets a new index, which the two-level order compares.
    else for (const e of returned) ready.pushRequeued({ ...e, seq: q.nextSeq++ })
  },
  wouldOverflow(q) {
    if (!q.rejecting) return false
    if (!belowSoftLimit(q)) return true
    q.rejecting = false
    return false
  },
  overLimit,
  countsDeliveries: true,
}

/** Streams (rabbit_stream_queue.erl): an append-only log; the broker reads it by offset, never from `ready`. */
export const streamBehaviour: QueueBehaviour = {
  kind: 'stream',
  createReady: () => new Deque<QueuedMessage>(),
  requeue() { /* nothing is ever requeued: a stream consumer's settlement only gives credit back */ },
  wouldOverflow: () => false,
  overLimit: () => false,
  countsDeliveries: false,
}

/** x-max-priority of a classic queue (undefined when it has none or it is not an integer). */
export function maxPriorityOf(def: Queue): number | undefined {
  const v = def.arguments.get('x-max-priority')
  if (v === undefined || !('value' in v) || typeof v.value !== 'number') return undefined
  return Math.min(255, Math.max(0, Math.trunc(v.value)))
}

/** The behaviour simulated for a queue (its type, and x-max-priority for classic queues). */
export function queueBehaviourFor(def: Queue): QueueBehaviour {
  switch (def.type) {
    case 'quorum': return quorumBehaviour
    case 'stream': return streamBehaviour
    default: return maxPriorityOf(def) !== undefined ? classicPriorityBehaviour : classicBehaviour
  }
}
