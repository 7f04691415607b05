import { EMPTY_TABLE } from '../core/amqp-value.js'
import { failedRoute, parseExpiration, routingHeader } from './broker-support.js'
import { channelNamed, DEFAULT_CHANNEL, failPublish } from './channels.js'
import { parseClientDeaths } from './dead-letter.js'
import { deliverToQueue, flush } from './dispatch.js'
import { accessRefused, notFound, preconditionFailed } from './errors.js'
import { NO_EVENTS, NO_KEYS } from './sim-state.js'
import type { SimState } from './sim-state.js'
import type { Death, StoredMessage } from './state.js'
import type { BrokerMessage, MessageProperties, PublishOutcome, PublishRequest } from './types.js'

/** basic.publish (with publisher confirms): route, enqueue one copy per queue, deliver, confirm. */
const NO_DEATHS: readonly Death[] = Object.freeze([])
const NO_PROPERTIES: MessageProperties = Object.freeze({})

export function basicPublish(s: SimState, request: PublishRequest): PublishOutcome {
  const ev = s.ev()
  const ch = channelNamed(s, request.channel ?? DEFAULT_CHANNEL, ev)
  const headers = request.headers ?? EMPTY_TABLE
  // rabbit_channel basic.publish: lookup_or_die (404), check_internal_exchange (403), expiration (406), message (406).
  const x = s.exchange(request.exchange)
  if (x === undefined) return failPublish(s, notFound(`no exchange '${request.exchange}' in vhost '${s.vhost}'`), failedRoute(request.routingKey), ch, ev)
  if (x.internal) return failPublish(s, accessRefused(`cannot publish to internal exchange '${request.exchange}' in vhost '${s.vhost}'`), failedRoute(request.routingKey), ch, ev)
  const properties = request.properties ?? NO_PROPERTIES
  let ttl: number | undefined
  if (properties.expiration !== undefined) {
    const parsed = parseExpiration(properties.expiration)
    if (typeof parsed === 'string') return failPublish(s, preconditionFailed(`invalid expiration '${properties.expiration}': ${parsed}`), failedRoute(request.routingKey), ch, ev)
    ttl = parsed
  }
  const mandatory = request.mandatory === true
  const route = s.routes.route(request.exchange, request.routingKey, headers, mandatory)
  if (route.error !== undefined) return failPublish(s, route.error, route, ch, ev)

  const body = request.body ?? ''
  let visible = headers
  let cc = NO_KEYS
  let bcc = NO_KEYS
  let deaths: readonly Death[] = NO_DEATHS
  if (headers.size > 0) {
    cc = routingHeader(headers, 'CC')
    bcc = routingHeader(headers, 'BCC')
    if (headers.has('BCC')) {
      const copy = new Map(headers)
      copy.delete('BCC')
      visible = copy
    }
    if (s.rules.clientXDeathInterpreted && headers.has('x-death')) deaths = parseClientDeaths(headers, s.now)
  }
  const view: BrokerMessage = {
    seq: ++s.seq, exchange: request.exchange, routingKey: request.routingKey, body,
    bodySize: typeof body === 'string' ? s.stringSize(body) : body.byteLength, properties, headers: visible,
  }
  const stored: StoredMessage = ttl === undefined
    ? { view, routingKeys: route.routingKeys, ccKeys: cc, bccKeys: bcc, deaths }
    : { view, routingKeys: route.routingKeys, ccKeys: cc, bccKeys: bcc, deaths, ttl }
  ev?.push({ kind: 'published', channel: ch.name, message: view, mandatory })
  let confirm: 'ack' | 'nack' = 'ack'
  // The router's queue set is this broker's (every change rebuilds it), so route.queues all exist.
  const queues = route.queues
  if (queues.length > 0) ev?.push({ kind: 'routed', message: view, queues, route })
  // Copies go out in reverse name order: the channel's rabbit_queue_type:deliver folds the routed queues into
  // per-type lists by prepending, and a real 3.10.8 broker delivers a fanout publish to queues e d c b a, in that
  // order (observed). Between queues this is a race on a real broker; this is its usual outcome.
  for (let i = queues.length - 1; i >= 0; i--) {
    const q = s.queues.get(queues[i] as string)
    if (q !== undefined && !deliverToQueue(s, q, stored, ev)) confirm = 'nack'
  }
  flush(s, ev)
  const returned = mandatory && queues.length === 0
  if (ev !== undefined) {
    if (queues.length === 0) ev.push({ kind: 'unroutable', message: view, route })
    if (returned) ev.push({ kind: 'returned', replyCode: 312, replyText: 'NO_ROUTE', message: view })
    ev.push({ kind: 'confirm', seq: view.seq, result: confirm })
  }
  return { ok: true, route, confirm, returned, message: view, events: ev ?? NO_EVENTS }
}
