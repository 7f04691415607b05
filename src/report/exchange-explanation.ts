import { EMPTY_TABLE, type AmqpTable } from '../core/amqp-value.js'
import type { Binding } from '../core/model.js'
import type { Publish, RouteResult } from '../core/route-types.js'
import type { Router } from '../core/router.js'
import { routingKeysOf } from '../core/routing-headers.js'
import { explainTopic, summariseTopicMiss, type TopicExplanation } from '../core/topic-explain.js'
import { explainHeadersBinding, type HeadersBindingExplanation } from '../core/headers.js'
import { closestName } from './suggest.js'

export type KeyOrigin = 'key' | 'CC' | 'BCC'

/** One of the message's routing keys tested against a topic or direct binding. */
export interface KeyCheck {
  readonly key: string
  readonly origin: KeyOrigin
  readonly matches: boolean
  /** Topic exchanges: the word alignment. */
  readonly topic?: TopicExplanation
  /** Direct exchanges: the binding key and this key differ only in letter case. */
  readonly caseOnly?: boolean
}

/** One binding of the explained exchange, matched or not, and why. */
export interface BindingExplanation {
  readonly binding: Binding
  readonly matched: boolean
  /** One line: "matches", or why not. */
  readonly reason: string
  /** Topic and direct: each routing key of the message (routing key, CC, BCC). */
  readonly keys?: readonly KeyCheck[]
  /** Headers: per condition, with value types. */
  readonly headers?: HeadersBindingExplanation
  /** The exchange type is a plugin the simulator cannot evaluate. */
  readonly unsupported?: true
}

/** `rmq-sim explain <topology> --exchange X`: every binding of X against one message. Pure data. */
export interface ExchangeExplanation {
  readonly vhost: string
  readonly rabbitmq: string
  readonly exchange: string
  readonly type: string
  readonly publish: Publish
  readonly routingKeys: readonly { readonly key: string; readonly origin: KeyOrigin }[]
  /** The headers the headers exchange sees (BCC removed). */
  readonly headers: AmqpTable
  readonly bindings: readonly BindingExplanation[]
  /** The full route of the same publish (queues reached, AE use, channel errors). */
  readonly route: RouteResult
  /** On 404: the exchange name most like the one asked for. */
  readonly didYouMean?: string
}

/** Routing keys with their origin: [routing key, ...CC, ...BCC], as rabbit_basic:header_routes/1 builds them. */
function labelledKeys(publish: Publish): { key: string; origin: KeyOrigin }[] {
  const out: { key: string; origin: KeyOrigin }[] = [{ key: publish.routingKey, origin: 'key' }]
  for (const origin of ['CC', 'BCC'] as const) {
    const v = publish.headers?.get(origin)
    if (v?.type === 'array') for (const e of v.value) if (e.type === 'longstr') out.push({ key: e.value, origin })
  }
  return out
}

/** Explains every binding of `publish.exchange` for this message, using the core's own matching rules. */
export function explainExchange(router: Router, publish: Publish): ExchangeExplanation {
  const route = router.trace(publish, { explain: true })
  const x = router.exchange(publish.exchange)
  const rk = routingKeysOf(publish.routingKey, publish.headers ?? EMPTY_TABLE)
  const headers = 'error' in rk ? (publish.headers ?? EMPTY_TABLE) : rk.headersWithoutBcc
  const keys = labelledKeys(publish)
  const type = x?.type ?? 'unknown'
  const simulated = x !== undefined && router.isSimulated(x.name)
  const bindings = x === undefined ? [] : router.bindingsFrom(x.name).map((b) => explainBinding(b, type, simulated, keys, headers, router))
  // bindings an import would skip (destination not declared) never match: shown, so the file's binding is not lost
  if (x !== undefined) for (const b of router.undeclaredBindingsFrom(x.name)) bindings.push({ binding: b, matched: false, reason: 'skipped: destination not declared (an import leaves the binding out)' })
  const didYouMean = route.error?.code === 404 ? closestName(publish.exchange, router.exchanges().map((e) => e.name)) : undefined
  return {
    vhost: router.vhost, rabbitmq: router.rules.label, exchange: publish.exchange, type, publish,
    routingKeys: keys, headers, bindings, route, ...(didYouMean !== undefined ? { didYouMean } : {}),
  }
}

function explainBinding(b: Binding, type: string, simulated: boolean, keys: readonly { key: string; origin: KeyOrigin }[], headers: AmqpTable, router: Router): BindingExplanation {
  if (!simulated) return { binding: b, matched: false, reason: `cannot simulate ${type}: unknown`, unsupported: true }
  switch (type) {
    case 'fanout': return { binding: b, matched: true, reason: 'fanout: every binding matches, keys ignored' }
    case 'headers': {
      const h = explainHeadersBinding(b.arguments, headers, router.rules)
      return { binding: b, matched: h.matched, reason: h.summary, headers: h }
    }
    case 'topic': {
      const checks: KeyCheck[] = keys.map(({ key, origin }) => {
        const topic = explainTopic(b.routingKey, key)
        return { key, origin, matches: topic.matches, topic }
      })
      const hit = checks.find((c) => c.matches)
      const reason = hit ? `matches ${hit.origin === 'key' ? 'the routing key' : `${hit.origin} key`} ${JSON.stringify(hit.key)}` : checks.length === 1 ? summariseTopicMiss(checks[0]!.topic!) : 'no routing key matches'
      return { binding: b, matched: hit !== undefined, reason, keys: checks }
    }
    default: {
      // direct: rabbit_exchange_type_direct, binding key =:= routing key
      const checks: KeyCheck[] = keys.map(({ key, origin }) => {
        const matches = key === b.routingKey
        return { key, origin, matches, ...(!matches && key.toLowerCase() === b.routingKey.toLowerCase() ? { caseOnly: true } : {}) }
      })
      const hit = checks.find((c) => c.matches)
      const caseOnly = checks.find((c) => c.caseOnly)
      const reason = hit ? `equal to ${hit.origin === 'key' ? 'the routing key' : `${hit.origin} key`} ${JSON.stringify(hit.key)}`
        : caseOnly ? `${JSON.stringify(caseOnly.key)} differs only in letter case: direct matching is byte-exact`
          : `no routing key equals ${JSON.stringify(b.routingKey)} (direct: exact, byte-wise)`
      return { binding: b, matched: hit !== undefined, reason, keys: checks }
    }
  }
}
