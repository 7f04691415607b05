import type { QueueType } from '../core/model.js'
import type { Deque } from './deque.js'
import type { QueuedMessage } from './state.js'
import type { EffectiveQueueArgs } from './types.js'

/**
 * What differs between queue types (classic, quorum, stream): where requeued messages go and how length
 * limits act. One object per type; only classic exists so far (quorum/stream behaviour is a later issue, and
 * such queues are simulated as classic ones, which queueStats reports as `behaviour: 'classic'`).
 */
export interface QueueBehaviour {
  readonly kind: string
  /** Puts returned messages back among the ready ones. `returned` is sorted by seq. */
  requeue(ready: Deque<QueuedMessage>, returned: readonly QueuedMessage[]): void
  /** reject-publish modes: would this publish overflow the queue? (checked before delivery is attempted) */
  wouldOverflow(limits: EffectiveQueueArgs, readyCount: number, readyBytes: number, bodySize: number): boolean
  /** drop-head: is the queue over its limits (drop the head while true)? */
  overLimit(limits: EffectiveQueueArgs, readyCount: number, readyBytes: number): boolean
}

/**
 * Classic queues, as rabbit_amqqueue_process / rabbit_variable_queue do it.
 * - requeue merges by sequence id, so returned messages sit at the head in PUBLISH order whatever the nack order
 *   (rabbit_variable_queue:requeue → queue_merge);
 * - will_overflow: len + 1 > max-length or bytes + size > max-length-bytes (so a classic queue rejects at exactly
 *   max-length);
 * - over_max_length: len > max-length or bytes > max-length-bytes; ready messages only.
 */
export const classicBehaviour: QueueBehaviour = {
  kind: 'classic',
  requeue(ready, returned) {
    // Pop the ready messages that belong after some returned message, merge, push back in front.
    const maxReturned = returned[returned.length - 1]
    if (maxReturned === undefined) return
    const overtaken: QueuedMessage[] = []
    for (let head = ready.peekFront(); head !== undefined && head.seq < maxReturned.seq; head = ready.peekFront()) {
      overtaken.push(ready.shift() as QueuedMessage)
    }
    const merged: QueuedMessage[] = []
    let i = 0
    let j = 0
    while (i < returned.length || j < overtaken.length) {
      const a = returned[i]
      const b = overtaken[j]
      if (b === undefined || (a !== undefined && a.seq < b.seq)) { merged.push(a as QueuedMessage); i++ } else { merged.push(b); j++ }
    }
    for (let k = merged.length - 1; k >= 0; k--) ready.unshift(merged[k] as QueuedMessage)
  },
  wouldOverflow(limits, readyCount, readyBytes, bodySize) {
    return (limits.maxLength !== undefined && readyCount + 1 > limits.maxLength) ||
      (limits.maxLengthBytes !== undefined && readyBytes + bodySize > limits.maxLengthBytes)
  },
  overLimit(limits, readyCount, readyBytes) {
    return (limits.maxLength !== undefined && readyCount > limits.maxLength) ||
      (limits.maxLengthBytes !== undefined && readyBytes > limits.maxLengthBytes)
  },
}

/** The behaviour simulated for a queue type. Every type is classic for now (see QueueBehaviour). */
export function queueBehaviourFor(_type: QueueType): QueueBehaviour {
  return classicBehaviour
}
