import type { AmqpTable } from './amqp-value.js'

/**
 * The topology model the routing core works on: RabbitMQ's definitions vocabulary, already validated.
 * Entities carry `path`, their place in the source document, so diagnostics can point at them;
 * the core never reads it.
 */
export type DocPath = readonly (string | number)[]

export interface Exchange {
  readonly vhost: string
  readonly name: string
  /** direct | fanout | topic | headers | a plugin type (x-consistent-hash, ...) */
  readonly type: string
  readonly durable: boolean
  readonly autoDelete: boolean
  readonly internal: boolean
  readonly arguments: AmqpTable
  /** true for `""` and the amq.* exchanges every vhost has without declaring them */
  readonly predeclared?: boolean
  readonly path?: DocPath
}

export type QueueType = 'classic' | 'quorum' | 'stream' | (string & {})

export interface Queue {
  readonly vhost: string
  readonly name: string
  /** From the `x-queue-type` argument; classic when absent. */
  readonly type: QueueType
  readonly durable: boolean
  readonly exclusive: boolean
  readonly autoDelete: boolean
  readonly arguments: AmqpTable
  readonly path?: DocPath
}

export type DestinationType = 'queue' | 'exchange'

export interface Binding {
  readonly vhost: string
  readonly source: string
  readonly destination: string
  readonly destinationType: DestinationType
  readonly routingKey: string
  readonly arguments: AmqpTable
  readonly path?: DocPath
}

export type PolicyApplyTo = 'all' | 'exchanges' | 'queues' | 'classic_queues' | 'quorum_queues' | 'streams'

export interface Policy {
  readonly vhost: string
  readonly name: string
  /** Erlang `re` (PCRE) pattern, unanchored, matched against the name's UTF-8 bytes. */
  readonly pattern: string
  readonly applyTo: PolicyApplyTo
  readonly priority: number
  /** Policy keys (`alternate-exchange`, `message-ttl`, ...) to plain JSON values. */
  readonly definition: ReadonlyMap<string, unknown>
  readonly path?: DocPath
}

export interface VhostTopology {
  readonly name: string
  /** Declared exchanges only; the predeclared ones are added by the core (see predeclared.ts). */
  readonly exchanges: ReadonlyMap<string, Exchange>
  readonly queues: ReadonlyMap<string, Queue>
  readonly bindings: readonly Binding[]
  readonly policies: readonly Policy[]
}

export interface Topology {
  /** RabbitMQ version named by the file (`rabbitmq:` field, or an export's rabbitmq_version). */
  readonly rabbitmqVersion?: string
  readonly vhosts: ReadonlyMap<string, VhostTopology>
}
