import type { Ev, SimState } from './sim-state.js'
import { singleActiveOnRemove } from './single-active.js'
import type { ConsumerState } from './state.js'

// Removing a consumer (basic.cancel, channel close, queue deletion); single-active-consumer hands over.

export function removeConsumer(s: SimState, c: ConsumerState, byBroker: boolean, ev: Ev): void {
  if (c.cancelled) return
  c.cancelled = true
  const q = c.queue
  const i = q.consumers.indexOf(c)
  if (i >= 0) q.consumers.splice(i, 1)
  const j = q.active.indexOf(c)
  if (j >= 0) q.active.splice(j, 1)
  c.channel.consumers.delete(c.tag)
  q.lastUsed = s.now
  ev?.push({ kind: 'consumer-cancelled', queue: q.def.name, consumerTag: c.tag, channel: c.channel.name, byBroker })
  // Single active consumer: when the active one goes, the next becomes active. The caller runs the queue
  // (deliverReady) once it is done removing.
  if (q.singleActive !== undefined) singleActiveOnRemove(q, q.singleActive, c)
}
