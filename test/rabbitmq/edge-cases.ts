import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { Binding, Exchange, Policy, Queue, VhostTopology } from '../../src/core/model.js'
import { formatValue } from './compare.js'
import type { ConformanceCase, Probe } from './generate-topology.js'
import { HEADER_VALUES, SPECIAL_TOPIC_PATTERNS } from './generate-topology.js'

/**
 * Fixed, seed-independent cases that cross every edge value with every other, so each run covers them all
 * whatever the seed: one queue per binding, so a single probe checks every binding at once.
 *  - topic: every special binding key × every special routing key (empty words, `#` runs, glued wildcards).
 *  - headers: one binding per typed value (and per x-match mode with `x-` arguments) × every typed header value.
 *  - alternate exchanges and policies: PCRE byte patterns (`^..$` on `é`, `(?i)`, `\A…\z`), priorities, a
 *    policy without an AE hiding one with it, argument beats policy (even `""` and a missing AE), E2E dead ends,
 *    a CC key that matches, internal AEs, and the default exchange that never uses its AE.
 */
export function edgeCases(seed: number): ConformanceCase[] {
  return [topicCross(seed), headersCross(seed), alternateExchanges(seed)]
}

const ROUTING_KEYS = [
  '', '.', '..', 'a', 'a.', '.a', 'a..b', 'a.b', 'a.b.c', 'a.x.b', 'b', 'a.a', '#', '*', '#.#', 'a.#', '*.a', 'a*',
  '#a', '**', 'order', 'Order', 'order.created', 'order.created.eu', 'Order.created', 'é', 'é.x', 'e\u0301.x', '日本.a',
  'a.b.c.d.e.f', '...', 'a. ', ' .a', 'a.b.', '.a.b', Array.from({ length: 127 }, () => 'a').join('.'),
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
  const tbl = (...entries: [string, AmqpValue][]): AmqpValue => ({ type: 'table', value: new Map(entries) })
  const one: AmqpValue = { type: 'long', value: 1 }
  const two: AmqpValue = { type: 'long', value: 2 }
  // Nested tables: compared as Erlang lists of {key, type, value} (3.10), so key order and type tags count.
  const tables: AmqpValue[] = [
    tbl(['a', one]), tbl(['a', { type: 'double', value: 1 }]), tbl(['a', { type: 'signedint', value: 1 }]),
    tbl(['a', one], ['b', two]), tbl(['b', two], ['a', one]), tbl(), tbl(['a', { type: 'longstr', value: '1' }]),
  ]
  const values: AmqpValue[] = [...HEADER_VALUES, { type: 'void' }, ...tables]
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

function alternateExchanges(seed: number): ConformanceCase {
  const v = `rmqsim-${seed}-edge-ae`
  const exchanges = new Map<string, Exchange>()
  const queues = new Map<string, Queue>()
  const bindings: Binding[] = []
  const str = (value: string): AmqpValue => ({ type: 'longstr', value })
  const addX = (name: string, type: string, more: Partial<Exchange> = {}): void => { exchanges.set(name, { ...exchange(v, name, type), ...more }) }
  // Targets: one fanout AE per policy, each feeding its own queue.
  for (const ae of ['ae1', 'ae2', 'ae3', 'ae4', 'ae5', 'ae6', 'ae-arg']) {
    addX(ae, 'fanout')
    queues.set(`q-${ae}`, queue(v, `q-${ae}`))
    bindings.push(bind(v, ae, `q-${ae}`, ''))
  }
  addX('ae-int', 'fanout', { internal: true })
  queues.set('q-int', queue(v, 'q-int'))
  bindings.push(bind(v, 'ae-int', 'q-int', ''))
  // Sources: direct exchanges without bindings (unless noted), so a publish falls through to the AE.
  for (const name of ['é', 'ü', 'ab', 'axb', 'a.b', 'a-b', 'reorder', 'orders', 'ORDERS', 'audit.orders.v2', 'plain', 'deadend']) addX(name, 'direct')
  addX('arg-empty', 'direct', { arguments: new Map([['alternate-exchange', str('')]]) })
  addX('arg-missing', 'direct', { arguments: new Map([['alternate-exchange', str('nope')]]) })
  addX('arg-set', 'direct', { arguments: new Map([['alternate-exchange', str('ae-arg')]]) })
  addX('arg-int', 'direct', { arguments: new Map([['alternate-exchange', str('ae-int')]]) })
  addX('x-e2e', 'direct')
  bindings.push({ ...bind(v, 'x-e2e', 'deadend', 'k'), destinationType: 'exchange' })
  addX('cc-x', 'direct')
  queues.set('q-hit', queue(v, 'q-hit'))
  bindings.push(bind(v, 'cc-x', 'q-hit', 'hit'))
  const policy = (name: string, pattern: string, priority: number, applyTo: Policy['applyTo'], definition: [string, unknown][]): Policy =>
    ({ vhost: v, name, pattern, priority, applyTo, definition: new Map(definition) })
  const policies: Policy[] = [
    policy('one-byte', '^.$', 10, 'exchanges', [['alternate-exchange', 'ae1']]),
    policy('two-bytes', '^..$', 9, 'exchanges', [['alternate-exchange', 'ae2']]),
    policy('orders-i', '(?i)orders', 8, 'exchanges', [['alternate-exchange', 'ae3']]),
    policy('a-any-b', '\\Aa.b\\z', 7, 'all', [['alternate-exchange', 'ae4']]),
    policy('queues-only', 'order', 6, 'queues', [['alternate-exchange', 'ae5']]),
    policy('hides', '^plain$', 5, 'all', [['message-ttl', 3_600_000]]),
    policy('missing-ae', '^deadend$', 4, 'exchanges', [['alternate-exchange', 'nope']]),
    policy('everything', '', -1, 'all', [['alternate-exchange', 'ae6']]),
  ]
  const vhost: VhostTopology = { name: v, exchanges, queues, bindings, policies }
  const probes: Probe[] = []
  const probe = (id: string, exchangeName: string, routingKey: string, cc?: string): void => {
    const headers = new Map<string, AmqpValue>(cc === undefined ? [] : [['CC', { type: 'array', value: [str(cc)] }]])
    probes.push({ id: `edge-ae-${id}`, isolated: false, publish: { exchange: exchangeName, routingKey, headers, mandatory: true } })
  }
  let i = 0
  for (const name of exchanges.keys()) {
    if (exchanges.get(name)?.internal) continue
    probe(`${i}-z`, name, 'z')
    probe(`${i}-k`, name, 'k')
    probe(`${i}-cc`, name, 'z', 'hit')
    i++
  }
  for (const name of ['amq.direct', 'amq.topic', 'amq.headers', '']) probe(`${i++}`, name, 'z')
  probe('default-queue', '', 'q-ae1')
  probe('default-cc', '', 'nosuch', 'q-hit')
  return { index: -3, seed, vhost, probes }
}
