import type { DocPath } from '../core/model.js'
import type { Publish } from '../core/route-types.js'
import type { LinePos } from '../topology/diagnostic.js'

/** A publish of a case or a step, with the spec path of its exchange (for file:line:col). */
export interface SpecPublish {
  readonly publish: Publish
  /** AMQP expiration property (per-message TTL, ms as a string). */
  readonly expiration?: string
  readonly path: DocPath
}

/** One expectation of a case (exactly one per case). */
export type Expectation =
  | { readonly kind: 'exactly'; readonly queues: readonly string[] }
  | { readonly kind: 'at_least'; readonly queues: readonly string[] }
  | { readonly kind: 'none_of'; readonly queues: readonly string[] }
  | { readonly kind: 'unroutable' }
  | { readonly kind: 'returned' }
  | { readonly kind: 'error'; readonly code: 403 | 404 | 406 }
  | { readonly kind: 'in_queue'; readonly queue: string; readonly count?: number; readonly xDeath?: XDeathExpectation }

export interface XDeathExpectation {
  readonly reason?: string
  readonly queue?: string
  readonly exchange?: string
  readonly count?: number
  readonly routingKeys?: readonly string[]
}

/** A step on the simulated broker after the case's publish. */
export type Step =
  | { readonly kind: 'publish'; readonly publish: SpecPublish; readonly times: number; readonly path: DocPath }
  | { readonly kind: 'reject' | 'nack'; readonly queue: string; readonly path: DocPath }
  | { readonly kind: 'expire'; readonly ms: number; readonly text: string; readonly path: DocPath }

export interface SpecCase {
  /** The case's index in `cases`. */
  readonly index: number
  /** The `name`, else a name made from the publish. */
  readonly name: string
  readonly publish: SpecPublish
  /** undefined: a routing case (the router alone); a list: a delivery case on the simulated broker. */
  readonly steps?: readonly Step[]
  readonly expect: Expectation
}

/** A parsed spec file. */
export interface Spec {
  readonly file: string
  /** Topology files as written (relative to the spec's directory). */
  readonly topologies: readonly { readonly file: string; readonly path: DocPath }[]
  readonly rabbitmq?: string
  readonly vhost?: string
  readonly cases: readonly SpecCase[]
  /** Source position of a spec path. */
  locate(path: DocPath): LinePos | undefined
}
