// route() answers from a reduced walk (queue slots, no hop or via objects); trace() builds everything. They must never
// disagree: same queues, routed, returned, errors, unsupported exchanges and routing keys, and route()'s lazily built
// hops and routes equal trace()'s, on random topologies of every exchange type with E2E bindings, alternate
// exchanges (argument and policy), internal exchanges, dangling destinations, CC/BCC and the default exchange.
import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { Binding, Exchange } from '../../src/core/model.js'
import type { Publish, RouteResult } from '../../src/core/route-types.js'
import { RouteOutcome } from '../../src/core/route-outcome.js'
import { bind, e2e, exchange, policy, router } from './build.js'

type Of<T> = T extends fc.Arbitrary<infer V> ? V : never

const S = (value: string): AmqpValue => ({ type: 'longstr', value })
const A = (...value: AmqpValue[]): AmqpValue => ({ type: 'array', value })

const X = ['x0', 'x1', 'x2', 'x3', 'x4']
const Q = ['q0', 'q1', 'q2', 'q3']
const TYPES = ['topic', 'direct', 'fanout', 'headers', 'x-consistent-hash'] as const

const word = fc.constantFrom('a', 'b', 'c', '')
const topicWord = fc.constantFrom('a', 'b', 'c', '', '*', '#')
const key = fc.oneof(fc.constant(''), fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join('.')))
const bindingKey = fc.oneof(fc.constant(''), fc.array(topicWord, { minLength: 1, maxLength: 4 }).map((ws) => ws.join('.')))
const headerName = fc.constantFrom('h', 'k', 'x-h', 'BCC', 'CC')
const headerValue: fc.Arbitrary<AmqpValue> = fc.oneof(
  fc.constantFrom('1', 'a').map(S),
  fc.constantFrom(1, 2).map((value) => ({ type: 'long', value }) as AmqpValue),
  fc.constant({ type: 'void' } as AmqpValue),
)
const bindingArgs = fc.tuple(
  fc.option(fc.constantFrom('all', 'any', 'all-with-x', 'any-with-x'), { nil: undefined }),
  fc.array(fc.tuple(headerName, headerValue), { maxLength: 3 }),
).map(([mode, conditions]) => {
  const args = new Map<string, AmqpValue>(conditions)
  if (mode !== undefined) args.set('x-match', S(mode))
  return args
})

const destination = fc.oneof(
  fc.constantFrom(...Q, 'missing-q').map((name) => ({ name, exchange: false })),
  fc.constantFrom(...X, 'missing-x').map((name) => ({ name, exchange: true })),
)
const bindingSpec = fc.record({ from: fc.constantFrom(...X), to: destination, key: bindingKey, args: bindingArgs })
const exchangeSpec = fc.record({
  type: fc.constantFrom(...TYPES),
  internal: fc.boolean(),
  ae: fc.option(fc.constantFrom(...X, 'missing-x', ''), { nil: undefined }),
})
const topologySpec = fc.record({
  exchanges: fc.array(exchangeSpec, { minLength: X.length, maxLength: X.length }),
  bindings: fc.array(bindingSpec, { maxLength: 16 }),
  // an AE policy on some exchanges (the argument wins where both are set)
  aePolicy: fc.option(fc.record({ pattern: fc.constantFrom('^x[0-2]$', 'x', '^x4$'), ae: fc.constantFrom(...X, 'missing-x') }), { nil: undefined }),
  // a few bindings from the default exchange (never route) and to amq.* exchanges
  extra: fc.boolean(),
})

/** CC/BCC as RabbitMQ reads them: arrays of longstr (other elements ignored), or a wrong type (406). */
const routingHeader = fc.oneof(
  fc.array(fc.oneof(key.map(S), fc.constant({ type: 'long', value: 1 } as AmqpValue)), { maxLength: 3 }).map((es) => A(...es)),
  fc.constant(S('not-an-array')),
)
const probeSpec = fc.record({
  exchange: fc.constantFrom(...X, '', 'amq.topic', 'amq.fanout', 'missing-x'),
  routingKey: fc.oneof(key, fc.constantFrom(...Q)),
  headers: fc.array(fc.oneof(fc.tuple(fc.constantFrom('h', 'k', 'x-h'), headerValue), fc.tuple(fc.constantFrom('CC', 'BCC'), routingHeader)), { maxLength: 4 }),
  mandatory: fc.boolean(),
  internal: fc.boolean(),
})

function build(spec: Of<typeof topologySpec>) {
  const exchanges: Exchange[] = spec.exchanges.map((e, i) =>
    exchange(X[i]!, e.type, { internal: e.internal, args: e.ae === undefined ? {} : { 'alternate-exchange': S(e.ae) } }))
  const bindings: Binding[] = spec.bindings.map((b) => {
    const made = b.to.exchange ? e2e(b.from, b.to.name, b.key) : bind(b.from, b.to.name, b.key)
    return { ...made, arguments: b.args }
  })
  if (spec.extra) bindings.push(bind('', 'q0', 'q1'), bind('amq.topic', 'q1', '#'), e2e('amq.fanout', 'x0'), bind('amq.fanout', 'q2'))
  const policies = spec.aePolicy === undefined ? [] : [policy('ae', spec.aePolicy.pattern, { 'alternate-exchange': spec.aePolicy.ae }, { applyTo: 'exchanges' })]
  return { exchanges, queues: Q, bindings, policies }
}

function publishOf(p: Of<typeof probeSpec>): Publish {
  const headers: AmqpTable = new Map(p.headers)
  return { exchange: p.exchange, routingKey: p.routingKey, ...(headers.size > 0 ? { headers } : {}), mandatory: p.mandatory }
}

function expectSameAnswer(fast: RouteResult, full: RouteResult): void {
  expect(fast.error).toEqual(full.error)
  expect(fast.queues).toEqual(full.queues)
  expect(fast.routed).toBe(full.routed)
  expect(fast.returned).toBe(full.returned)
  expect(fast.unsupported).toEqual(full.unsupported)
  expect(fast.routingKeys).toEqual(full.routingKeys)
}

describe('route() (queue names only) agrees with trace() (full walk)', () => {
  test('random topologies of every type, E2E, AE, internal exchanges, CC/BCC, default exchange', () => {
    fc.assert(fc.property(topologySpec, fc.array(probeSpec, { minLength: 1, maxLength: 12 }), (spec, probes) => {
      const t = build(spec)
      // one router answers every probe in turn (its per-walk scratch must not leak); a fresh one traces
      const fast = router(t)
      const full = router(t)
      const answers = probes.map((p) => {
        const opts = p.internal ? { internal: true } : undefined
        return { f: fast.route(publishOf(p), opts), t: full.trace(publishOf(p), opts) }
      })
      for (const { f, t: want } of answers) {
        expectSameAnswer(f, want)
        // an answer without an error comes from the reduced walk, not from a fallback to trace()
        if (want.error === undefined) expect(f).toBeInstanceOf(RouteOutcome)
      }
      // hops and routes, worked out on first read (after other walks of the same router), are trace()'s
      for (const { f, t: want } of answers) {
        expect(f.hops).toEqual(want.hops)
        expect(f.routes).toEqual(want.routes)
        expect(JSON.stringify(f)).toBe(JSON.stringify(want))
      }
    }), { numRuns: 1500 })
  })

  test('topic exchanges with many bindings sharing few queues, many keys in a row', () => {
    fc.assert(fc.property(fc.array(fc.tuple(bindingKey, fc.nat(3)), { minLength: 1, maxLength: 40 }), fc.array(key, { minLength: 1, maxLength: 30 }), (bs, keys) => {
      const t = { exchanges: [exchange('t', 'topic')], queues: Q, bindings: bs.map(([k, q]) => bind('t', Q[q]!, k)) }
      const fast = router(t)
      const full = router(t)
      for (const k of keys) expectSameAnswer(fast.route({ exchange: 't', routingKey: k, mandatory: true }), full.trace({ exchange: 't', routingKey: k, mandatory: true }))
    }), { numRuns: 800 })
  })

  // Queue names whose code-unit order differs from code-point and locale order (an astral character is two
  // surrogates, below U+FF71), many enough (> 24) that route() sorts them with Array#sort instead of insertion.
  const queueName = fc.array(fc.constantFrom('a', 'B', 'b', 'é', '_', '1', '10', '9', '\u{1F600}', '\uFF71', ''), { minLength: 1, maxLength: 3 }).map((p) => p.join(''))
  // RabbitMQ's order: lists:usort of the names as UTF-8 binaries (rabbit_exchange.erl route/2)
  const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))

  test('many queues: route() and trace() give the same names, each once, in code point order (as RabbitMQ sorts them)', () => {
    fc.assert(fc.property(
      fc.uniqueArray(queueName, { minLength: 1, maxLength: 60, size: 'max' }),
      fc.array(fc.tuple(bindingKey, fc.nat()), { minLength: 1, maxLength: 120, size: 'medium' }),
      fc.array(fc.tuple(key, fc.array(key, { maxLength: 2 })), { minLength: 1, maxLength: 20 }),
      (names, bs, probes) => {
        const t = {
          exchanges: [exchange('t', 'topic'), exchange('f', 'fanout')],
          queues: names,
          // the fanout reaches every queue, then the topic exchange (E2E): one walk, two matchers, many queues
          bindings: [...bs.map(([k, q]) => bind('t', names[q % names.length]!, k)), ...names.map((q) => bind('f', q)), e2e('f', 't')],
        }
        const fast = router(t)
        const full = router(t)
        for (const [k, cc] of probes) {
          for (const x of ['t', 'f']) {
            const publish: Publish = { exchange: x, routingKey: k, ...(cc.length > 0 ? { headers: new Map([['CC', A(...cc.map(S))]]) } : {}) }
            const f = fast.route(publish)
            expectSameAnswer(f, full.trace(publish))
            expect(f.queues).toEqual([...new Set(f.queues)].sort(byUtf8))
            if (x === 'f') expect(f.queues).toEqual([...names].sort(byUtf8))
          }
        }
      },
    ), { numRuns: 300 })
  })

  test('a walk that matches thousands of bindings, then small walks: the reused scratch never leaks between walks', () => {
    const names = Array.from({ length: 40 }, (_, i) => `q${i}`)
    const bindings = [
      ...Array.from({ length: 4500 }, (_, i) => bind('f', names[i % names.length]!)),
      e2e('f', 't'),
      bind('t', 'q1', 'a.#'), bind('t', 'q39', '*.b'), bind('t', 'q7', 'a.b'),
    ]
    const t = { exchanges: [exchange('f', 'fanout'), exchange('t', 'topic')], queues: names, bindings }
    const fast = router(t)
    const full = router(t)
    for (const [x, k] of [['f', 'a.b'], ['t', 'a.b'], ['t', 'c.b'], ['f', 'zz'], ['f', 'zz'], ['t', 'zz'], ['t', 'a']] as const) {
      const want = full.trace({ exchange: x, routingKey: k, mandatory: true })
      expectSameAnswer(fast.route({ exchange: x, routingKey: k, mandatory: true }), want)
    }
    expect(fast.route({ exchange: 't', routingKey: 'a.b' }).queues).toEqual(['q1', 'q39', 'q7'])
    expect(fast.route({ exchange: 'f', routingKey: 'zz' }).queues).toHaveLength(40)
  })

  test('route(publish, { explain: true }) is trace() with misses', () => {
    const r = router({ exchanges: [exchange('t', 'topic')], queues: ['q'], bindings: [bind('t', 'q', 'a.*')] })
    const res = r.route({ exchange: 't', routingKey: 'b.c' }, { explain: true })
    expect(res).not.toBeInstanceOf(RouteOutcome)
    expect(res.hops[0]!.misses!.map((m) => m.binding.routingKey)).toEqual(['a.*'])
  })

  test('a headers exchange never sees BCC, and the caller\'s table is not copied or changed', () => {
    const r = router({ exchanges: [exchange('h', 'headers')], queues: ['q', 'p'], bindings: [
      { ...bind('h', 'q'), arguments: new Map([['BCC', { type: 'void' }]]) },
      { ...bind('h', 'p'), arguments: new Map([['x-match', S('any')], ['BCC', { type: 'void' }], ['k', S('1')]]) },
    ] })
    const headers = new Map<string, AmqpValue>([['BCC', A(S('x'))], ['k', S('1')]])
    const res = r.route({ exchange: 'h', routingKey: '', headers })
    expect(res.queues).toEqual(['p'])
    expect([...headers.keys()]).toEqual(['BCC', 'k'])
    expect(r.trace({ exchange: 'h', routingKey: '', headers }).queues).toEqual(['p'])
  })
})
