import { channelNamed, DEFAULT_CHANNEL, fail } from './channels.js'
import { flush } from './dispatch.js'
import { notImplemented, resourceName } from './errors.js'
import { queueForChannel } from './exclusive-access.js'
import { dropExpired } from './expiry.js'
import { NO_EVENTS } from './sim-state.js'
import type { SimState } from './sim-state.js'
import { withIntHeader } from './stream-support.js'
import type { Delivery, GetOptions, Outcome } from './types.js'

/** basic.get: `message` undefined = get-empty; `messageCount` = ready messages left after this one. */
export function basicGet(s: SimState, queue: string, opts?: GetOptions): Outcome<{ readonly message?: Delivery; readonly messageCount: number }> {
  const ev = s.ev()
  const ch = channelNamed(s, opts?.channel ?? DEFAULT_CHANNEL, ev)
  const found = queueForChannel(s, queue, ch.name)
  if ('error' in found) return fail(s, found.error, ch.name, ev)
  const q = found.queue
  if (q.behaviour.kind === 'stream') {
    return fail(s, notImplemented(`basic.get not supported by stream queues ${resourceName('queue', queue, s.vhost)}`), ch.name, ev)
  }
  q.lastUsed = s.now
  const entry = q.ready.shift()
  if (entry === undefined) return { ok: true, messageCount: 0, events: ev ?? NO_EVENTS }
  q.readyBytes -= entry.msg.view.bodySize
  // rabbit_amqqueue_process:fetch/2 drops the messages the fetch exposed as expired before answering.
  dropExpired(s, q, ev)
  const noAck = opts?.noAck === true
  const tag = ch.nextTag++
  if (!noAck) {
    ch.pending.set(tag, { tag, channel: ch, queue: q, entry })
    q.unacked++
  }
  // Quorum basic.get: x-delivery-count always (0 on a first delivery) up to 3.11, from the first return on 3.12+
  // (rabbit_fifo_client:add_delivery_count_header).
  const counted = q.behaviour.countsDeliveries && (entry.returns > 0 || s.rules.quorumGetDeliveryCountZero)
  const message = counted ? withIntHeader(entry.msg.view, 'x-delivery-count', entry.returns) : entry.msg.view
  const delivery: Delivery = { queue, channel: ch.name, deliveryTag: tag, redelivered: entry.redelivered, autoAck: noAck, message }
  ev?.push({ kind: 'delivered', ...delivery })
  const messageCount = q.ready.length
  flush(s, ev)
  return { ok: true, message: delivery, messageCount, events: ev ?? NO_EVENTS }
}
