import type { ConsumerState, QueueState } from './state.js'

// The consumer rotation of one queue, as rabbit_queue_consumers keeps it: a priority queue of consumers; the one
// served goes to the back of its priority level; a consumer met at its prefetch limit leaves the rotation (blocked)
// and rejoins at the back when an ack gives it room.

/** A consumer can take a delivery: auto-ack, unlimited prefetch, or below its limit. */
export const hasRoom = (c: ConsumerState): boolean => c.noAck || c.prefetch === 0 || c.unacked < c.prefetch

/** Adds a consumer at the back of its priority level (priority_queue:in). */
export function insertActive(q: QueueState, c: ConsumerState): void {
  const a = q.active
  let i = a.length
  while (i > 0 && (a[i - 1] as ConsumerState).priority < c.priority) i--
  a.splice(i, 0, c)
}

/** After a delivery the consumer goes to the back of its priority level. */
export function rotate(q: QueueState, c: ConsumerState): void {
  const a = q.active
  if (a.length === 1 && a[0] === c) return
  const i = a.indexOf(c)
  if (i >= 0) a.splice(i, 1)
  insertActive(q, c)
}

/** The first consumer in rotation with room; consumers met at their limit leave the rotation (blocked). */
export function nextConsumerWithRoom(q: QueueState): ConsumerState | undefined {
  const a = q.active
  while (a.length > 0) {
    const c = a[0] as ConsumerState
    if (hasRoom(c)) return c
    a.shift()
    c.blocked = true
  }
  return undefined
}

