import { deadLetter } from './dead-lettering.js'
import type { Ev, SimState } from './sim-state.js'
import type { QueueState } from './state.js'

// Expiry: per-message TTL at the head of a queue and a queue's own x-expires (the clock in clock.ts drives both).

/** When x-expires deletes this queue if it stays unused (never while it has consumers). */
export function expiryDeadline(s: SimState, q: QueueState): number | undefined {
  const e = q.effective.expires
  return e === undefined || q.consumers.length > 0 ? undefined : q.lastUsed + e
}

/** drop_expired_msgs: dead-letter (reason expired) the expired messages at the head, and only there. */
export function dropExpired(s: SimState, q: QueueState, ev: Ev): void {
  for (let head = q.ready.peekFront(); head?.expiresAt !== undefined && head.expiresAt <= s.now; head = q.ready.peekFront()) {
    q.ready.shift()
    q.readyBytes -= head.msg.view.bodySize
    deadLetter(s, q, head.msg, 'expired', ev)
  }
}
