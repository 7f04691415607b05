import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRouter } from '../../src/core/router.js'
import { rulesFor } from '../../src/core/versions.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/asyncapi', name), 'utf8')
const summary = (d: { rule: string; severity: string; pos?: { line: number; col: number } }) => `${d.severity} ${d.rule}@${d.pos?.line}:${d.pos?.col}`

describe('AsyncAPI amqp bindings', () => {
  it('2.6: exchanges and queues from channel bindings, a binding keyed by the channel name ({param} → *), warnings at their positions', () => {
    const loaded = parseTopologyText(fixture('orders-2.6.yaml'), 'orders-2.6.yaml')
    expect(loaded.format).toBe('asyncapi')
    expect(loaded.diagnostics.map(summary)).toEqual([
      'warning asyncapi/parameter@6:3',
      'warning asyncapi/no-amqp-binding@47:3',
      'warning asyncapi/publish-option@29:11',
    ])
    expect(loaded.diagnostics[2]!.hint).toBe('trace it with --cc "audit.orders"')
    const v = loaded.topology!.vhosts.get('/')!
    expect([...v.exchanges.values()].map((x) => [x.name, x.type, x.durable])).toEqual([['orders', 'topic', true], ['notify', 'fanout', true]])
    expect([...v.queues.keys()]).toEqual(['orders.created', 'invoices', 'notifications.email'])
    const router = createRouter(v, rulesFor('3.13'))
    expect(router.route({ exchange: 'orders', routingKey: 'order.created.eu' }).queues).toEqual(['orders.created'])
    expect(router.route({ exchange: 'notify', routingKey: 'x' }).queues).toEqual(['notifications.email'])
    expect(router.route({ exchange: '', routingKey: 'invoices' }).queues).toEqual(['invoices'])
  })
  it('3.0: address, vhost, local $ref to components, operation cc/bcc', () => {
    const loaded = parseTopologyText(fixture('orders-3.0.yaml'), 'orders-3.0.yaml')
    expect(loaded.diagnostics.map(summary)).toEqual([
      'warning asyncapi/parameter@12:14',
      'warning asyncapi/publish-option@25:9',
      'warning asyncapi/publish-option@26:9',
    ])
    const v = loaded.topology!.vhosts.get('shop')!
    expect(v.bindings.map((b) => [b.source, b.destination, b.routingKey])).toEqual([['orders', 'orders.created', 'order.created'], ['orders', 'shipping', 'order.shipped.*']])
    // the exchange's position is where the $ref led
    expect(loaded.locate(v.exchanges.get('orders')!.path!)).toEqual({ line: 32, col: 7 })
  })
  it('JSON documents too; an unsupported version or a dangling $ref is reported', () => {
    const json = JSON.stringify({ asyncapi: '3.0.0', info: { title: 't', version: '1' }, channels: { c: { address: 'k', bindings: { amqp: { exchange: { name: 'x', type: 'direct' }, queue: { name: 'q' } } } }, d: { bindings: { amqp: { $ref: '#/components/nope' } } } } }, null, 2)
    const loaded = parseTopologyText(json, 'api.json')
    expect(loaded.format).toBe('asyncapi')
    expect(loaded.diagnostics.map((d) => `${d.rule} ${d.message}`)).toEqual([
      'asyncapi/ref $ref "#/components/nope" points at nothing',
      'asyncapi/no-amqp-binding channel "d" has no amqp channel binding: nothing to map',
    ])
    expect(createRouter(loaded.topology!.vhosts.get('/')!, rulesFor('3.13')).route({ exchange: 'x', routingKey: 'k' }).queues).toEqual(['q'])
    const old = parseTopologyText('asyncapi: 1.2.0\ntopics: {}\n', 'old.yaml')
    expect(old.topology).toBeUndefined()
    expect(old.diagnostics.map(summary)).toEqual(['error asyncapi/version@1:11'])
  })
  it('a topology with an exchange named asyncapi stays rmq-sim YAML', () => {
    expect(parseTopologyText('exchanges:\n  "asyncapi": {type: topic}\n', 't.yaml').format).toBe('yaml')
  })
})
