import { describe, expect, it } from 'vitest'
import { Chalk } from 'chalk'
import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { Binding, Exchange, VhostTopology } from '../../src/core/model.js'
import { explainTopic } from '../../src/core/topic-explain.js'
import { createRouter } from '../../src/core/router.js'
import { rulesFor } from '../../src/core/versions.js'
import { renderTopicExplanation, topicExplanationJson, renderExchangeExplanation, exchangeExplanationJson } from '../../src/report/explain.js'
import { explainExchange } from '../../src/report/exchange-explanation.js'

const plain = new Chalk({ level: 0 })
const t = (entries: [string, AmqpValue][]): AmqpTable => new Map(entries)
const s = (value: string): AmqpValue => ({ type: 'longstr', value })

describe('renderTopicExplanation (rabbit_db_topic_exchange semantics: # takes zero or more words)', () => {
  it('a.#.b vs a.b: # took 0 words', () => {
    const text = renderTopicExplanation(explainTopic('a.#.b', 'a.b'), plain)
    expect(text).toContain('✓ matches')
    expect(text).toMatch(/#\s+\(nothing\)\s+# took 0 words/)
    expect(text).toMatch(/b\s+b\s+equal/)
  })

  it('* takes exactly one word, which may be empty (a..c)', () => {
    const text = renderTopicExplanation(explainTopic('a.*.c', 'a..c'), plain)
    expect(text).toContain('✓ matches')
    expect(text).toMatch(/\*\s+""\s+\* took one \(empty\) word/)
  })

  it('order.* vs order.created.eu: left-over word and the near miss order.#', () => {
    const text = renderTopicExplanation(explainTopic('order.*', 'order.created.eu'), plain)
    expect(text).toContain('✗ no match')
    expect(text).toMatch(/\(end\)\s+eu\s+✗ 1 key word left over/)
    expect(text).toContain("hint: `*` is exactly one word; 'order.#' would match")
  })

  it('a case-only mismatch says so', () => {
    const text = renderTopicExplanation(explainTopic('Order.created', 'order.created'), plain)
    expect(text).toMatch(/Order\s+order\s+✗ differs only in letter case/)
    expect(text).toContain('differ only in letter case')
  })

  it('the empty routing key has zero words: * cannot match it', () => {
    const text = renderTopicExplanation(explainTopic('*', ''), plain)
    expect(text).toContain('vs routing key "" (0 words)')
    expect(text).toMatch(/\*\s+\(none\)\s+✗ no key word left/)
  })

  it('JSON carries the steps, the failure and the notes', () => {
    const j = topicExplanationJson(explainTopic('order.*', 'order.created.eu'), ['extra rule'])
    expect(j).toMatchObject({ mode: 'pattern', pattern: 'order.*', key: 'order.created.eu', matches: false, keyWords: ['order', 'created', 'eu'] })
    expect(j.failure).toMatchObject({ kind: 'pattern-exhausted', extra: ['eu'] })
    expect(j.notes).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'would-match', suggestion: 'order.#' }), { kind: 'rule', message: 'extra rule' }]))
  })
})

function vhost(exchanges: Exchange[], queues: string[], bindings: Omit<Binding, 'vhost' | 'arguments'>[] & { arguments?: AmqpTable }[]): VhostTopology {
  return {
    name: '/',
    exchanges: new Map(exchanges.map((x) => [x.name, x])),
    queues: new Map(queues.map((q) => [q, { vhost: '/', name: q, type: 'classic', durable: true, exclusive: false, autoDelete: false, arguments: new Map() }])),
    bindings: bindings.map((b) => ({ vhost: '/', arguments: new Map(), ...b }) as Binding),
    policies: [],
  }
}
const exchange = (name: string, type: string, args: AmqpTable = new Map()): Exchange =>
  ({ vhost: '/', name, type, durable: true, autoDelete: false, internal: false, arguments: args })

describe('explainExchange + renderExchangeExplanation', () => {
  it('topic: every binding, matched or not, with the alignment summary and near miss', () => {
    const vh = vhost([exchange('orders', 'topic')], ['all', 'eu', 'created'], [
      { source: 'orders', destination: 'all', destinationType: 'queue', routingKey: 'order.#' },
      { source: 'orders', destination: 'eu', destinationType: 'queue', routingKey: 'order.*' },
      { source: 'orders', destination: 'created', destinationType: 'queue', routingKey: 'order.created.*' },
    ])
    const x = explainExchange(createRouter(vh, rulesFor('4.3.5')), { exchange: 'orders', routingKey: 'order.created.eu' })
    const text = renderExchangeExplanation(x, plain)
    expect(text).toContain('3 bindings: 2 match, 1 does not')
    expect(text).toContain('✓ "order.#" → queue all')
    expect(text).toContain('key "order.created.eu": matches (# took created.eu)')
    expect(text).toContain('✗ "order.*" → queue eu')
    expect(text).toContain("'order.#' would match")
    expect(text).toContain('key "order.created.eu": matches (* took eu)')
    expect(text).toContain('queues reached (whole route): all, created')
  })

  it('direct: equality per key, with a case-only hint', () => {
    const vh = vhost([exchange('d', 'direct')], ['q'], [{ source: 'd', destination: 'q', destinationType: 'queue', routingKey: 'Invoice' }])
    const x = explainExchange(createRouter(vh, rulesFor('4.3.5')), { exchange: 'd', routingKey: 'invoice' })
    expect(renderExchangeExplanation(x, plain)).toContain('key "invoice": differs only in letter case (direct matching is byte-exact)')
    expect(x.bindings[0]!.matched).toBe(false)
  })

  it('headers: a table per binding with value and type; 1 vs 1.0 differs on 3.13+, equal on 3.10', () => {
    const args = t([['x-match', s('all')], ['n', { type: 'long', value: 1 }], ['x-note', s('ignored')]])
    const vh = vhost([exchange('h', 'headers')], ['q'], [{ source: 'h', destination: 'q', destinationType: 'queue', routingKey: '', arguments: args }])
    const headers = t([['n', { type: 'double', value: 1 }]])
    const new_ = explainExchange(createRouter(vh, rulesFor('3.13')), { exchange: 'h', routingKey: '', headers })
    const old = explainExchange(createRouter(vh, rulesFor('3.10')), { exchange: 'h', routingKey: '', headers })
    expect(new_.bindings[0]!.matched).toBe(false)
    expect(old.bindings[0]!.matched).toBe(true)
    const text = renderExchangeExplanation(new_, plain)
    expect(text).toMatch(/n\s+1 \(long\)\s+1\.0 \(double\)\s+✗ RabbitMQ 3\.13 compares with =:=/)
    expect(text).toContain('skipped: x-note = "ignored" (x- arguments are ignored unless x-match is all-with-x or any-with-x)')
    const j = exchangeExplanationJson(new_) as { bindings: { headers: { conditions: unknown[] } }[] }
    expect(j.bindings[0]!.headers.conditions[0]).toEqual({ name: 'n', binding: 1, bindingType: 'long', message: { type: 'double', value: 1 }, messageType: 'double', held: false, why: expect.stringContaining('=:=') })
  })

  it('no binding matched: names the alternate exchange that takes the message', () => {
    const vh = vhost([exchange('d', 'direct', t([['alternate-exchange', s('ae')]])), exchange('ae', 'fanout')], ['q', 'un'], [
      { source: 'd', destination: 'q', destinationType: 'queue', routingKey: 'k' },
      { source: 'ae', destination: 'un', destinationType: 'queue', routingKey: '' },
    ])
    const x = explainExchange(createRouter(vh, rulesFor('4.3.5')), { exchange: 'd', routingKey: 'other' })
    const text = renderExchangeExplanation(x, plain)
    expect(text).toContain('no binding matched: alternate exchange ae (via argument) takes the message')
    expect(text).toContain('queues reached (whole route): un')
  })

  it('a missing exchange is the 404 channel error', () => {
    const x = explainExchange(createRouter(vhost([], [], []), rulesFor('4.3.5')), { exchange: 'nope', routingKey: 'k' })
    expect(renderExchangeExplanation(x, plain)).toContain("channel error 404 NOT_FOUND - no exchange 'nope' in vhost '/'")
    expect(exchangeExplanationJson(x)).toMatchObject({ error: { code: 404, name: 'NOT_FOUND' } })
  })
})
