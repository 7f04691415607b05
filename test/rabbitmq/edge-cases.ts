import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { Binding, Exchange, Queue, VhostTopology } from '../../src/core/model.js'
import { formatValue } from './compare.js'
import type { ConformanceCase, Probe } from './generate-topology.js'
import { HEADER_VALUES, SPECIAL_TOPIC_PATTERNS } from './generate-topology.js'

/**
 * Fixed, seed-independent cases that cross every edge value with every other, so each run covers them all
 * whatever the seed: one queue per binding, so a single probe checks every binding at once.
 *  - topic: every special binding key × every special routing key (empty words, `#` runs, glued wildcards).
 *  - headers: one binding per typed value (and per x-match mode with `x-` arguments) × every typed header value.
 */
export function edgeCases(seed: number): ConformanceCase[] {
  return [topicCross(seed), headersCross(seed)]
}

const ROUTING_KEYS = [
  '', '.', '..', 'a', 'a.', '.a', 'a..b', 'a.b', 'a.b.c', 'a.x.b', 'b', 'a.a', '#', '*', '#.#', 'a.#', '*.a', 'a*',
  '#a', '**', 'order', 'Order', 'order.created', 'order.created.eu', 'Order.created', 'é', 'é.x', 'e\u0301.x', '日本.a',
  'a.b.c.d.e.f', '...', 'a. ', ' .a', 'a.b.', '.a.b',
]

function exchange(vhost: string, name: string, type: string): Exchange {
  return { vhost, name, type, durable: false, autoDelete: false, internal: false, arguments: new Map() }
}
function queue(vhost: string, name: string): Queue {
  return { vhost, name, type: 'classic', durable: false, exclusive: false, autoDelete: false, arguments: new Map() }
}
function bind(vhost: string, source: string, destination: string, routingKey: string, args: AmqpTable = new Map()): Binding {
  return { vhost, source, destination, destinationType: 'queue', routingKey, arguments: args }
}

function topicCross(seed: number): ConformanceCase {
  const v = `rmqsim-${seed}-edge-topic`
  const queues = new Map<string, Queue>()
  const bindings: Binding[] = []
  for (const pattern of new Set(SPECIAL_TOPIC_PATTERNS)) {
    const name = `t:${pattern}`
    queues.set(name, queue(v, name))
    bindings.push(bind(v, 'edge.topic', name, pattern))
  }
  const vhost: VhostTopology = { name: v, exchanges: new Map([['edge.topic', exchange(v, 'edge.topic', 'topic')]]), queues, bindings, policies: [] }
  const probes: Probe[] = ROUTING_KEYS.map((routingKey, i) => ({
    id: `edge-topic-${i}`, isolated: false, publish: { exchange: 'edge.topic', routingKey, headers: new Map(), mandatory: true },
  }))
  // The same keys arriving as CC and BCC keys instead of the routing key.
  ROUTING_KEYS.forEach((k, i) => probes.push({
    id: `edge-topic-cc-${i}`, isolated: false,
    publish: { exchange: 'edge.topic', routingKey: 'zz', headers: new Map([[i % 2 === 0 ? 'CC' : 'BCC', { type: 'array', value: [{ type: 'longstr', value: k }] }]]), mandatory: true },
  }))
  return { index: -1, seed, vhost, probes }
}

function headersCross(seed: number): ConformanceCase {
  const v = `rmqsim-${seed}-edge-headers`
  const x = 'edge.headers'
  const queues = new Map<string, Queue>()
  const bindings: Binding[] = []
  const add = (label: string, args: [string, AmqpValue][]): void => {
    const name = `h:${label}`
    queues.set(name, queue(v, name))
    bindings.push(bind(v, x, name, '', new Map(args)))
  }
  const str = (value: string): AmqpValue => ({ type: 'longstr', value })
  const values: AmqpValue[] = [...HEADER_VALUES, { type: 'void' }]
  values.forEach((val) => add(`all h=${formatValue(val)}`, [['x-match', str('all')], ['h', val]]))
  for (const mode of ['all', 'any', 'all-with-x', 'any-with-x']) {
    add(`${mode} x-foo=bar`, [['x-match', str(mode)], ['x-foo', str('bar')]])
    add(`${mode} h=long:1 x-foo=bar`, [['x-match', str(mode)], ['h', { type: 'long', value: 1 }], ['x-foo', str('bar')]])
    add(`${mode} only`, [['x-match', str(mode)]])
    add(`${mode} h2=void g=a`, [['x-match', str(mode)], ['h2', { type: 'void' }], ['g', str('a')]])
  }
  add('no x-match h=long:1', [['h', { type: 'long', value: 1 }]])
  add('any CC=void', [['x-match', str('any')], ['CC', { type: 'void' }]])
  add('any BCC=void', [['x-match', str('any')], ['BCC', { type: 'void' }]])
  add('any x-match=void', [['x-match', str('any-with-x')], ['x-match2', { type: 'void' }]])
  const vhost: VhostTopology = { name: v, exchanges: new Map([[x, exchange(v, x, 'headers')]]), queues, bindings, policies: [] }

  const probes: Probe[] = []
  const probe = (id: string, headers: [string, AmqpValue][]): void => {
    probes.push({ id: `edge-headers-${id}`, isolated: false, publish: { exchange: x, routingKey: '', headers: new Map(headers), mandatory: true } })
  }
  values.forEach((val, i) => {
    probe(`v${i}`, [['h', val]])
    probe(`v${i}-x`, [['h', val], ['x-foo', str('bar')], ['g', str('a')]])
  })
  probe('none', [])
  probe('x-foo', [['x-foo', str('bar')]])
  probe('x-foo-other', [['x-foo', str('baz')], ['h2', { type: 'bool', value: false }]])
  probe('h2', [['h2', { type: 'long', value: 0 }]])
  probe('cc', [['CC', { type: 'array', value: [str('k')] }]])
  probe('bcc', [['BCC', { type: 'array', value: [str('k')] }]])
  probe('x-match2', [['x-match2', str('any')]])
  return { index: -2, seed, vhost, probes }
}
