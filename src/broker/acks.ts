import { fail } from './channels.js'
import { deliverReady, flush } from './dispatch.js'
import { channelError, preconditionFailed } from './errors.js'
import { rejectAcks, settle } from './settlement.js'
import { NO_EVENTS } from './sim-state.js'
import type { Ev, SimState } from './sim-state.js'
import type { ChannelState, PendingAck, QueueState } from './state.js'
import type { Failure, Outcome } from './types.js'

// The client's ack, nack and reject: which outstanding deliveries a delivery tag names (406 when none).

/** basic.ack (multiple: every outstanding tag up to this one; tag 0 + multiple = all). */
export function basicAck(s: SimState, channel: string, deliveryTag: number, multiple = false): Outcome {
  const ev = s.ev()
  if (!multiple) {
    // fast path: one tag
    const ch = s.channels.get(channel)
    const p = ch?.open === true ? ch.pending.get(deliveryTag) : undefined
    if (p !== undefined) {
      (ch as ChannelState).pending.delete(deliveryTag)
      ev?.push({ kind: 'acked', channel, deliveryTag, queue: p.queue.def.name, message: p.entry.msg.view })
      if (settle(s, p)) {
        deliverReady(s, p.queue, ev)
        flush(s, ev)
      }
      return { ok: true, events: ev ?? NO_EVENTS }
    }
  }
  const collected = collect(s, channel, deliveryTag, multiple, ev)
  if ('error' in collected) return collected.error
  const touched = new Set<QueueState>()
  for (const p of collected.acks) {
    ev?.push({ kind: 'acked', channel, deliveryTag: p.tag, queue: p.queue.def.name, message: p.entry.msg.view })
    if (settle(s, p)) touched.add(p.queue)
  }
  for (const q of touched) deliverReady(s, q, ev)
  flush(s, ev)
  return { ok: true, events: ev ?? NO_EVENTS }
}

/** basic.nack: requeue (default true) or dead-letter / drop. */
export function basicNack(s: SimState, channel: string, deliveryTag: number, multiple = false, requeue = true): Outcome {
  const ev = s.ev()
  const collected = collect(s, channel, deliveryTag, multiple, ev)
  if ('error' in collected) return collected.error
  rejectAcks(s, collected.acks, requeue, ev)
  flush(s, ev)
  return { ok: true, events: ev ?? NO_EVENTS }
}

/**
 * rabbit_channel:collect_acks: the tag must be outstanding on this channel (else 406 unknown delivery tag,
 * which closes the channel); multiple takes every outstanding tag up to it; tag 0 + multiple = all.
 */
export function collect(s: SimState, channel: string, tag: number, multiple: boolean, ev: Ev): { readonly acks: PendingAck[] } | { readonly error: Failure } {
  const ch = s.channels.get(channel)
  if (ch === undefined || !ch.open) return { error: { ok: false, error: channelError(`channel '${channel}' is not open`), events: ev ?? NO_EVENTS } }
  if (multiple && tag === 0) {
    const acks = [...ch.pending.values()]
    ch.pending.clear()
    return { acks }
  }
  const target = ch.pending.get(tag)
  if (target === undefined) return { error: fail(s, preconditionFailed(`unknown delivery tag ${tag}`), channel, ev) }
  if (!multiple) {
    ch.pending.delete(tag)
    return { acks: [target] }
  }
  const acks: PendingAck[] = []
  for (const p of ch.pending.values()) {
    if (p.tag > tag) break
    acks.push(p)
  }
  for (const p of acks) ch.pending.delete(p.tag)
  return { acks }
}
