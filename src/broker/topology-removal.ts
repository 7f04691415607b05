import { removeConsumer } from './consumers.js'
import type { Ev, SimState } from './sim-state.js'
import type { QueueState } from './state.js'

// Removing queues and exchanges (delete, x-expires, auto-delete) and the bindings that go with them.

export function removeQueue(s: SimState, q: QueueState, reason: 'deleted' | 'x-expires' | 'auto-delete' | 'owner-closed', ev: Ev): void {
  if (q.deleted) return
  const messages = s.messageCount(q) + (q.behaviour.kind === 'stream' ? 0 : q.unacked)
  for (const c of [...q.consumers]) removeConsumer(s, c, true, ev)
  q.deleted = true
  q.ready.clear()
  q.log.length = 0
  q.readyBytes = 0
  s.queues.delete(q.def.name)
  const sources = new Set<string>()
  s.bindings = s.bindings.filter((b) => {
    const keep = !(b.destinationType === 'queue' && b.destination === q.def.name)
    if (!keep) sources.add(b.source)
    return keep
  })
  s.invalidate()
  ev?.push({ kind: 'queue-deleted', queue: q.def.name, reason, messages })
  for (const source of sources) maybeAutoDeleteExchange(s, source, ev)
}

export function removeExchange(s: SimState, name: string, reason: 'deleted' | 'auto-delete', ev: Ev): void {
  s.exchanges.delete(name)
  const sources = new Set<string>()
  s.bindings = s.bindings.filter((b) => {
    const keep = b.source !== name && !(b.destinationType === 'exchange' && b.destination === name)
    if (!keep && b.source !== name) sources.add(b.source)
    return keep
  })
  s.invalidate()
  ev?.push({ kind: 'exchange-deleted', exchange: name, reason })
  for (const source of sources) maybeAutoDeleteExchange(s, source, ev)
}

/** An auto-delete exchange goes when its last binding (as a source) goes (rabbit_exchange:maybe_auto_delete). */
export function maybeAutoDeleteExchange(s: SimState, name: string, ev: Ev): void {
  const x = s.exchanges.get(name)
  if (x === undefined || !x.autoDelete || s.bindings.some((b) => b.source === name)) return
  removeExchange(s, name, 'auto-delete', ev)
}
