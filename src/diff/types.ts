import type { Publish } from '../core/route-types.js'

/** One field that differs between the two versions (values in the typed plain encoding, JSON-exact). */
export interface FieldChange {
  readonly field: string
  readonly old: unknown
  readonly new: unknown
}

export type EntityKind = 'exchange' | 'queue' | 'binding' | 'policy'

/** An entity added, removed or changed. */
export interface EntityChange {
  readonly kind: EntityKind
  readonly vhost: string
  /** The name; for a binding `source → destination (key)`. */
  readonly name: string
  readonly change: 'added' | 'removed' | 'changed'
  /** For `changed`: what differs. */
  readonly fields: readonly FieldChange[]
}

/** An object whose effective policy is not the same policy in both versions. */
export interface EffectivePolicyChange {
  readonly vhost: string
  readonly kind: 'exchange' | 'queue'
  readonly name: string
  readonly old?: string
  readonly new?: string
}

/** A redeclare a running broker refuses (rabbit_exchange / rabbit_amqqueue assert_equivalence). */
export interface RefusedRedeclare {
  readonly vhost: string
  readonly kind: 'exchange' | 'queue'
  readonly name: string
  /** 406 PRECONDITION_FAILED (inequivalent arg), 405 RESOURCE_LOCKED (exclusive). */
  readonly code: number
  /** RabbitMQ's text, e.g. "PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': ..." */
  readonly message: string
  /** What to do instead. */
  readonly advice: string
}

/** A probe whose destinations differ between the versions. */
export interface RoutingChange {
  readonly vhost: string
  readonly probe: Publish
  /** Where the probe came from: a binding of the old or new version, a queue name, or the probe file's line. */
  readonly source: string
  readonly added: readonly string[]
  readonly lost: readonly string[]
  /** Channel error of each version (404 when the exchange exists in one version only). */
  readonly oldError?: string
  readonly newError?: string
}

export interface TopologyDiff {
  readonly entities: readonly EntityChange[]
  readonly effectivePolicies: readonly EffectivePolicyChange[]
  readonly refused: readonly RefusedRedeclare[]
  readonly routing: { readonly probes: number; readonly changes: readonly RoutingChange[] }
}
