import { channelNamed, DEFAULT_CHANNEL, fail } from './channels.js'
import { insertActive } from './consumer-rotation.js'
import { removeConsumer } from './consumers.js'
import { deliverReady, flush } from './dispatch.js'
import { accessRefused, notAllowed, notImplemented, preconditionFailed, resourceName } from './errors.js'
import { queueForChannel } from './exclusive-access.js'
import { consumerArgUnknownToType, queueTypeModule } from './queue-args.js'
import { NO_EVENTS } from './sim-state.js'
import type { SimState } from './sim-state.js'
import { singleActiveOnConsume } from './single-active.js'
import type { ConsumerState } from './state.js'
import { resolveStreamOffset } from './stream-support.js'
import { removeQueue } from './topology-removal.js'
import type { ConsumeOptions, Outcome } from './types.js'

// basic.consume and basic.cancel.

/** basic.consume. prefetch applies to this consumer (basic.qos global=false); 0 = unlimited. */
export function basicConsume(s: SimState, queue: string, opts?: ConsumeOptions): Outcome<{ readonly consumerTag: string }> {
  const ev = s.ev()
  const ch = channelNamed(s, opts?.channel ?? DEFAULT_CHANNEL, ev)
  const found = queueForChannel(s, queue, ch.name)
  if ('error' in found) return fail(s, found.error, ch.name, ev)
  const q = found.queue
  const prefetch = opts?.prefetch ?? 0
  if (!Number.isInteger(prefetch) || prefetch < 0 || prefetch > 65535) {
    return fail(s, preconditionFailed(`invalid prefetch count ${prefetch}: expected an integer from 0 to 65535`), ch.name, ev)
  }
  let tag = opts?.consumerTag
  if (tag === undefined || tag === '') {
    do tag = `amq.ctag-${++s.ctag}`
    while (ch.consumers.has(tag))
  } else if (ch.consumers.has(tag)) {
    return fail(s, notAllowed(`attempt to reuse consumer tag '${tag}'`), ch.name, ev)
  }
  if (q.consumers.some((c) => c.exclusive) || (opts?.exclusive === true && q.consumers.length > 0)) {
    return fail(s, accessRefused(`${resourceName('queue', queue, s.vhost)} in exclusive use`), ch.name, ev)
  }
  const argKeys = opts?.priority !== undefined ? ['x-priority', ...(opts.args?.keys() ?? [])] : (opts?.args?.keys() ?? [])
  const foreign = consumerArgUnknownToType(q.def.type, argKeys)
  if (foreign !== undefined) {
    return fail(s, preconditionFailed(`invalid arg '${foreign}' for ${resourceName('queue', queue, s.vhost)} of queue type ${queueTypeModule(q.def.type)}`), ch.name, ev)
  }
  let streamPos = 0
  if (q.behaviour.kind === 'stream') {
    // rabbit_stream_queue:consume: a prefetch is required, auto-ack is refused, then x-stream-offset is parsed.
    const rn = resourceName('queue', queue, s.vhost)
    if (prefetch === 0) return fail(s, preconditionFailed(`consumer prefetch count is not set for stream ${rn}`), ch.name, ev)
    if (opts?.noAck === true) return fail(s, notImplemented(`automatic acknowledgement not supported by stream ${rn}`), ch.name, ev)
    const pos = resolveStreamOffset(q.log, opts?.args?.get('x-stream-offset'), s.now)
    if (typeof pos === 'string') return fail(s, preconditionFailed(`failed consuming from stream ${rn}: ${pos}`), ch.name, ev)
    streamPos = pos
  }
  const xp = opts?.args?.get('x-priority')
  const priority = opts?.priority ?? (xp !== undefined && 'value' in xp && typeof xp.value === 'number' ? xp.value : 0)
  const c: ConsumerState = {
    tag, queue: q, channel: ch, prefetch, noAck: opts?.noAck === true, priority, exclusive: opts?.exclusive === true,
    unacked: 0, streamPos, blocked: false, cancelled: false,
  }
  q.consumers.push(c)
  // Single active consumer: only the first consumer is in the rotation; the others wait their turn.
  if (q.singleActive === undefined) insertActive(q, c)
  else singleActiveOnConsume(q, q.singleActive, c)
  ch.consumers.set(tag, c)
  q.hasHadConsumers = true
  q.lastUsed = s.now
  ev?.push({ kind: 'consumer-added', queue, consumerTag: tag, channel: ch.name })
  deliverReady(s, q, ev)
  flush(s, ev)
  return { ok: true, consumerTag: tag, events: ev ?? NO_EVENTS }
}

/**
 * basic.cancel. As in RabbitMQ, the consumer's unacked messages stay on its channel (they can still be acked;
 * closing the channel requeues them). An auto-delete queue is deleted when its last consumer goes.
 * An unknown tag is not an error (`found: false`).
 */
export function basicCancel(s: SimState, consumerTag: string, opts?: { readonly channel?: string }): Outcome<{ readonly found: boolean }> {
  const ev = s.ev()
  let c: ConsumerState | undefined
  if (opts?.channel !== undefined) c = s.channels.get(opts.channel)?.consumers.get(consumerTag)
  else for (const ch of s.channels.values()) if ((c = ch.consumers.get(consumerTag)) !== undefined) break
  if (c === undefined) return { ok: true, found: false, events: ev ?? NO_EVENTS }
  removeConsumer(s, c, false, ev)
  const q = c.queue
  q.lastUsed = s.now
  if (q.def.autoDelete && q.hasHadConsumers && q.consumers.length === 0) removeQueue(s, q, 'auto-delete', ev)
  else if (q.singleActive !== undefined) {
    // The next consumer takes over at once. (RabbitMQ 3.10.8 classic queues stall here until the old channel closes:
    // a bug, see rabbitmq-3.10-delivery-observed.md item 16; the intended behaviour is simulated.)
    deliverReady(s, q, ev)
    flush(s, ev)
  }
  return { ok: true, found: true, events: ev ?? NO_EVENTS }
}
