import type { Hop, Publish, QueueRoute, RouteOptions, RouteResult } from './route-types.js'

/** What can work out the full answer (hops and routes) of a publish: the router's `trace`. */
export interface RouteDetailSource {
  trace(publish: Publish, opts?: RouteOptions): RouteResult
}

/**
 * The answer of `router.route()`: the queues, `routed`, `returned`, `unsupported` and routing keys are computed
 * by the walk; `hops` and `routes` (why each queue was reached) only when first read, by the router's full
 * walk over the same publish (so the publish's headers must not be changed before they are read), and callers
 * that only want queue names never pay for explanation objects.
 * `toJSON()` includes them, so `JSON.stringify` gives the same text as the full result.
 */
export class RouteOutcome implements RouteResult {
  readonly queues: readonly string[]
  readonly routed: boolean
  readonly returned: boolean
  readonly unsupported: readonly string[]
  /** undefined until read when the publish has one routing key (no CC/BCC) */
  #keys: readonly string[] | undefined
  #routingKey: string
  #source: RouteDetailSource | undefined
  #publish: Publish | undefined
  #opts: RouteOptions | undefined
  #full: RouteResult | undefined

  constructor(
    queues: readonly string[], returned: boolean, unsupported: readonly string[], routingKeys: readonly string[] | undefined,
    source: RouteDetailSource, publish: Publish, opts: RouteOptions | undefined,
  ) {
    this.queues = queues
    this.routed = queues.length > 0
    this.returned = returned
    this.unsupported = unsupported
    this.#keys = routingKeys
    this.#routingKey = publish.routingKey
    this.#source = source
    this.#publish = publish
    this.#opts = opts
    this.#full = undefined
  }

  /** The message's routing keys: routing key, then CC, then BCC. */
  get routingKeys(): readonly string[] {
    return (this.#keys ??= [this.#routingKey])
  }

  /** Every exchange the walk visited (worked out on first read). */
  get hops(): readonly Hop[] {
    return this.#detail().hops
  }

  /** Every way each queue was reached (worked out on first read). */
  get routes(): readonly QueueRoute[] {
    return this.#detail().routes
  }

  toJSON(): RouteResult {
    const d = this.#detail()
    return { queues: this.queues, routes: d.routes, routed: this.routed, returned: this.returned, hops: d.hops, unsupported: this.unsupported, routingKeys: this.routingKeys }
  }

  #detail(): RouteResult {
    if (this.#full === undefined) {
      this.#full = this.#source!.trace(this.#publish!, this.#opts)
      // the publish and router are no longer needed
      this.#source = undefined
      this.#publish = undefined
      this.#opts = undefined
    }
    return this.#full
  }
}
