import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadTopologyFile } from '../../src/topology/load.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/topology/definitions/${name}`, import.meta.url))

describe('rabbitmqctl export_definitions (rabbit_definitions:all_definitions/0)', async () => {
  const l = await loadTopologyFile(fixture('rabbitmqctl-multi-vhost.json'))
  it('is detected as a definitions export of shape rabbitmqctl, with the version it names', () => {
    expect(l.format).toBe('definitions')
    expect(l.definitionsShape).toBe('rabbitmqctl')
    expect(l.omitsInternalExchanges).toBe(true)
    expect(l.topology?.rabbitmqVersion).toBe('3.12.14')
  })
  it('puts each entity in its vhost, with its list index as path', () => {
    const billing = l.topology?.vhosts.get('billing')
    expect(billing?.exchanges.get('billing')).toMatchObject({ type: 'topic', vhost: 'billing', internal: false, path: ['exchanges', 0] })
    expect(billing?.exchanges.get('billing')?.arguments.get('alternate-exchange')).toEqual({ type: 'longstr', value: 'billing.unrouted' })
    expect(billing?.queues.get('billing.invoices')).toMatchObject({ type: 'quorum', path: ['queues', 0] })
    expect(billing?.bindings.map((b) => b.path)).toEqual([['bindings', 0], ['bindings', 1], ['bindings', 2]])
    expect(billing?.policies[0]).toMatchObject({ name: 'billing-ttl', applyTo: 'queues', priority: 5, path: ['policies', 0] })
    expect(l.topology?.vhosts.get('/')?.queues.get('ops.alerts')?.arguments.get('x-message-ttl')).toEqual({ type: 'long', value: 60000 })
  })
  it('keeps bindings from exchanges the export leaves out (internal, amq.*)', () => {
    const billing = l.topology?.vhosts.get('billing')
    expect(billing?.exchanges.has('billing.internal-fanin')).toBe(false)
    expect(billing?.bindings.some((b) => b.source === 'billing.internal-fanin')).toBe(true)
    expect(l.topology?.vhosts.get('/')?.bindings.some((b) => b.source === 'amq.rabbitmq.trace')).toBe(true)
  })
  it('reads a JSON 1.0 as a double, as RabbitMQ\'s import does (rabbit_misc:to_amqp_table)', () => {
    const b = l.topology?.vhosts.get('/')?.bindings.find((x) => x.source === 'ops.headers')
    expect(b?.arguments.get('priority')).toEqual({ type: 'double', value: 1 })
    expect(b?.arguments.get('region')).toEqual({ type: 'longstr', value: 'eu' })
  })
  it('warns about a queue whose exported type has no x-queue-type argument, and simulates the exported type', () => {
    const d = l.diagnostics.filter((x) => x.rule === 'defs/queue-type-field-ignored')
    expect(d).toHaveLength(1)
    expect(d[0]?.path).toEqual(['queues', 1, 'type'])
    expect(d[0]?.pos).toEqual({ line: 25, col: 97 })
    expect(l.topology?.vhosts.get('billing')?.queues.get('billing.archive')?.type).toBe('quorum')
  })
  it('records a name listed twice as a duplicate and keeps the first', () => {
    expect(l.duplicates).toEqual([{ kind: 'queue', vhost: '/', name: 'ops.trace', path: ['queues', 4], firstPath: ['queues', 3] }])
    expect(l.topology?.vhosts.get('/')?.queues.get('ops.trace')?.path).toEqual(['queues', 3])
  })
  it('locates entities and fields in the JSON text', () => {
    expect(l.locate(['bindings', 3])).toEqual({ line: 6, col: 5 })
    expect(l.locate(['bindings', 3, 'arguments', 'priority'])).toEqual({ line: 6, col: 50 })
    expect(l.locate(['exchanges', 2, 'name'])).toEqual({ line: 12, col: 70 })
    expect(l.locate(['rabbitmq_version'])).toEqual({ line: 31, col: 23 })
  })
})

describe('GET /api/definitions (rabbit_mgmt_wm_definitions, 3.10)', async () => {
  const l = await loadTopologyFile(fixture('api-cluster.json'))
  it('is shape api, keeps internal exchanges and reads rabbit_version', () => {
    expect(l.definitionsShape).toBe('api')
    expect(l.omitsInternalExchanges).toBe(false)
    expect(l.diagnostics).toEqual([])
    expect(l.topology?.rabbitmqVersion).toBe('3.10.8')
    expect(l.topology?.vhosts.get('/')?.exchanges.get('orders.fanin')).toMatchObject({ internal: true, type: 'fanout' })
    expect(l.topology?.vhosts.get('/')?.bindings).toHaveLength(3)
  })
})

describe('GET /api/definitions/{vhost}', () => {
  it('has no vhost fields: everything belongs to "/" unless told otherwise', async () => {
    const l = await loadTopologyFile(fixture('api-vhost.json'))
    expect(l.definitionsShape).toBe('api-vhost')
    expect(l.diagnostics).toEqual([])
    expect([...(l.topology?.vhosts.keys() ?? [])]).toEqual(['/'])
    expect(l.topology?.vhosts.get('/')?.queues.get('notify.email')?.arguments.get('x-message-ttl')).toEqual({ type: 'double', value: 20000 })
    expect(l.topology?.vhosts.get('/')?.policies[0]).toMatchObject({ vhost: '/', name: 'lazy', applyTo: 'queues' })
    const named = await loadTopologyFile(fixture('api-vhost.json'), { vhost: 'shop' })
    expect([...(named.topology?.vhosts.keys() ?? [])]).toEqual(['shop'])
  })
  it('uses original_vhost_name when the export names it (4.x)', async () => {
    const l = await loadTopologyFile(fixture('api-vhost-4x.json'))
    expect(l.definitionsShape).toBe('api-vhost')
    expect([...(l.topology?.vhosts.keys() ?? [])]).toEqual(['payments'])
    expect(l.topology?.rabbitmqVersion).toBe('4.1.4')
  })
})

describe('light checks on exports (defs/*)', () => {
  const load = (obj: unknown) => parseTopologyText(JSON.stringify(obj, null, 1), 'defs.json')
  it('reports wrong shapes with positions instead of throwing', () => {
    const l = load({ rabbit_version: '3.13.0', exchanges: {}, queues: [{ name: 'q', vhost: '/', durable: 'yes' }], bindings: [{ source: 'x', vhost: '/', destination: 'q', routing_key: '' }, 7] })
    expect(l.diagnostics.map((d) => [d.rule, d.path])).toEqual([
      ['defs/type', ['exchanges']],
      ['defs/type', ['queues', 0, 'durable']],
      ['defs/missing-field', ['bindings', 0]],
      ['defs/type', ['bindings', 1]],
    ])
    expect(l.diagnostics.every((d) => d.pos !== undefined)).toBe(true)
    expect(l.topology).toBeUndefined()
  })
  it('requires vhost fields in a whole-broker export', () => {
    const l = load({ rabbit_version: '3.13.0', vhosts: [{ name: '/' }], queues: [{ name: 'q', durable: true }] })
    expect(l.diagnostics.map((d) => d.rule)).toEqual(['defs/missing-field'])
  })
  it('warns about null arguments (the import rejects them) and reads them as void', () => {
    const l = load({ rabbit_version: '3.13.0', vhosts: [{ name: '/' }], exchanges: [{ name: 'h', vhost: '/', type: 'headers', durable: true, auto_delete: false, arguments: {} }], bindings: [{ source: 'h', vhost: '/', destination: 'q', destination_type: 'queue', routing_key: '', arguments: { 'x-match': 'any', flag: null } }] })
    expect(l.diagnostics.map((d) => [d.rule, d.severity])).toEqual([['defs/null-argument', 'warning']])
    expect(l.topology?.vhosts.get('/')?.bindings[0]?.arguments.get('flag')).toEqual({ type: 'void' })
  })
  it('records a vhost listed twice', () => {
    const l = load({ rabbit_version: '3.13.0', vhosts: [{ name: '/' }, { name: 'a' }, { name: '/' }], queues: [] })
    expect(l.duplicates).toEqual([{ kind: 'vhost', vhost: '/', name: '/', path: ['vhosts', 2], firstPath: ['vhosts', 0] }])
    expect([...(l.topology?.vhosts.keys() ?? [])]).toEqual(['/', 'a'])
  })
  it('warns about a version it does not implement and leaves the choice to --rabbitmq', () => {
    const l = load({ rabbit_version: '3.8.9', queues: [] })
    expect(l.diagnostics.map((d) => d.rule)).toEqual(['defs/unsupported-version'])
    expect(l.topology?.rabbitmqVersion).toBeUndefined()
  })
  it('ignores what does not affect routing (users, permissions, parameters, limits, unknown fields)', () => {
    const l = load({ rabbit_version: '3.13.0', users: [{ name: 'u', tags: ['x'] }], permissions: [{}], parameters: [{ component: 'shovel' }], global_parameters: [], vhosts: [{ name: '/', limits: [], extra: 1 }], queues: [{ name: 'q', vhost: '/', durable: true, auto_delete: false, arguments: {}, node: 'rabbit@x' }] })
    expect(l.diagnostics).toEqual([])
    expect(l.topology?.vhosts.get('/')?.queues.has('q')).toBe(true)
  })
  it('keeps __proto__ names and argument keys from JSON.parse as ordinary names', () => {
    const text = '{"rabbit_version":"3.13.0","vhosts":[{"name":"__proto__"}],"queues":[{"name":"__proto__","vhost":"__proto__","durable":true,"auto_delete":false,"arguments":{"__proto__":1.0}}]}'
    const l = parseTopologyText(text, 'p.json')
    expect(l.diagnostics).toEqual([])
    expect(l.topology?.vhosts.get('__proto__')?.queues.get('__proto__')?.arguments.get('__proto__')).toEqual({ type: 'double', value: 1 })
  })
  it('reports invalid JSON with a position', () => {
    const l = parseTopologyText('{\n  "rabbit_version": "3.13.0",\n  "queues": [1,\n}', 'broken.json')
    expect(l.diagnostics).toHaveLength(1)
    expect(l.diagnostics[0]).toMatchObject({ rule: 'json/syntax', severity: 'error', pos: { line: 4, col: 1 } })
  })
  it('reads the sample export without diagnostics', async () => {
    const l = await loadTopologyFile(fileURLToPath(new URL('../../samples/definitions-export.json', import.meta.url)))
    expect(l.diagnostics).toEqual([])
    expect(l.definitionsShape).toBe('rabbitmqctl')
    expect(readFileSync(fileURLToPath(new URL('../../samples/definitions-export.json', import.meta.url)), 'utf8')).toContain('"schema-version": 2.0')
    const b = l.topology?.vhosts.get('/')?.bindings.find((x) => x.source === 'shop.invoices')
    expect(b?.arguments.get('schema-version')).toEqual({ type: 'double', value: 2 })
  })
})
