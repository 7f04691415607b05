import { describe, expect, it } from 'vitest'
import { EMPTY_TABLE, type AmqpValue } from '../../src/core/amqp-value.js'
import {
  addBinding, addDeadLetterPair, addExchange, addQueue, draftToTopology, EMPTY_DRAFT, orderForFile, type Draft, type DraftResult,
} from '../../src/init/draft.js'
import { maxNameBytes, nameProblem, utf8Bytes } from '../../src/init/names.js'

const none = { taken: new Set<string>() }
const must = (r: DraftResult): Draft => { if (!r.ok) throw new Error(r.message); return r.draft }
const failure = (r: DraftResult): string => (r.ok ? 'ok' : r.message)

describe('names as RabbitMQ checks them', () => {
  it('refuses the reserved amq. prefix for exchanges and queues (rabbit_channel:check_name/2, 403)', () => {
    expect(nameProblem('exchange', 'amq.orders', none)).toMatch(/reserved.*403/)
    expect(nameProblem('queue', 'amq.gen-1', none)).toMatch(/reserved/)
    expect(nameProblem('exchange', 'amq.topic', none)).toMatch(/exists already: bind to it/)
    // only the exact prefix: `amq` and `AMQ.x` are ordinary names
    expect(nameProblem('exchange', 'amq', none)).toBeUndefined()
    expect(nameProblem('queue', 'AMQ.x', none)).toBeUndefined()
  })

  it('counts the 255-byte short-string limit in UTF-8 bytes, not characters', () => {
    const e127 = 'é'.repeat(127) // 254 bytes
    expect(utf8Bytes(e127)).toBe(254)
    expect(nameProblem('exchange', e127, none)).toBeUndefined()
    expect(nameProblem('exchange', `${e127}é`, none)).toMatch(/255 bytes.*256/)
    expect(nameProblem('queue', 'q'.repeat(255), none)).toBeUndefined()
    expect(nameProblem('queue', 'q'.repeat(256), none)).toMatch(/255/)
  })

  it('quorum queues and streams on "/" may have 251 bytes (Ra name "%2F_<name>", rabbit_queue_type_util)', () => {
    expect(maxNameBytes('queue', 'quorum')).toBe(251)
    expect(maxNameBytes('queue', 'stream', 'billing')).toBe(255 - 'billing'.length - 1)
    expect(maxNameBytes('queue', 'classic')).toBe(255)
    expect(nameProblem('queue', 'q'.repeat(251), { ...none, queueType: 'quorum' })).toBeUndefined()
    expect(nameProblem('queue', 'q'.repeat(252), { ...none, queueType: 'quorum' })).toMatch(/at most 251 bytes on vhost "\/"/)
  })

  it('refuses empty and taken names; __proto__ is an ordinary name', () => {
    expect(nameProblem('exchange', '', none)).toMatch(/default exchange/)
    expect(nameProblem('queue', '', none)).toMatch(/needs a name/)
    expect(nameProblem('queue', 'a', { taken: new Set(['a']) })).toMatch(/already a queue named 'a'/)
    expect(nameProblem('exchange', '__proto__', none)).toBeUndefined()
  })
})

describe('draft', () => {
  const base = must(addQueue(must(addExchange(EMPTY_DRAFT, 'events', 'topic')), 'orders', 'quorum'))

  it('keeps exchanges and queues in separate namespaces, each unique', () => {
    expect(failure(addExchange(base, 'events', 'fanout'))).toMatch(/already an exchange/)
    expect(addExchange(base, 'orders', 'fanout').ok).toBe(true) // an exchange may share a queue's name
    expect(failure(addExchange(base, 'x', 'topc'))).toMatch(/unknown exchange type 'topc'/)
    expect(addExchange(base, 'x', 'x-consistent-hash').ok).toBe(true)
  })

  it('refuses bindings RabbitMQ refuses: from/to the default exchange (403), unknown names, duplicates', () => {
    const b = { source: 'events', destination: 'orders', destinationType: 'queue' as const, routingKey: 'order.#', arguments: EMPTY_TABLE }
    const once = must(addBinding(base, b))
    expect(failure(addBinding(once, b))).toMatch(/exists already/)
    expect(addBinding(once, { ...b, routingKey: 'order.*' }).ok).toBe(true)
    expect(failure(addBinding(base, { ...b, source: '' }))).toMatch(/default exchange.*403/)
    expect(failure(addBinding(base, { ...b, source: 'nope' }))).toMatch(/no exchange named 'nope'/)
    expect(failure(addBinding(base, { ...b, destination: 'nope' }))).toMatch(/no queue named 'nope'/)
    expect(failure(addBinding(base, { ...b, destinationType: 'exchange', destination: '' }))).toMatch(/default exchange/)
    expect(addBinding(base, { ...b, source: 'amq.topic' }).ok).toBe(true) // predeclared exchanges can be bound from
    expect(failure(addBinding(base, { ...b, routingKey: 'k'.repeat(256) }))).toMatch(/at most 255 bytes/)
  })

  it('addDeadLetterPair: <q>.dlx fanout → <q>.dlq (same durability class), x-dead-letter-exchange on the queue', () => {
    const d = must(addDeadLetterPair(base, 'orders'))
    expect(d.exchanges.map((x) => [x.name, x.type])).toEqual([['events', 'topic'], ['orders.dlx', 'fanout']])
    expect(d.queues.map((q) => [q.name, q.type, q.deadLetterExchange])).toEqual([['orders', 'quorum', 'orders.dlx'], ['orders.dlq', 'quorum', undefined]])
    expect(d.bindings).toEqual([expect.objectContaining({ source: 'orders.dlx', destination: 'orders.dlq', routingKey: '' })])
    const classic = must(addDeadLetterPair(must(addQueue(base, 'c', 'classic')), 'c'))
    expect(classic.queues.find((q) => q.name === 'c.dlq')?.type).toBe('classic')
    expect(failure(addDeadLetterPair(d, 'orders'))).toMatch(/already an exchange named 'orders.dlx'/)
  })

  it('streams do not dead-letter (rabbit_stream_queue refuses x-dead-letter-exchange)', () => {
    const s = must(addQueue(base, 'log', 'stream'))
    expect(failure(addDeadLetterPair(s, 'log'))).toMatch(/stream/)
    expect(failure(addQueue(base, 'log2', 'stream', { exchange: 'events' }))).toMatch(/streams do not dead-letter/)
    expect(failure(addQueue(base, 'q', 'classic', { exchange: 'nope' }))).toMatch(/no exchange named 'nope'/)
  })

  it('draftToTopology: queue type and dead-lettering as arguments, one vhost "/"', () => {
    const d = must(addQueue(base, 'q2', 'classic', { exchange: 'events', routingKey: 'dead.q2' }))
    const vhost = draftToTopology({ ...d, rabbitmq: '3.13' }).vhosts.get('/')!
    const args = (name: string) => Object.fromEntries([...vhost.queues.get(name)!.arguments].map(([k, v]) => [k, (v as Extract<AmqpValue, { type: 'longstr' }>).value]))
    expect(args('orders')).toEqual({ 'x-queue-type': 'quorum' })
    expect(args('q2')).toEqual({ 'x-dead-letter-exchange': 'events', 'x-dead-letter-routing-key': 'dead.q2' })
    expect(vhost.queues.get('orders')!.type).toBe('quorum')
    expect(draftToTopology({ ...d, rabbitmq: '3.13' }).rabbitmqVersion).toBe('3.13')
  })

  it('orderForFile lists the bindings of the dead-letter exchanges init made last', () => {
    const d = must(addBinding(must(addDeadLetterPair(base, 'orders')), { source: 'events', destination: 'orders', destinationType: 'queue', routingKey: '#', arguments: EMPTY_TABLE }))
    expect(d.bindings.map((b) => b.source)).toEqual(['orders.dlx', 'events'])
    expect(orderForFile(d).bindings.map((b) => b.source)).toEqual(['events', 'orders.dlx'])
  })
})
