import { notSimulated } from './broker-support.js'
import { expiryDeadline } from './expiry.js'
import type { SimState } from './sim-state.js'
import { isSingleActive } from './single-active.js'
import type { QueueState } from './state.js'
import { withIntHeader } from './stream-support.js'
import type { ChannelInfo, ConsumerInfo, Delivery, QueueStats, ReadyMessage } from './types.js'

// What the broker holds, for listings: queue stats, ready messages, outstanding deliveries, consumers, channels.

export function queueStats(s: SimState, name?: string): readonly QueueStats[] {
  const list = name === undefined ? [...s.queues.values()] : [s.queues.get(name)].filter((q): q is QueueState => q !== undefined)
  return list.map((q) => {
    const expiresAt = expiryDeadline(s, q)
    return {
      name: q.def.name, type: q.def.type, behaviour: q.behaviour.kind,
      messages: s.messageCount(q) + (q.behaviour.kind === 'stream' ? 0 : q.unacked), ready: s.messageCount(q), unacked: q.unacked,
      consumers: consumerCount(s, q),
      bytes: q.readyBytes, durable: q.def.durable, exclusive: q.def.exclusive, autoDelete: q.def.autoDelete,
      arguments: q.def.arguments, effective: q.effective, ...(expiresAt !== undefined ? { expiresAt } : {}),
      notSimulated: notSimulated(q),
    }
  })
}

/** Ready messages in delivery order (empty for a missing queue). */
export function peek(s: SimState, queue: string): readonly ReadyMessage[] {
  const q = s.queues.get(queue)
  if (q === undefined) return []
  if (q.behaviour.kind === 'stream') return q.log.map((e) => ({ message: withIntHeader(e.msg.view, 'x-stream-offset', e.offset), redelivered: false }))
  return q.ready.toArray().map((e) => ({
    message: e.msg.view, redelivered: e.redelivered, ...(e.expiresAt !== undefined ? { expiresAt: e.expiresAt } : {}),
  }))
}

/** Outstanding deliveries (all channels, or one), in delivery-tag order per channel. */
export function unackedList(s: SimState, channel?: string): readonly Delivery[] {
  const out: Delivery[] = []
  for (const ch of s.channels.values()) {
    if (!ch.open || (channel !== undefined && ch.name !== channel)) continue
    for (const p of ch.pending.values()) {
      out.push({
        queue: p.queue.def.name, channel: ch.name, deliveryTag: p.tag, redelivered: p.entry.redelivered, autoAck: false,
        message: p.entry.msg.view, ...(p.consumer !== undefined ? { consumerTag: p.consumer.tag } : {}),
      })
    }
  }
  return out
}

export function consumerList(s: SimState, queue?: string): readonly ConsumerInfo[] {
  const out: ConsumerInfo[] = []
  for (const q of s.queues.values()) {
    if (queue !== undefined && q.def.name !== queue) continue
    for (const c of q.consumers) {
      out.push({
        consumerTag: c.tag, queue: q.def.name, channel: c.channel.name, prefetch: c.prefetch, noAck: c.noAck, priority: c.priority, unacked: c.unacked,
        ...(q.singleActive !== undefined ? { active: isSingleActive(q.singleActive, c) } : {}), ...(q.behaviour.kind === 'stream' ? { offset: c.streamPos } : {}),
      })
    }
  }
  return out
}

export function channelList(s: SimState): readonly ChannelInfo[] {
  return [...s.channels.values()].filter((c) => c.open).map((c) => ({
    name: c.name, connection: c.connection.name, consumers: [...c.consumers.keys()], unacked: c.pending.size, nextDeliveryTag: c.nextTag,
  }))
}

/**
 * consumer_count of a declare-ok. A quorum queue also counts each channel that holds unacked basic.get deliveries
 * from it (rabbit_fifo registers a get channel as a consumer; observed on 3.10.8, item 18). rabbit_fifo:query_stat
 * counts its `consumers` map only, where a single-active-consumer queue keeps just the active consumer (the others
 * wait in `waiting_consumers`): observed 1 with two consumers on 3.10.8; a classic SAC queue counts both.
 */
export function consumerCount(s: SimState, q: QueueState): number {
  if (q.behaviour.kind !== 'quorum') return q.consumers.length
  const sac = q.singleActive
  let n = sac === undefined ? q.consumers.length : sac.active === undefined ? 0 : 1
  for (const ch of s.channels.values()) {
    if (!ch.open) continue
    for (const p of ch.pending.values()) if (p.queue === q && p.consumer === undefined) { n++; break }
  }
  return n
}
