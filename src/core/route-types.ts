import type { AmqpTable } from './amqp-value.js'
import type { Binding } from './model.js'
import type { BindingMatch, BindingMiss } from './exchange-type.js'

/** A basic.publish as the router sees it. CC and BCC travel as headers, as in AMQP (rabbit_basic.erl). */
export interface Publish {
  readonly exchange: string
  readonly routingKey: string
  /** Message headers; `CC` / `BCC` must be arrays (longstr elements are extra routing keys). */
  readonly headers?: AmqpTable
  /** Unroutable + mandatory = basic.return 312 NO_ROUTE. */
  readonly mandatory?: boolean
}

/** A channel error RabbitMQ raises for the publish itself (the channel closes). */
export interface PublishError {
  readonly code: 403 | 404 | 406
  readonly name: 'ACCESS_REFUSED' | 'NOT_FOUND' | 'PRECONDITION_FAILED'
  /** RabbitMQ's text, e.g. "NOT_FOUND - no exchange 'x' in vhost '/'" */
  readonly message: string
}

/** How the walk reached an exchange. */
export type HopCause =
  | { readonly kind: 'publish' }
  | { readonly kind: 'binding'; readonly from: string; readonly binding: Binding; readonly keys: readonly string[] }
  | { readonly kind: 'alternate-exchange'; readonly from: string; readonly source: 'argument' | 'policy'; readonly policy?: string }

export interface AlternateExchangeInfo {
  readonly name: string
  readonly source: 'argument' | 'policy'
  readonly policy?: string
  /** true when this exchange's own bindings matched nothing, so the AE was consulted */
  readonly used: boolean
  /** the AE names an exchange that does not exist (the message is dropped there, silently) */
  readonly missing: boolean
}

/** One exchange visited by the walk (rabbit_exchange:route1/4), in visiting order. */
export interface Hop {
  readonly exchange: string
  readonly type: string
  readonly cause: HopCause
  readonly matches: readonly BindingMatch[]
  /** Bindings tested that did not match, with the reason: only when routed with `{ explain: true }`. */
  readonly misses?: readonly BindingMiss[]
  readonly alternate?: AlternateExchangeInfo
  /** The exchange type is a plugin the simulator cannot route: the answer is partial at this hop. */
  readonly unsupported?: boolean
  /** Default exchange: each routing key names a queue; `missingQueues` lists keys naming none. */
  readonly defaultExchange?: { readonly queues: readonly string[]; readonly missingQueues: readonly string[] }
  /** An exchange destination was skipped because it was already visited (cycle or diamond). */
  readonly skippedSeen?: readonly string[]
  /** An exchange destination that does not exist (dangling E2E binding): silently skipped, as RabbitMQ does. */
  readonly skippedMissing?: readonly string[]
  /** Queue destinations of matched bindings that name no declared queue: dropped, as RabbitMQ does. */
  readonly droppedQueues?: readonly string[]
  /**
   * Only with `{ explain: true }`: this exchange's bindings whose destination the topology does not declare. An
   * import skips them, so they never match (and do not stop the alternate exchange).
   */
  readonly undeclared?: readonly Binding[]
}

/** Every way a queue was reached: one delivery per queue however many paths (one copy per queue). */
export interface QueueRoute {
  readonly queue: string
  readonly via: readonly { readonly exchange: string; readonly binding?: Binding; readonly keys: readonly string[] }[]
}

export interface RouteResult {
  /** Set when the publish itself fails (404 missing exchange, 403 internal exchange, 406 bad CC/BCC). */
  readonly error?: PublishError
  /** Names of the queues that get a copy, each once, by code point (RabbitMQ: lists:usort of the names as UTF-8). */
  readonly queues: readonly string[]
  /** Why each queue was reached. From `router.route()`, worked out by the full walk on first read. */
  readonly routes: readonly QueueRoute[]
  /** At least one queue got the message (an AE delivery counts as routed). */
  readonly routed: boolean
  /** mandatory and not routed: basic.return 312 NO_ROUTE */
  readonly returned: boolean
  /** Every exchange visited, in order. From `router.route()`, worked out by the full walk on first read. */
  readonly hops: readonly Hop[]
  /** Exchanges of a type the simulator cannot route that the message reached. */
  readonly unsupported: readonly string[]
  /** The message's routing keys: routing key, then CC, then BCC. */
  readonly routingKeys: readonly string[]
}

export interface RouteOptions {
  /** Also record the bindings that did not match and why (slower). Default: false */
  readonly explain?: boolean
  /**
   * Route as the broker itself publishes (dead-lettering, rabbit_dead_letter:publish/5): no channel checks,
   * so an internal exchange is accepted as the starting exchange. Default: false
   */
  readonly internal?: boolean
}
