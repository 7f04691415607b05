// The Router surface other layers use (trace, explain, lint, broker), and explain-mode misses.
import { describe, expect, test } from 'vitest'
import type { AmqpValue } from '../../src/core/amqp-value.js'
import { bind, e2e, exchange, policy, queue, router } from './build.js'

const S = (value: string): AmqpValue => ({ type: 'longstr', value })
const L = (value: number): AmqpValue => ({ type: 'long', value })
const D = (value: number): AmqpValue => ({ type: 'double', value })

const r = router({
  exchanges: [exchange('d', 'direct', { args: { 'alternate-exchange': S('ae') } }), exchange('t', 'topic'), exchange('h', 'headers'), exchange('ae', 'fanout'), exchange('amq.topic', 'topic')],
  queues: ['q1', 'q2', queue('qq', 'quorum')],
  bindings: [bind('d', 'q1', 'Key'), bind('d', 'q2', 'k.*'), e2e('d', 't', 'k'), bind('t', 'q1', 'order.*'), bind('h', 'q2', '', { 'x-match': S('all'), n: L(1) }), bind('', 'q1', 'nope')],
  policies: [policy('p', '^t$', { 'alternate-exchange': 'ae' }), policy('qp', '.', { 'max-length': 1 }, { applyTo: 'queues' })],
})

describe('Router lookups', () => {
  test('exchange(), queue(), queueExists(), exchanges() include the predeclared exchanges', () => {
    expect(r.exchange('amq.fanout')?.predeclared).toBe(true)
    expect(r.exchange('d')?.type).toBe('direct')
    expect(r.exchange('nope')).toBeUndefined()
    expect(r.queue('qq')?.type).toBe('quorum')
    expect(r.queueExists('q3')).toBe(false)
    const names = r.exchanges().map((x) => x.name)
    expect(names).toContain('')
    expect(names).toContain('amq.match')
    expect(names.filter((n) => n === 'amq.topic')).toHaveLength(1)
    expect(r.exchange('amq.topic')?.predeclared).toBeUndefined()
  })
  test('bindingsFrom() lists an exchange\'s bindings; bindings from "" never route', () => {
    expect(r.bindingsFrom('d').map((b) => b.destination)).toEqual(['q1', 'q2', 't'])
    expect(r.bindingsFrom('')).toEqual([])
    expect(r.route({ exchange: '', routingKey: 'nope' }).queues).toEqual([])
  })
  test('alternateExchange(): argument, else policy', () => {
    expect(r.alternateExchange('d')).toEqual({ name: 'ae', source: 'argument' })
    expect(r.alternateExchange('t')).toEqual({ name: 'ae', source: 'policy', policy: 'p' })
    expect(r.alternateExchange('h')).toBeUndefined()
  })
  test('effectivePolicy() for exchanges and queues', () => {
    expect(r.effectivePolicy('queue', 'q1').policy?.name).toBe('qp')
    expect(r.effectivePolicy('exchange', 'q1').policy).toBeUndefined()
  })
  test('matcher() compiles on demand and matches like route()', () => {
    const m = r.matcher('t')!
    expect(m.match({ routingKeys: ['order.new'], headers: new Map() }).map((x) => x.binding.destination)).toEqual(['q1'])
    expect(r.matcher('missing')).toBeUndefined()
  })
  test('rules and vhost are exposed', () => {
    expect(r.rules.label).toBe('4.3.5')
    expect(r.vhost).toBe('/')
  })
})

describe('explain mode: bindings that did not match, with the reason', () => {
  test('direct: not equal, with a case-only hint and a no-wildcards hint', () => {
    const res = r.route({ exchange: 'd', routingKey: 'key' }, { explain: true })
    const misses = res.hops[0]!.misses!
    expect(misses.find((m) => m.binding.routingKey === 'Key')!.reason).toMatch(/letter case/)
    expect(misses.find((m) => m.binding.routingKey === 'k.*')!.reason).toMatch(/not wildcards/)
  })
  test('topic: the word-by-word reason with a near miss', () => {
    const res = r.route({ exchange: 't', routingKey: 'order.created.eu' }, { explain: true })
    expect(res.hops[0]!.misses![0]!.reason).toMatch(/'order.#' would match/)
  })
  test('headers: the failing condition, with the version rule', () => {
    const res = r.route({ exchange: 'h', routingKey: '', headers: new Map([['n', D(1)]]) }, { explain: true })
    expect(res.hops[0]!.misses![0]!.reason).toMatch(/integer never equals a float/)
  })
  test('without explain, no misses are built', () => {
    expect(r.route({ exchange: 'd', routingKey: 'x' }).hops[0]!.misses).toBeUndefined()
  })
  test('hops record how each exchange was reached and which keys', () => {
    const res = r.route({ exchange: 'd', routingKey: 'k', headers: new Map([['CC', { type: 'array', value: [S('order.x')] }]]) })
    expect(res.hops.map((h) => [h.exchange, h.cause.kind])).toEqual([['d', 'publish'], ['t', 'binding']])
    expect(res.hops[1]!.cause).toMatchObject({ from: 'd', keys: ['k'] })
    expect(res.routes).toEqual([{ queue: 'q1', via: [{ exchange: 't', binding: r.bindingsFrom('t')[0], keys: ['order.x'] }] }])
  })
})
