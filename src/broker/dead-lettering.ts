import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import type { Publish } from '../core/route-types.js'
import { failedRoute } from './broker-support.js'
import { isDeathCycle, makeDeadLetter } from './dead-letter.js'
import { NO_KEYS } from './sim-state.js'
import type { Ev, SimState } from './sim-state.js'
import type { QueueState, StoredMessage } from './state.js'
import type { DeadLetterReason } from './types.js'

// Dead-lettering: a message that leaves a queue dead is copied (x-death recorded) and routed from the queue's
// dead-letter exchange. The copies wait in the outbox and are delivered at the end of the step (dispatch.ts flush).

/**
 * rabbit_dead_letter:publish: no DLX → dropped; a DLX that does not exist → dropped silently; else the copy
 * (x-death recorded) goes through the full route from the DLX, minus the cycle targets (not for `rejected`).
 */
export function deadLetter(s: SimState, q: QueueState, msg: StoredMessage, reason: DeadLetterReason, ev: Ev): void {
  const dlx = q.effective.deadLetterExchange
  if (dlx === undefined) {
    ev?.push({ kind: 'dropped', queue: q.def.name, reason, message: msg.view })
    return
  }
  const dlrk = q.effective.deadLetterRoutingKey
  const copy = makeDeadLetter(msg, reason, q.def.name, dlx, dlrk, s.now, ++s.seq, s.rules)
  const x = s.exchange(dlx)
  if (x === undefined) {
    ev?.push({
      kind: 'dead-lettered', queue: q.def.name, reason, dlx, routingKeys: copy.routingKeys, route: failedRoute(copy.view.routingKey),
      queues: NO_KEYS, cycleDropped: NO_KEYS, missingDlx: true, original: msg.view, message: copy.view,
    })
    return
  }
  let headers: AmqpTable = copy.view.headers
  if (copy.bccKeys.length > 0) {
    const h = new Map(headers)
    h.set('BCC', { type: 'array', value: copy.bccKeys.map((k): AmqpValue => ({ type: 'longstr', value: k })) })
    headers = h
  }
  const publish: Publish = { exchange: dlx, routingKey: copy.view.routingKey, headers }
  // The DLX may be internal: dead-lettering routes from it directly (rabbit_exchange:route), no publish check.
  const route = (x.internal ? s.routes.deadLetterRouter() : s.routes.router()).route(publish)
  const targets: string[] = []
  const cycleDropped: string[] = []
  for (const name of route.queues) {
    if (!s.queues.has(name)) continue
    if (reason !== 'rejected' && isDeathCycle(name, copy.deaths)) cycleDropped.push(name)
    else targets.push(name)
  }
  ev?.push({
    kind: 'dead-lettered', queue: q.def.name, reason, dlx, routingKeys: copy.routingKeys, route,
    queues: targets, cycleDropped, missingDlx: false, original: msg.view, message: copy.view,
  })
  if (targets.length > 0) s.outbox.push({ copy, targets })
}
