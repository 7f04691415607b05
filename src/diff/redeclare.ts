import { numberArg, type AmqpTable } from '../core/amqp-value.js'
import type { Topology } from '../core/model.js'
import type { VersionRules } from '../core/versions.js'
import { Broker } from '../broker/broker.js'
import { vhostNames } from './entities.js'
import type { RefusedRedeclare } from './types.js'

/**
 * Queue arguments whose effective value is the smaller of the argument and the policy
 * (rabbit_amqqueue_process:process_args_policy/1, rabbit_quorum_queue:gather_policy_config/2): a policy can lower
 * them on a running queue, never raise them while the argument stays.
 */
const MIN_OF_BOTH: ReadonlyMap<string, string> = new Map([
  ['x-message-ttl', 'message-ttl'], ['x-expires', 'expires'], ['x-max-length', 'max-length'],
  ['x-max-length-bytes', 'max-length-bytes'], ['x-delivery-limit', 'delivery-limit'],
])

function queueAdvice(key: string | undefined, oldArgs: AmqpTable, newArgs: AmqpTable, type: string): string {
  const recreate = 'delete and recreate the queue (its messages are lost), or declare a new queue under another name and move consumers to it'
  if (key === undefined) return recreate
  const policyKey = MIN_OF_BOTH.get(key)
  if (policyKey !== undefined) {
    const before = numberArg(oldArgs, key)
    const after = numberArg(newArgs, key)
    if (before !== undefined && after !== undefined && after < before) {
      return `keep the argument at ${before} and set ${policyKey}: ${after} with a policy (the smaller of argument and policy applies to the running queue), or ${recreate}`
    }
    return `a policy cannot do it: the smaller of argument and policy applies, so ${policyKey} can only be lowered while the argument stays; ${recreate}`
  }
  if (key === 'x-overflow' && type === 'quorum') return `keep the argument and set overflow with a policy (for quorum queues the policy wins), or ${recreate}`
  if (key === 'x-dead-letter-exchange' || key === 'x-dead-letter-routing-key' || key === 'x-overflow') {
    return `a policy cannot do it while the argument stays (the argument wins over the policy); ${recreate}`
  }
  return recreate
}

/**
 * Declares each exchange and queue of the new version on a simulated broker that holds the old version, as a
 * deployment redeclaring them against a running broker would. The broker applies RabbitMQ's checks:
 * rabbit_exchange:assert_equivalence (type, durable, auto_delete, internal, then the alternate-exchange argument)
 * and rabbit_amqqueue:assert_equivalence (durable, auto_delete, exclusive, then the arguments the queue type
 * declares, x-queue-type included). A refusal is 406 PRECONDITION_FAILED (405 RESOURCE_LOCKED for exclusive).
 */
export function refusedRedeclares(oldT: Topology, newT: Topology, rules: VersionRules): RefusedRedeclare[] {
  const out: RefusedRedeclare[] = []
  for (const vhost of vhostNames(oldT, newT)) {
    const a = oldT.vhosts.get(vhost)
    const b = newT.vhosts.get(vhost)
    if (a === undefined || b === undefined) continue
    const broker = new Broker({ topology: oldT, vhost, rules, recordEvents: false })
    for (const x of b.exchanges.values()) {
      const old = a.exchanges.get(x.name)
      if (old === undefined) continue
      const r = broker.declareExchange({ name: x.name, type: x.type, durable: x.durable, autoDelete: x.autoDelete, internal: x.internal, arguments: x.arguments })
      if (r.ok) continue
      const onlyAe = old.type === x.type && old.durable === x.durable && old.autoDelete === x.autoDelete && old.internal === x.internal
      out.push({
        vhost, kind: 'exchange', name: x.name, code: r.error.code, message: r.error.message,
        advice: onlyAe
          ? 'set the alternate exchange with a policy (alternate-exchange) and drop the argument, or delete and recreate the exchange (its bindings go with it: redeclare them)'
          : 'delete and recreate the exchange (its bindings go with it: redeclare them), or declare a new exchange under another name and move publishers to it',
      })
    }
    for (const q of b.queues.values()) {
      const old = a.queues.get(q.name)
      if (old === undefined) continue
      const r = broker.declareQueue({ name: q.name, durable: q.durable, exclusive: q.exclusive, autoDelete: q.autoDelete, arguments: q.arguments })
      if (r.ok) continue
      const key = /inequivalent arg '([^']+)'/.exec(r.error.message)?.[1]
      const advice = key === 'x-queue-type' || old.type !== q.type
        ? `the queue type cannot change in place: declare a new ${q.type} queue under another name, move consumers and bindings, drain the old one, then delete it (deleting and recreating loses its messages)`
        : queueAdvice(key, old.arguments, q.arguments, q.type)
      out.push({ vhost, kind: 'queue', name: q.name, code: r.error.code, message: r.error.message, advice })
    }
  }
  return out
}
