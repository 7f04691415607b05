import { exclusiveLocked } from './errors.js'
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
