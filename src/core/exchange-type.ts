import type { AmqpTable } from './amqp-value.js'
import type { Binding, DestinationType } from './model.js'
import type { VersionRules } from './versions.js'

/** What a message offers an exchange type: all its routing keys (key, CC, BCC) and the headers it can see. */
export interface RoutableMessage {
  /** routing key first, then CC, then BCC keys (duplicates possible; RabbitMQ routes each). */
  readonly routingKeys: readonly string[]
  /** Message headers as the headers exchange sees them (BCC already removed, CC kept). */
  readonly headers: AmqpTable
}

export interface Destination { readonly type: DestinationType; readonly name: string }

/** One binding that matched, and which of the message's routing keys made it match (empty for fanout/headers). */
export interface BindingMatch {
  readonly binding: Binding
  readonly keys: readonly string[]
}

/** Why a binding did not match, for `trace --verbose` and `explain`. */
export interface BindingMiss {
  readonly binding: Binding
  readonly reason: string
}

export interface Matcher {
  /** Matching bindings (a destination may appear more than once; route.ts dedups). */
  match(msg: RoutableMessage): readonly BindingMatch[]
  /** Every binding with whether it matched and why not: slower, for explanations only. */
  explain(msg: RoutableMessage): { readonly matches: readonly BindingMatch[]; readonly misses: readonly BindingMiss[] }
  /**
   * Optional fast path for ONE routing key: pushes the positions (in the array given to `compile`) of the
   * matching bindings, each once, so the router can resolve destinations from precomputed tables.
   */
  matchIndices?(routingKey: string, headers: AmqpTable, out: number[]): void
  /**
   * true when `matchIndices` does not read the routing key (fanout, headers), so a message with CC/BCC keys
   * is matched once instead of once per key. Headers passed to `matchIndices` may still hold BCC: a matcher
   * that reads headers ignores it. Default: false
   */
  readonly ignoresRoutingKey?: boolean
}

export interface BindingProblem { readonly code: number; readonly message: string }

/** One exchange type, as RabbitMQ's rabbit_exchange_type behaviour: validate bindings, compile once, route many. */
export interface ExchangeType {
  readonly kind: string
  /** Bind-time validation as the broker does it (e.g. headers x-match, topic `#` limit): null when valid. */
  validateBinding(binding: Binding, rules: VersionRules): BindingProblem | null
  compile(bindings: readonly Binding[], rules: VersionRules): Matcher
}
