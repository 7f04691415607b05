import { EMPTY_TABLE } from './amqp-value.js'
import type { Exchange } from './model.js'

/** The exchanges every vhost has without declaring them (rabbit_vhost:declare_default_exchanges/2). */
export const PREDECLARED_EXCHANGES: readonly { readonly name: string; readonly type: string; readonly internal: boolean }[] = [
  { name: '', type: 'direct', internal: false },
  { name: 'amq.direct', type: 'direct', internal: false },
  { name: 'amq.fanout', type: 'fanout', internal: false },
  { name: 'amq.topic', type: 'topic', internal: false },
  { name: 'amq.headers', type: 'headers', internal: false },
  { name: 'amq.match', type: 'headers', internal: false },
  { name: 'amq.rabbitmq.trace', type: 'topic', internal: true },
]

const PREDECLARED_NAMES: ReadonlySet<string> = new Set(PREDECLARED_EXCHANGES.map((x) => x.name))

/** true for `""` and the amq.* exchanges every vhost has. */
export function isPredeclaredExchange(name: string): boolean {
  return PREDECLARED_NAMES.has(name)
}

/** The predeclared exchanges of one vhost as model entities (durable, not auto-delete, no arguments). */
export function predeclaredExchanges(vhost: string): Exchange[] {
  return PREDECLARED_EXCHANGES.map((x) => ({
    vhost, name: x.name, type: x.type, durable: true, autoDelete: false, internal: x.internal, arguments: EMPTY_TABLE, predeclared: true,
  }))
}
