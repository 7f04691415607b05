import { flush } from './dispatch.js'
import { dropExpired, expiryDeadline } from './expiry.js'
import { NO_EVENTS } from './sim-state.js'
import type { SimState } from './sim-state.js'
import { removeQueue } from './topology-removal.js'
import type { BrokerEvent } from './types.js'

/** Advances the simulated clock: TTL expiry at queue heads and x-expires, in time order. */
export function tick(s: SimState, ms: number): { readonly now: number; readonly events: readonly BrokerEvent[] } {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`tick: expected a non-negative number of ms, got ${ms}`)
  const ev = s.ev()
  const target = s.now + ms
  for (;;) {
    let next: number | undefined
    for (const q of s.queues.values()) {
      const head = q.ready.peekFront()
      if (head?.expiresAt !== undefined && (next === undefined || head.expiresAt < next)) next = head.expiresAt
      const expiry = expiryDeadline(s, q)
      if (expiry !== undefined && (next === undefined || expiry < next)) next = expiry
    }
    if (next === undefined || next > target) break
    if (next > s.now) s.now = next
    for (const q of [...s.queues.values()]) {
      dropExpired(s, q, ev)
      const expiry = expiryDeadline(s, q)
      if (expiry !== undefined && expiry <= s.now) removeQueue(s, q, 'x-expires', ev)
    }
    flush(s, ev)
  }
  s.now = target
  ev?.push({ kind: 'clock', now: target })
  return { now: target, events: ev ?? NO_EVENTS }
}
