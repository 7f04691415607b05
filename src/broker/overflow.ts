import { deadLetter } from './dead-lettering.js'
import type { Ev, SimState } from './sim-state.js'
import type { QueuedMessage, QueueState } from './state.js'

// Length limits with overflow drop-head: the oldest messages leave (dead, reason maxlen) to make room.

/** maybe_drop_head (overflow drop-head): dead-letter (reason maxlen) the head while the queue is over a limit. */
export function maybeDropHead(s: SimState, q: QueueState, ev: Ev): void {
  const limits = q.effective
  if (limits.overflow !== 'drop-head' || (limits.maxLength === undefined && limits.maxLengthBytes === undefined)) return
  while (q.ready.length > 0 && q.behaviour.overLimit(limits, q.ready.length, q.readyBytes)) {
    const head = q.ready.shift() as QueuedMessage
    q.readyBytes -= head.msg.view.bodySize
    deadLetter(s, q, head.msg, 'maxlen', ev)
  }
}
