import { exclusiveLocked, notFound } from './errors.js'
import type { SimState } from './sim-state.js'
import type { QueueState } from './state.js'
import type { BrokerError } from './types.js'

// Exclusive queues belong to the connection that declared them (rabbit_amqqueue:check_exclusive_access, lax):
// another connection gets 405 RESOURCE_LOCKED on basic.get, basic.consume, a passive declare, delete, purge and
// bind/unbind (rabbit_channel: with_exclusive_access_or_die, binding_action). Publishing to it is allowed.

/** The 405 a call on `channel` gets for queue `q`, or undefined when it may use it. */
export function exclusiveAccessError(s: SimState, q: QueueState, channel: string | undefined, connection?: string): BrokerError | undefined {
  if (q.owner === undefined || q.owner === s.callerConnection(channel, connection)) return undefined
  return exclusiveLocked(q.def.name, s.vhost)
}

/** The queue a basic.get or basic.consume on `channel` may use: it, or the 404 (no such queue) or 405 (locked) it gets. */
export function queueForChannel(s: SimState, queue: string, channel: string): { readonly queue: QueueState } | { readonly error: BrokerError } {
  const q = s.queues.get(queue)
  if (q === undefined) return { error: notFound(`no queue '${queue}' in vhost '${s.vhost}'`) }
  const locked = exclusiveAccessError(s, q, channel)
  return locked === undefined ? { queue: q } : { error: locked }
}
