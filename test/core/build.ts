// Small builders for core tests: a vhost topology in a few lines.
import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { Binding, Exchange, Policy, PolicyApplyTo, Queue, VhostTopology } from '../../src/core/model.js'
import { createRouter, type Router } from '../../src/core/router.js'
import { rulesFor } from '../../src/core/versions.js'

export const table = (entries: Record<string, AmqpValue> = {}): AmqpTable => new Map(Object.entries(entries))

export function exchange(name: string, type = 'direct', opts: { internal?: boolean; args?: Record<string, AmqpValue> } = {}): Exchange {
  return { vhost: '/', name, type, durable: true, autoDelete: false, internal: opts.internal ?? false, arguments: table(opts.args) }
}
export function queue(name: string, type = 'classic', args: Record<string, AmqpValue> = {}): Queue {
  return { vhost: '/', name, type, durable: true, exclusive: false, autoDelete: false, arguments: table(args) }
}
export function bind(source: string, destination: string, routingKey = '', args: Record<string, AmqpValue> = {}, destinationType: 'queue' | 'exchange' = 'queue'): Binding {
  return { vhost: '/', source, destination, destinationType, routingKey, arguments: table(args) }
}
export const e2e = (source: string, destination: string, routingKey = '', args: Record<string, AmqpValue> = {}): Binding =>
  bind(source, destination, routingKey, args, 'exchange')
export function policy(name: string, pattern: string, definition: Record<string, unknown>, opts: { applyTo?: PolicyApplyTo; priority?: number } = {}): Policy {
  return { vhost: '/', name, pattern, applyTo: opts.applyTo ?? 'all', priority: opts.priority ?? 0, definition: new Map(Object.entries(definition)) }
}

export interface Spec {
  exchanges?: Exchange[]
  queues?: (Queue | string)[]
  bindings?: Binding[]
  policies?: Policy[]
}

export function vhost(spec: Spec): VhostTopology {
  return {
    name: '/',
    exchanges: new Map((spec.exchanges ?? []).map((x) => [x.name, x])),
    queues: new Map((spec.queues ?? []).map((q) => (typeof q === 'string' ? queue(q) : q)).map((q) => [q.name, q])),
    bindings: spec.bindings ?? [],
    policies: spec.policies ?? [],
  }
}

export function router(spec: Spec, version = '4.3.5'): Router {
  return createRouter(vhost(spec), rulesFor(version))
}
