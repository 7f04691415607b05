import { settlementGroups } from './broker-support.js'
import { hasRoom, insertActive } from './consumer-rotation.js'
import { deadLetter } from './dead-lettering.js'
import { deliverReady } from './dispatch.js'
import { dropExpired } from './expiry.js'
import { maybeDropHead } from './overflow.js'
import type { RequeueCause } from './queue-behaviour.js'
import type { Ev, SimState } from './sim-state.js'
import { singleActiveOnSettle } from './single-active.js'
import type { PendingAck, QueuedMessage, QueueState } from './state.js'

// Settlement: ack, nack and reject of outstanding deliveries, and the requeue they (or a channel close) cause.

/** Settles one outstanding delivery's bookkeeping; true when its consumer got room back (run the queue). */
export function settle(s: SimState, p: PendingAck): boolean {
  const q = p.queue
  if (q.deleted) return false
  q.unacked--
  const c = p.consumer
  if (c === undefined) return false
  c.unacked--
  if (q.behaviour.kind === 'stream') return !c.cancelled
  if (q.singleActive?.quiescing === true) return !c.cancelled && singleActiveOnSettle(q, q.singleActive, c)
  if (c.blocked && !c.cancelled && hasRoom(c)) {
    c.blocked = false
    insertActive(q, c)
    return true
  }
  return false
}

/**
 * nack/reject: requeue (merged by seq, redelivered) or dead-letter. The channel settles per {queue, consumer tag}
 * in term order (rabbit_channel:foreach_per_queue folds a gb_tree keyed by {QName, CTag}: queues by name, basic.get
 * deliveries (ctag `none`) before consumer tags), each group in delivery-tag order. A multiple nack over queues
 * a and b dead-letters a's messages, then b's (observed on 3.10.8).
 */
export function rejectAcks(s: SimState, acks: readonly PendingAck[], requeue: boolean, ev: Ev): void {
  for (const group of settlementGroups(acks)) {
    const q = group[0]!.queue
    if (q.behaviour.kind === 'stream') {
      // Streams: every settlement only gives credit back (rabbit_stream_queue:settle); nothing is requeued or dead.
      for (const p of group) settle(s, p)
      deliverReady(s, q, ev)
      continue
    }
    if (requeue) {
      requeueAndRun(s, q, group, 'nack', ev)
      continue
    }
    for (const p of group) {
      settle(s, p)
      deadLetter(s, q, p.entry.msg, 'rejected', ev)
    }
    deliverReady(s, q, ev)
  }
}

/** requeue_and_run: back among the ready messages (publish order), then drop-head, TTL, delivery. */
export function requeueAndRun(s: SimState, q: QueueState, list: readonly PendingAck[], cause: RequeueCause, ev: Ev): void {
  if (q.behaviour.kind === 'stream') {
    for (const p of list) settle(s, p)
    deliverReady(s, q, ev)
    return
  }
  const returned: QueuedMessage[] = []
  const limit = q.effective.deliveryLimit
  for (const p of list) {
    settle(s, p)
    p.entry.returns++
    // rabbit_fifo return_one: a message returned more than x-delivery-limit times is dead-lettered instead.
    if (limit !== undefined && p.entry.returns > limit) {
      deadLetter(s, q, p.entry.msg, 'delivery_limit', ev)
      continue
    }
    p.entry.redelivered = true
    returned.push(p.entry)
    q.readyBytes += p.entry.msg.view.bodySize
    ev?.push({ kind: 'requeued', queue: q.def.name, message: p.entry.msg.view, channel: p.channel.name, deliveryTag: p.tag })
  }
  q.behaviour.requeue(q, returned, cause)
  // rabbit_fifo evaluate_limit runs after every command: returns can put a reject-publish quorum queue over its
  // limit (they are never refused), and then it refuses publishes. (Classic queues ignore `rejecting`.)
  if (q.effective.overflow === 'reject-publish' && q.behaviour.overLimit(q.effective, q.ready.length, q.readyBytes)) q.rejecting = true
  maybeDropHead(s, q, ev)
  dropExpired(s, q, ev)
  deliverReady(s, q, ev)
}
