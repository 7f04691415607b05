import { closeChannel } from './channels.js'
import { flush } from './dispatch.js'
import { channelError } from './errors.js'
import { NO_EVENTS } from './sim-state.js'
import type { SimState } from './sim-state.js'
import { removeQueue } from './topology-removal.js'
import type { ConnectionInfo, Outcome } from './types.js'

// Connections: they own channels and exclusive queues. Closing one closes its channels (consumers cancelled,
// unacked messages requeued), then deletes the exclusive queues it declared (rabbit_amqqueue: the queue
// process monitors its exclusive owner and deletes itself when the owner goes; the messages are discarded).

/** Opens a connection (a generated name when none is given) and returns its name. Reopening an open one is a no-op. */
export function openConnection(s: SimState, name?: string): string {
  let n = name
  if (n === undefined) {
    do n = `conn${++s.conn}`
    while (s.connections.get(n)?.open === true)
  }
  s.connection(n, undefined)
  return n
}

/** connection.close: closes its channels, then deletes its exclusive queues. */
export function connectionClose(s: SimState, name: string): Outcome {
  const ev = s.ev()
  const conn = s.connections.get(name)
  if (conn === undefined || !conn.open) return { ok: false, error: channelError(`connection '${name}' is not open`), events: ev ?? NO_EVENTS }
  const closed: string[] = []
  for (const ch of [...s.channels.values()]) {
    if (!ch.open || ch.connection !== conn) continue
    closeChannel(s, ch, undefined, ev)
    closed.push(ch.name)
  }
  conn.open = false
  for (const q of [...s.queues.values()]) if (q.owner === conn) removeQueue(s, q, 'owner-closed', ev)
  ev?.push({ kind: 'connection-closed', connection: name, channels: closed })
  flush(s, ev)
  return { ok: true, events: ev ?? NO_EVENTS }
}

export function connectionList(s: SimState): readonly ConnectionInfo[] {
  return [...s.connections.values()].filter((c) => c.open).map((c) => ({
    name: c.name,
    channels: [...s.channels.values()].filter((ch) => ch.open && ch.connection === c).map((ch) => ch.name),
    exclusiveQueues: [...s.queues.values()].filter((q) => q.owner === c).map((q) => q.def.name),
  }))
}
