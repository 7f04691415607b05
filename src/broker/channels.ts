import type { RouteResult } from '../core/route-types.js'
import { removeConsumer } from './consumers.js'
import { deliverReady, flush } from './dispatch.js'
import { channelError } from './errors.js'
import { requeueAndRun } from './settlement.js'
import { DEFAULT_CONNECTION, NO_EVENTS } from './sim-state.js'
import type { Ev, SimState } from './sim-state.js'
import type { ChannelState, QueueState } from './state.js'
import { removeQueue } from './topology-removal.js'
import type { BrokerError, Failure, OpenChannelOptions, Outcome, PublishOutcome } from './types.js'

// Channels: opened on first use, closed by the client or by a channel error (which requeues their unacked messages).

/** The channel used when a call names none. */
export const DEFAULT_CHANNEL = 'default'

/**
 * Opens a channel (a generated name when none is given) on a connection and returns its name. Reopening an open
 * one is a no-op. Channel names are unique in the broker (RabbitMQ numbers them per connection): naming a channel
 * that is open on another connection is a RangeError.
 */
export function openChannel(s: SimState, name?: string, opts?: OpenChannelOptions): string {
  let n = name
  if (n === undefined) {
    do n = `ch${++s.chan}`
    while (s.channels.get(n)?.open === true)
  }
  const open = s.channels.get(n)
  if (opts?.connection !== undefined && open?.open === true && open.connection.name !== opts.connection) {
    throw new RangeError(`channel '${n}' is open on connection '${open.connection.name}', not '${opts.connection}'`)
  }
  channelNamed(s, n, undefined, opts?.connection)
  return n
}

/** Closes a channel: cancels its consumers and requeues its unacked messages (redelivered). */
export function channelClose(s: SimState, name: string): Outcome {
  const ev = s.ev()
  const ch = s.channels.get(name)
  if (ch === undefined || !ch.open) return { ok: false, error: channelError(`channel '${name}' is not open`), events: ev ?? NO_EVENTS }
  closeChannel(s, ch, undefined, ev)
  return { ok: true, events: ev ?? NO_EVENTS }
}

/**
 * The open channel of this name, opened on first use: on `connection`, else on the connection it had before,
 * else on the default connection (a closed connection opens again).
 */
export function channelNamed(s: SimState, name: string, ev: Ev, connection?: string): ChannelState {
  let ch = s.channels.get(name)
  if (ch === undefined || !ch.open) {
    const conn = s.connection(connection ?? ch?.connection.name ?? DEFAULT_CONNECTION, ev)
    ch = { name, connection: conn, nextTag: 1, pending: new Map(), consumers: new Map(), open: true }
    s.channels.set(name, ch)
    ev?.push({ kind: 'channel-opened', channel: name, connection: conn.name })
  }
  return ch
}

/**
 * Channel close (rabbit_amqqueue_process:handle_ch_down, per queue): its consumers go; an auto-delete queue
 * left without consumers is deleted; otherwise its unacked messages are requeued.
 */
export function closeChannel(s: SimState, ch: ChannelState, error: BrokerError | undefined, ev: Ev): void {
  ch.open = false
  const touched: QueueState[] = []
  for (const c of ch.consumers.values()) if (!touched.includes(c.queue)) touched.push(c.queue)
  for (const p of ch.pending.values()) if (!touched.includes(p.queue)) touched.push(p.queue)
  const pending = [...ch.pending.values()]
  let requeued = 0
  ch.pending.clear()
  for (const q of touched) {
    for (const c of [...q.consumers]) if (c.channel === ch) removeConsumer(s, c, false, ev)
    if (q.deleted) continue
    if (q.def.autoDelete && q.hasHadConsumers && q.consumers.length === 0) {
      removeQueue(s, q, 'auto-delete', ev)
      continue
    }
    const list = pending.filter((p) => p.queue === q)
    if (list.length > 0) {
      if (q.behaviour.kind !== 'stream') requeued += list.length
      requeueAndRun(s, q, list, 'close', ev)
    } else if (q.singleActive !== undefined) deliverReady(s, q, ev)
  }
  ev?.push({ kind: 'channel-closed', channel: ch.name, ...(error !== undefined ? { error } : {}), requeued })
  flush(s, ev)
}

/** A failure: a channel error closes the channel it happened on (when there is one). */
export function fail(s: SimState, error: BrokerError, channel: string | undefined, ev: Ev): Failure {
  const ch = channel === undefined ? undefined : s.channels.get(channel)
  if (ch !== undefined && ch.open) {
    const closing = { ...error, closedChannel: ch.name }
    closeChannel(s, ch, closing, ev)
    return { ok: false, error: closing, events: ev ?? NO_EVENTS }
  }
  return { ok: false, error, events: ev ?? NO_EVENTS }
}

export function failPublish(s: SimState, error: BrokerError, route: RouteResult, ch: ChannelState, ev: Ev): PublishOutcome {
  const failure = fail(s, error, ch.name, ev)
  return { ok: false, route, confirm: 'none', returned: false, error: failure.error, events: failure.events }
}
