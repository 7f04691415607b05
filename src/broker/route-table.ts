import type { AmqpTable } from '../core/amqp-value.js'
import type { Exchange, VhostTopology } from '../core/model.js'
import type { RouteResult } from '../core/route-types.js'
import { createRouter } from '../core/router.js'
import type { Router } from '../core/router.js'
import type { VersionRules } from '../core/versions.js'

/** A broker's two routers for a vhost topology: the publish router and the dead-letter one (BrokerOptions.routers). */
export interface BrokerRouters {
  readonly router: Router
  readonly deadLetterRouter: Router
}

/** Compiles the routers a Broker would compile for `vhost`: compile once, start many brokers from one topology. */
export function compileBrokerRouters(vhost: VhostTopology, rules: VersionRules): BrokerRouters {
  return { router: createRouter(vhost, rules), deadLetterRouter: createRouter(deadLetterTopology(vhost), rules) }
}

/** The topology dead letters are routed in: no exchange is internal (the broker itself publishes them). */
function deadLetterTopology(vt: VhostTopology): VhostTopology {
  const exchanges = new Map<string, Exchange>()
  for (const [n, x] of vt.exchanges) exchanges.set(n, x.internal ? { ...x, internal: false } : x)
  return { ...vt, exchanges }
}

/** Cached header-less routes per broker (cleared on any topology change, or when full). */
const ROUTE_CACHE_SIZE = 10_000

/**
 * The broker's compiled routers over its live topology, rebuilt lazily after any topology change, and a cache of
 * header-less routes per (exchange, key, mandatory): the answer depends on nothing else, and bulk publishing
 * repeats keys.
 */
export class RouteTable {
  readonly #topology: () => VhostTopology
  readonly #rules: VersionRules
  #router: Router | undefined
  #dlRouter: Router | undefined
  /** Header-less routes per exchange, then routing key (mandatory ones in a map of their own). */
  readonly #routeCache = new Map<string, Map<string, RouteResult>>()
  readonly #mandatoryRouteCache = new Map<string, Map<string, RouteResult>>()
  #routeCacheSize = 0

  constructor(topology: () => VhostTopology, rules: VersionRules, compiled?: BrokerRouters) {
    this.#topology = topology
    this.#rules = rules
    this.#router = compiled?.router
    this.#dlRouter = compiled?.deadLetterRouter
  }

  router(): Router {
    return (this.#router ??= createRouter(this.#topology(), this.#rules))
  }

  /** A router in which no exchange is internal, for dead letters whose DLX is internal. */
  deadLetterRouter(): Router {
    return (this.#dlRouter ??= createRouter(deadLetterTopology(this.#topology()), this.#rules))
  }

  /** Routes a publish (header-less ones from the cache). */
  route(exchange: string, routingKey: string, headers: AmqpTable, mandatory: boolean): RouteResult {
    if (headers.size > 0) return this.router().route({ exchange, routingKey, headers, mandatory })
    const cache = mandatory ? this.#mandatoryRouteCache : this.#routeCache
    let byKey = cache.get(exchange)
    let route = byKey?.get(routingKey)
    if (route === undefined) {
      route = this.router().route({ exchange, routingKey, headers, mandatory })
      if (this.#routeCacheSize >= ROUTE_CACHE_SIZE) this.#clearCache()
      if (byKey === undefined || this.#routeCacheSize === 0) {
        byKey = cache.get(exchange) ?? new Map<string, RouteResult>()
        cache.set(exchange, byKey)
      }
      byKey.set(routingKey, route)
      this.#routeCacheSize++
    }
    return route
  }

  /** The topology changed: routers and cached routes are stale. */
  invalidate(): void {
    this.#router = undefined
    this.#dlRouter = undefined
    this.#clearCache()
  }

  #clearCache(): void {
    this.#routeCache.clear()
    this.#mandatoryRouteCache.clear()
    this.#routeCacheSize = 0
  }
}
