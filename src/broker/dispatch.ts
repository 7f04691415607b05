import { nextConsumerWithRoom, rotate } from './consumer-rotation.js'
import { deadLetter } from './dead-lettering.js'
import { dropExpired } from './expiry.js'
import { maybeDropHead } from './overflow.js'
import type { Ev, SimState } from './sim-state.js'
import type { ConsumerState, QueuedMessage, QueueState, StoredMessage, StreamEntry } from './state.js'
import { withIntHeader } from './stream-support.js'

// Dispatch: a message into a queue, and ready messages out to consumers (round-robin by priority, prefetch),
// plus the delivery of dead letters in flight.

/**
 * One message into one queue (rabbit_amqqueue_process:maybe_deliver_or_enqueue): the overflow check for the
 * reject-publish modes comes first (even when a consumer is waiting), then a consumer with room gets it at once,
 * else it is enqueued and drop-head / TTL act. Returns false when the queue refused it (publisher nack).
 */
export function deliverToQueue(s: SimState, q: QueueState, msg: StoredMessage, ev: Ev): boolean {
  const limits = q.effective
  const size = msg.view.bodySize
  if (q.behaviour.kind === 'stream') {
    // A stream appends; every consumer reads the log from its own offset (rabbit_stream_queue, osiris).
    q.log.push({ msg, offset: q.log.length, time: s.now })
    q.readyBytes += size
    ev?.push({ kind: 'enqueued', queue: q.def.name, message: msg.view })
    deliverStream(s, q, ev)
    return true
  }
  if (limits.overflow !== 'drop-head' && q.behaviour.wouldOverflow(q, size)) {
    ev?.push({ kind: 'rejected-publish', queue: q.def.name, message: msg.view, overflow: limits.overflow })
    if (limits.overflow === 'reject-publish-dlx') deadLetter(s, q, msg, 'maxlen', ev)
    return false
  }
  const ttl = limits.messageTtl === undefined ? msg.ttl : msg.ttl === undefined ? limits.messageTtl : Math.min(limits.messageTtl, msg.ttl)
  const entry: QueuedMessage = { msg, seq: q.nextSeq++, redelivered: false, expiresAt: ttl === undefined ? undefined : s.now + ttl, returns: 0 }
  if (q.ready.length === 0) {
    const c = nextConsumerWithRoom(q)
    if (c !== undefined) {
      deliver(s, q, c, entry, ev)
      return true
    }
  }
  q.ready.push(entry)
  q.readyBytes += size
  ev?.push({ kind: 'enqueued', queue: q.def.name, message: msg.view })
  // Quorum reject-publish: the message that crosses the limit is in; refuse from now on (rabbit_fifo evaluate_limit).
  // A classic queue never gets here over its limit (wouldOverflow refused it).
  if (limits.overflow === 'reject-publish' && q.behaviour.overLimit(limits, q.ready.length, q.readyBytes)) q.rejecting = true
  maybeDropHead(s, q, ev)
  dropExpired(s, q, ev)
  return true
}

/** basic.deliver to a consumer; the consumer moves to the back of its priority level (round-robin). */
export function deliver(s: SimState, q: QueueState, c: ConsumerState, entry: QueuedMessage, ev: Ev): void {
  rotate(q, c)
  const ch = c.channel
  const tag = ch.nextTag++
  if (!c.noAck) {
    ch.pending.set(tag, { tag, channel: ch, queue: q, entry, consumer: c })
    c.unacked++
    q.unacked++
  }
  if (ev !== undefined) {
    // Quorum consumers see x-delivery-count from the first return (rabbit_fifo_client:add_delivery_count_header).
    const message = entry.returns > 0 && q.behaviour.countsDeliveries ? withIntHeader(entry.msg.view, 'x-delivery-count', entry.returns) : entry.msg.view
    ev.push({
      kind: 'delivered', queue: q.def.name, channel: ch.name, deliveryTag: tag, consumerTag: c.tag,
      redelivered: entry.redelivered, autoAck: c.noAck, message,
    })
  }
}

/**
 * Stream delivery: each consumer reads from its offset while it has credit (prefetch − unacked), consumers in
 * registration order. Every delivery carries x-stream-offset (rabbit_stream_queue, "x-stream-offset" header).
 */
export function deliverStream(s: SimState, q: QueueState, ev: Ev): void {
  for (const c of q.consumers) {
    const ch = c.channel
    while (c.streamPos < q.log.length && c.unacked < c.prefetch) {
      const e = q.log[c.streamPos] as StreamEntry
      c.streamPos++
      const tag = ch.nextTag++
      const entry: QueuedMessage = { msg: e.msg, seq: e.offset, redelivered: false, expiresAt: undefined, returns: 0 }
      ch.pending.set(tag, { tag, channel: ch, queue: q, entry, consumer: c })
      c.unacked++
      q.unacked++
      ev?.push({
        kind: 'delivered', queue: q.def.name, channel: ch.name, deliveryTag: tag, consumerTag: c.tag,
        redelivered: false, autoAck: false, message: withIntHeader(e.msg.view, 'x-stream-offset', e.offset),
      })
    }
  }
}

/** run_message_queue: hand ready messages to consumers with room, in rotation order. */
export function deliverReady(s: SimState, q: QueueState, ev: Ev): void {
  if (q.behaviour.kind === 'stream') {
    if (!q.deleted) deliverStream(s, q, ev)
    return
  }
  while (q.ready.length > 0 && !q.deleted) {
    const c = nextConsumerWithRoom(q)
    if (c === undefined) return
    const entry = q.ready.shift() as QueuedMessage
    q.readyBytes -= entry.msg.view.bodySize
    deliver(s, q, c, entry, ev)
    dropExpired(s, q, ev)
  }
}

/** Delivers the pending dead letters (and those their delivery causes), in order. */
export function flush(s: SimState, ev: Ev): void {
  for (let item = s.outbox.shift(); item !== undefined; item = s.outbox.shift()) {
    // In route order: rabbit_dead_letter:publish delivers statelessly, queue by queue (rabbit_queue_type:deliver0),
    // unlike a channel's publish, which regroups (and so reverses) the queues (observed on 3.10.8).
    for (const name of item.targets) {
      const t = s.queues.get(name)
      if (t !== undefined) deliverToQueue(s, t, item.copy, ev)
    }
  }
}
