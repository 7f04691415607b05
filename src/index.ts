// rmq-sim library entry point: load and validate topologies, route messages. The CLI is a thin layer over this.
export * from './core/amqp-value.js'
export * from './core/model.js'
export * from './core/versions.js'
export type * from './core/exchange-type.js'
export type * from './core/route-types.js'
export type * from './topology/diagnostic.js'
export { Broker } from './broker/broker.js'
export type * from './broker/types.js'
