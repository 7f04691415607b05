import type { PlainValue } from '../core/amqp-value.js'

/**
 * The raw YAML topology format, as TypeScript. schemas/topology.schema.json is the source of truth;
 * test/topology/schema-types.test.ts checks that the property lists below match the schema's definitions,
 * so the two cannot drift apart silently.
 */

/** A table of typed values (binding/exchange/queue arguments), as written in the file. */
export type RawArguments = { readonly [name: string]: PlainValue } | null

export interface RawExchange {
  readonly type: string
  readonly durable?: boolean
  readonly auto_delete?: boolean
  readonly internal?: boolean
  readonly arguments?: RawArguments
}

export interface RawQueue {
  readonly durable?: boolean
  readonly exclusive?: boolean
  readonly auto_delete?: boolean
  readonly arguments?: RawArguments
}

export interface RawBinding {
  readonly source: string
  readonly destination: string
  readonly destination_type?: 'queue' | 'exchange'
  readonly routing_key?: string
  readonly arguments?: RawArguments
}

export interface RawPolicy {
  readonly pattern: string
  readonly 'apply-to'?: 'all' | 'exchanges' | 'queues' | 'classic_queues' | 'quorum_queues' | 'streams'
  readonly priority?: number
  readonly definition: { readonly [key: string]: unknown }
}

export interface RawVhost {
  readonly exchanges?: { readonly [name: string]: RawExchange } | null
  readonly queues?: { readonly [name: string]: RawQueue | null } | null
  readonly bindings?: readonly RawBinding[] | null
  readonly policies?: { readonly [name: string]: RawPolicy } | null
}

export interface RawTopology extends RawVhost {
  readonly rabbitmq?: string | number
  readonly vhost?: string
  readonly vhosts?: { readonly [name: string]: RawVhost | null }
}

/**
 * The property names of each object in the format, by schema definition name (`root` is the document).
 * Typed with `satisfies` against the interfaces above, so a property added to one side only fails to compile
 * (TS side) or fails the schema-types test (schema side). Also the did-you-mean candidates for unknown keys.
 */
export const FORMAT_PROPERTIES = {
  root: ['rabbitmq', 'vhost', 'exchanges', 'queues', 'bindings', 'policies', 'vhosts'] satisfies readonly (keyof RawTopology)[],
  vhost: ['exchanges', 'queues', 'bindings', 'policies'] satisfies readonly (keyof RawVhost)[],
  exchange: ['type', 'durable', 'auto_delete', 'internal', 'arguments'] satisfies readonly (keyof RawExchange)[],
  queue: ['durable', 'exclusive', 'auto_delete', 'arguments'] satisfies readonly (keyof RawQueue)[],
  binding: ['source', 'destination', 'destination_type', 'routing_key', 'arguments'] satisfies readonly (keyof RawBinding)[],
  policy: ['pattern', 'apply-to', 'priority', 'definition'] satisfies readonly (keyof RawPolicy)[],
  explicitTypedValue: ['type', 'value'],
} as const

/** Compile-time check that every interface key is listed (the reverse of `satisfies` above). */
type Missing<T, L extends readonly unknown[]> = Exclude<keyof T, L[number]>
type AssertNever<T extends never> = T
export type FormatPropertiesComplete = [
  AssertNever<Missing<RawTopology, typeof FORMAT_PROPERTIES.root>>,
  AssertNever<Missing<RawVhost, typeof FORMAT_PROPERTIES.vhost>>,
  AssertNever<Missing<RawExchange, typeof FORMAT_PROPERTIES.exchange>>,
  AssertNever<Missing<RawQueue, typeof FORMAT_PROPERTIES.queue>>,
  AssertNever<Missing<RawBinding, typeof FORMAT_PROPERTIES.binding>>,
  AssertNever<Missing<RawPolicy, typeof FORMAT_PROPERTIES.policy>>,
]

export type FormatObjectKind = keyof typeof FORMAT_PROPERTIES

/** The values of the format's enums, checked against the schema by test/topology/schema-types.test.ts. */
export const FORMAT_ENUMS = {
  destination_type: ['queue', 'exchange'] satisfies readonly NonNullable<RawBinding['destination_type']>[],
  'apply-to': ['all', 'exchanges', 'queues', 'classic_queues', 'quorum_queues', 'streams'] satisfies readonly NonNullable<RawPolicy['apply-to']>[],
} as const
export type FormatEnumsComplete = [
  AssertNever<Exclude<NonNullable<RawBinding['destination_type']>, (typeof FORMAT_ENUMS.destination_type)[number]>>,
  AssertNever<Exclude<NonNullable<RawPolicy['apply-to']>, (typeof FORMAT_ENUMS)['apply-to'][number]>>,
]
