import { describe, expect, it } from 'vitest'
import type { AmqpValue } from '../../src/core/amqp-value.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'

const load = (text: string) => parseTopologyText(text, 'topology.yaml')
const model = (text: string) => {
  const l = load(text)
  expect(l.diagnostics).toEqual([])
  if (l.topology === undefined) throw new Error('no model')
  return l.topology
}
const vhost = (text: string, name = '/') => {
  const v = model(text).vhosts.get(name)
  if (v === undefined) throw new Error(`no vhost ${name}`)
  return v
}

describe('YAML format: defaults and names', () => {
  it('applies RabbitMQ declare defaults and RabbitMQ property names', () => {
    const v = vhost(`
exchanges:
  orders: {type: topic}
  internal.x: {type: direct, durable: false, auto_delete: true, internal: true}
queues:
  q1:
  q2: {durable: false, exclusive: true, auto_delete: true}
bindings:
  - {source: orders, destination: q1}
  - {source: orders, destination: internal.x, destination_type: exchange, routing_key: "a.#"}
policies:
  p: {pattern: "^q", definition: {message-ttl: 1000}}
`)
    expect(v.exchanges.get('orders')).toMatchObject({ vhost: '/', name: 'orders', type: 'topic', durable: true, autoDelete: false, internal: false, path: ['exchanges', 'orders'] })
    expect(v.exchanges.get('orders')?.arguments.size).toBe(0)
    expect(v.exchanges.get('internal.x')).toMatchObject({ durable: false, autoDelete: true, internal: true })
    expect(v.queues.get('q1')).toMatchObject({ type: 'classic', durable: true, exclusive: false, autoDelete: false, path: ['queues', 'q1'] })
    expect(v.queues.get('q2')).toMatchObject({ durable: false, exclusive: true, autoDelete: true })
    expect(v.bindings[0]).toMatchObject({ source: 'orders', destination: 'q1', destinationType: 'queue', routingKey: '', path: ['bindings', 0] })
    expect(v.bindings[1]).toMatchObject({ destinationType: 'exchange', routingKey: 'a.#', path: ['bindings', 1] })
    expect(v.policies[0]).toMatchObject({ name: 'p', pattern: '^q', applyTo: 'all', priority: 0, path: ['policies', 'p'] })
    expect([...(v.policies[0]?.definition ?? [])]).toEqual([['message-ttl', 1000]])
  })

  it('takes the queue type from x-queue-type (rabbit_queue_type:discover)', () => {
    const v = vhost('queues:\n  a: {arguments: {x-queue-type: quorum}}\n  b: {arguments: {x-queue-type: stream}}\n  c:\n')
    expect([...v.queues.values()].map((q) => q.type)).toEqual(['quorum', 'stream', 'classic'])
  })

  it('puts top-level entities in `vhost` and the others in vhosts:, each with its path', () => {
    const t = model(`
vhost: shop
exchanges: {x: {type: fanout}}
vhosts:
  /:
    queues: {q: }
  other:
    bindings: [{source: amq.fanout, destination: q}]
`)
    expect([...t.vhosts.keys()].sort()).toEqual(['/', 'other', 'shop'])
    expect(t.vhosts.get('shop')?.exchanges.get('x')?.vhost).toBe('shop')
    expect(t.vhosts.get('/')?.queues.get('q')?.path).toEqual(['vhosts', '/', 'queues', 'q'])
    expect(t.vhosts.get('other')?.bindings[0]?.path).toEqual(['vhosts', 'other', 'bindings', 0])
    expect(t.vhosts.get('other')?.bindings[0]?.vhost).toBe('other')
  })

  it('reports an entity declared both at the top level and under vhosts: as a duplicate (first one kept)', () => {
    const l = load('exchanges: {x: {type: fanout}}\nvhosts:\n  /:\n    exchanges: {x: {type: direct}}\n')
    expect(l.topology?.vhosts.get('/')?.exchanges.get('x')?.type).toBe('fanout')
    expect(l.duplicates).toEqual([{ kind: 'exchange', vhost: '/', name: 'x', path: ['vhosts', '/', 'exchanges', 'x'], firstPath: ['exchanges', 'x'] }])
  })

  it('treats __proto__, constructor and hasOwnProperty as ordinary names everywhere', () => {
    const t = model(`
exchanges:
  __proto__: {type: headers}
  constructor: {type: direct}
queues:
  hasOwnProperty:
  __proto__: {arguments: {__proto__: 1}}
bindings:
  - source: __proto__
    destination: __proto__
    arguments: {x-match: any, __proto__: "a", constructor: true}
vhosts:
  __proto__:
    queues: {toString: }
`)
    const v = t.vhosts.get('/')
    expect([...(v?.exchanges.keys() ?? [])]).toEqual(['__proto__', 'constructor'])
    expect(v?.queues.has('hasOwnProperty')).toBe(true)
    expect(v?.queues.get('__proto__')?.arguments.get('__proto__')).toEqual({ type: 'long', value: 1 })
    expect([...(v?.bindings[0]?.arguments.keys() ?? [])]).toEqual(['x-match', '__proto__', 'constructor'])
    expect(t.vhosts.get('__proto__')?.queues.has('toString')).toBe(true)
    expect(Object.getPrototypeOf({})).toBe(Object.prototype)
  })

  it('reads the version from the source text: rabbitmq: 3.10 is "3.10", not 3.1', () => {
    expect(model('rabbitmq: 3.10\n').rabbitmqVersion).toBe('3.10')
    expect(model('rabbitmq: "4.3.5"\n').rabbitmqVersion).toBe('4.3.5')
    expect(model('queues: {q: }\n').rabbitmqVersion).toBeUndefined()
  })

  it('accepts our format written as JSON', () => {
    const l = parseTopologyText('{"exchanges": {"x": {"type": "fanout"}}, "bindings": [{"source": "x", "destination": "q"}], "queues": {"q": null}}', 't.json')
    expect(l.format).toBe('yaml')
    expect(l.diagnostics).toEqual([])
    expect(l.topology?.vhosts.get('/')?.bindings).toHaveLength(1)
  })
})

describe('YAML format: typed argument values', () => {
  const args = (yamlArgs: string) => {
    const v = vhost(`exchanges: {h: {type: headers}}\nqueues: {q: }\nbindings:\n  - source: h\n    destination: q\n    arguments: ${yamlArgs}\n`)
    return Object.fromEntries(v.bindings[0]?.arguments ?? []) as Record<string, AmqpValue>
  }

  it('maps plain YAML scalars: string → longstr, integer → long, fraction → double, bool, null → void', () => {
    expect(args('{s: x, i: 1, d: 1.5, b: true, n: null, q: "1"}')).toEqual({
      s: { type: 'longstr', value: 'x' }, i: { type: 'long', value: 1 }, d: { type: 'double', value: 1.5 },
      b: { type: 'bool', value: true }, n: { type: 'void' }, q: { type: 'longstr', value: '1' },
    })
  })

  it('reads 1.0 and 2e3 as doubles even though they are integral (YAML 1.2 floats; RabbitMQ JSON import does the same)', () => {
    expect(args('{a: 1.0, b: 2e3, c: -3.00, d: 7, e: 0x1e}')).toEqual({
      a: { type: 'double', value: 1 }, b: { type: 'double', value: 2000 }, c: { type: 'double', value: -3 },
      d: { type: 'long', value: 7 }, e: { type: 'long', value: 30 },
    })
  })

  it('keeps types inside arrays, and in block style too', () => {
    const v = vhost('queues:\n  q:\n    arguments:\n      x-list:\n        - 1\n        - 1.0\n        - {type: short, value: 2}\n')
    expect(v.queues.get('q')?.arguments.get('x-list')).toEqual({ type: 'array', value: [{ type: 'long', value: 1 }, { type: 'double', value: 1 }, { type: 'short', value: 2 }] })
  })

  it('reads the explicit {type, value} form', () => {
    expect(args('{a: {type: double, value: 1}, b: {type: signedint, value: 5}, c: {type: void}, d: {type: timestamp, value: 1700000000}, e: {type: table, value: {k: 1.0}}}')).toEqual({
      a: { type: 'double', value: 1 }, b: { type: 'signedint', value: 5 }, c: { type: 'void' },
      d: { type: 'timestamp', value: 1700000000 }, e: { type: 'table', value: new Map([['k', { type: 'double', value: 1 }]]) },
    })
  })

  it('types exchange and queue arguments the same way', () => {
    const v = vhost('exchanges: {x: {type: direct, arguments: {alternate-exchange: ae, n: 2.0}}}\nqueues: {q: {arguments: {x-message-ttl: 60000, x-max-priority: {type: byte, value: 10}}}}\n')
    expect(v.exchanges.get('x')?.arguments.get('n')).toEqual({ type: 'double', value: 2 })
    expect(v.queues.get('q')?.arguments.get('x-message-ttl')).toEqual({ type: 'long', value: 60000 })
    expect(v.queues.get('q')?.arguments.get('x-max-priority')).toEqual({ type: 'byte', value: 10 })
  })

  it('follows YAML aliases for argument values', () => {
    const v = vhost('queues:\n  a: {arguments: &args {x-message-ttl: 1.0}}\n  b: {arguments: *args}\n')
    expect(v.queues.get('b')?.arguments.get('x-message-ttl')).toEqual({ type: 'double', value: 1 })
  })
})

describe('locate', () => {
  const text = `exchanges:
  orders:
    type: topic
queues:
  q1:
bindings:
  - source: orders
    destination: q1
    routing_key: "a.#"
`
  const l = load(text)
  it('shows entities at their name, scalars at their value, list items at their first key', () => {
    expect(l.locate(['exchanges', 'orders'])).toEqual({ line: 2, col: 3 })
    expect(l.locate(['exchanges', 'orders', 'type'])).toEqual({ line: 3, col: 11 })
    expect(l.locate(['queues', 'q1'])).toEqual({ line: 5, col: 3 })
    expect(l.locate(['bindings', 0])).toEqual({ line: 7, col: 5 })
    expect(l.locate(['bindings', 0, 'routing_key'])).toEqual({ line: 9, col: 18 })
  })
  it('falls back to the deepest part of the path that exists', () => {
    expect(l.locate(['exchanges', 'orders', 'arguments', 'alternate-exchange'])).toEqual({ line: 2, col: 3 })
  })
})
