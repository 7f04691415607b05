// fast-check properties of the routing core. The oracle is a direct port of RabbitMQ's own reference
// matcher ref_match/2 (deps/rabbit/test/rabbit_db_topic_exchange_SUITE.erl), deliberately naive.
import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import type { AmqpValue } from '../../src/core/amqp-value.js'
import { topicMatches } from '../../src/core/topic-match.js'
import { explainTopic } from '../../src/core/topic-explain.js'
import { explainHeadersBinding } from '../../src/core/headers.js'
import { rulesFor } from '../../src/core/versions.js'
import { bind, e2e, exchange, router } from './build.js'

const split = (s: string): string[] => (s === '' ? [] : s.split('.'))
function refMatch1(p: readonly string[], k: readonly string[]): boolean {
  if (p.length === 0) return k.length === 0
  const [w, ...rest] = p
  if (w === '#') {
    if (rest.length === 0) return true
    return refMatch1(rest, k) || (k.length > 0 && refMatch1(p, k.slice(1)))
  }
  if (k.length === 0) return false
  if (w === '*' || w === k[0]) return refMatch1(rest, k.slice(1))
  return false
}
const refMatch = (pattern: string, key: string): boolean => refMatch1(split(pattern), split(key))

const patternWord = fc.constantFrom('a', 'b', '', '*', '#', 'a*', '#b')
const keyWord = fc.constantFrom('a', 'b', '', '*', '#', 'a*')
const pattern = fc.oneof(fc.constant(''), fc.array(patternWord, { minLength: 1, maxLength: 7 }).map((ws) => ws.join('.')))
const key = fc.oneof(fc.constant(''), fc.array(keyWord, { minLength: 1, maxLength: 8 }).map((ws) => ws.join('.')))
const hashRun = fc.array(fc.constantFrom('#', '*', 'a'), { minLength: 10, maxLength: 30 }).map((ws) => ws.join('.'))
const longKey = fc.array(fc.constantFrom('a', 'b', ''), { minLength: 0, maxLength: 40 }).map((ws) => ws.join('.'))

describe('topic trie agrees with the reference matcher (ref_match/2)', () => {
  test('topicMatches (DP) = ref_match on random patterns and keys, empty words and # runs included', () => {
    fc.assert(fc.property(pattern, key, (p, k) => topicMatches(p, k) === refMatch(p, k)), { numRuns: 3000 })
  })
  test('a topic exchange routes each key to exactly the bindings ref_match accepts', () => {
    fc.assert(fc.property(fc.array(pattern, { minLength: 1, maxLength: 25 }), fc.array(key, { minLength: 1, maxLength: 8 }), (patterns, keys) => {
      const r = router({ exchanges: [exchange('t', 'topic')], queues: patterns.map((_, i) => `q${i}`), bindings: patterns.map((p, i) => bind('t', `q${i}`, p)) }, '4.3.4')
      for (const k of keys) {
        const got = r.route({ exchange: 't', routingKey: k }).queues
        const want = patterns.flatMap((p, i) => (refMatch(p, k) ? [`q${i}`] : [])).sort()
        expect(got).toEqual(want)
      }
    }), { numRuns: 400 })
  })
  test('bindings that all start with a literal word: keys whose first word none has stop early, with the same answer', () => {
    // the trie rejects a key whose first word no binding has without reading the rest; `''` (zero words) and an
    // empty first word (`.a`) are literal starts too
    const literalStart = fc.oneof(fc.constant(''), fc.tuple(fc.constantFrom('a', 'b', '', 'a*', '#b'), fc.array(patternWord, { maxLength: 5 })).map(([w, ws]) => [w, ...ws].join('.')))
    const probe = fc.oneof(key, fc.tuple(fc.constantFrom('c', 'zz', 'a', ''), fc.array(keyWord, { maxLength: 5 })).map(([w, ws]) => [w, ...ws].join('.')))
    fc.assert(fc.property(fc.array(literalStart, { minLength: 1, maxLength: 20 }), fc.array(probe, { minLength: 1, maxLength: 10 }), (patterns, keys) => {
      const t = { exchanges: [exchange('t', 'topic')], queues: patterns.map((_, i) => `q${i}`), bindings: patterns.map((p, i) => bind('t', `q${i}`, p)) }
      const r = router(t, '4.3.4')
      const full = router(t, '4.3.4')
      for (const k of keys) {
        const want = patterns.flatMap((p, i) => (refMatch(p, k) ? [`q${i}`] : [])).sort()
        expect(r.route({ exchange: 't', routingKey: k }).queues).toEqual(want)
        expect(full.trace({ exchange: 't', routingKey: k }).queues).toEqual(want)
      }
    }), { numRuns: 600 })
  })
  test('`#` runs and long keys stay fast and correct', () => {
    fc.assert(fc.property(fc.array(hashRun, { minLength: 1, maxLength: 5 }), longKey, (patterns, k) => {
      const r = router({ exchanges: [exchange('t', 'topic')], queues: patterns.map((_, i) => `q${i}`), bindings: patterns.map((p, i) => bind('t', `q${i}`, p)) }, '4.3.4')
      const got = r.route({ exchange: 't', routingKey: k }).queues
      const want = patterns.flatMap((p, i) => (topicMatches(p, k) ? [`q${i}`] : [])).sort()
      expect(got).toEqual(want)
    }), { numRuns: 300 })
  })
  test('a pathological #.*.#.*… binding against a 120-word key routes in well under a second', () => {
    const p = Array.from({ length: 60 }, () => '#.*').join('.')
    const k = Array.from({ length: 120 }, () => 'a').join('.')
    const r = router({ exchanges: [exchange('t', 'topic')], queues: ['q'], bindings: [bind('t', 'q', p)] }, '4.3.4')
    const t0 = performance.now()
    expect(r.route({ exchange: 't', routingKey: k }).queues).toEqual(['q'])
    expect(r.route({ exchange: 't', routingKey: `${k}.a` }).queues).toEqual(['q'])
    expect(performance.now() - t0).toBeLessThan(1000)
  })
})

describe('routing invariants', () => {
  const literal = fc.array(fc.constantFrom('a', 'b', '', 'c'), { minLength: 1, maxLength: 5 }).map((ws) => ws.join('.'))
  test('a wildcard-free topic binding matches only its own key', () => {
    fc.assert(fc.property(literal, key, (p, k) => {
      const r = router({ exchanges: [exchange('t', 'topic')], queues: ['q'], bindings: [bind('t', 'q', p)] })
      expect(r.route({ exchange: 't', routingKey: k }).routed).toBe(p === k)
      expect(r.route({ exchange: 't', routingKey: p }).routed).toBe(true)
    }))
  })
  test('`#` matches every key', () => {
    const r = router({ exchanges: [exchange('t', 'topic')], queues: ['q'], bindings: [bind('t', 'q', '#')] })
    fc.assert(fc.property(fc.string(), (k) => r.route({ exchange: 't', routingKey: k }).routed))
  })
  test('fanout ignores the routing key', () => {
    fc.assert(fc.property(fc.array(fc.string(), { minLength: 0, maxLength: 5 }), fc.string(), fc.string(), (bks, k1, k2) => {
      const r = router({ exchanges: [exchange('f', 'fanout')], queues: bks.map((_, i) => `q${i}`), bindings: bks.map((bk, i) => bind('f', `q${i}`, bk)) })
      expect(r.route({ exchange: 'f', routingKey: k1 }).queues).toEqual(r.route({ exchange: 'f', routingKey: k2 }).queues)
    }))
  })
  test('results are unique and sorted, whatever the E2E graph (cycles, diamonds, AEs)', () => {
    const names = ['x0', 'x1', 'x2', 'x3']
    const edge = fc.record({ from: fc.constantFrom(...names), to: fc.constantFrom(...names, 'q0', 'q1', 'q2'), key: fc.constantFrom('a', 'b', '#', '*') })
    fc.assert(fc.property(fc.array(edge, { maxLength: 14 }), fc.array(fc.constantFrom('topic', 'fanout', 'direct'), { minLength: 4, maxLength: 4 }),
      fc.array(fc.option(fc.constantFrom(...names), { nil: undefined }), { minLength: 4, maxLength: 4 }), fc.constantFrom('a', 'b', 'c'), (edges, types, aes, k) => {
        const exchanges = names.map((n, i) => exchange(n, types[i], { args: aes[i] === undefined ? {} : { 'alternate-exchange': { type: 'longstr', value: aes[i]! } } }))
        const bindings = edges.map((e) => (e.to.startsWith('q') ? bind(e.from, e.to, e.key) : e2e(e.from, e.to, e.key)))
        const r = router({ exchanges, queues: ['q0', 'q1', 'q2'], bindings })
        const res = r.route({ exchange: 'x0', routingKey: k, headers: new Map([['CC', { type: 'array', value: [{ type: 'longstr', value: 'b' }] }]]) })
        expect(res.queues).toEqual([...new Set(res.queues)].sort())
        const visited = res.hops.map((h) => h.exchange)
        expect(visited).toEqual([...new Set(visited)])
        expect(res.routes.map((q) => q.queue)).toEqual(res.queues)
      }), { numRuns: 500 })
  })
})

describe('headers index agrees with evaluating every binding', () => {
  const scalar: fc.Arbitrary<AmqpValue> = fc.oneof(
    fc.constantFrom('1', 'a', '').map((value) => ({ type: 'longstr', value }) as AmqpValue),
    fc.constantFrom(0, 1).map((value) => ({ type: 'long', value }) as AmqpValue),
    fc.constantFrom(0, 1, 0.5).map((value) => ({ type: 'double', value }) as AmqpValue),
    fc.boolean().map((value) => ({ type: 'bool', value }) as AmqpValue),
    fc.constantFrom(0, 1, 1000).map((value) => ({ type: 'timestamp', value }) as AmqpValue),
    fc.constantFrom(1, 0.5, 0.1).map((value) => ({ type: 'float', value }) as AmqpValue),
    fc.constantFrom(1, 1000).map((value) => ({ type: 'signedint', value }) as AmqpValue),
    fc.constantFrom(0.1).map((value) => ({ type: 'double', value }) as AmqpValue),
    fc.constant({ type: 'void' } as AmqpValue),
  )
  const name = fc.constantFrom('a', 'b', 'x-a', 'CC')
  const tbl = fc.array(fc.tuple(name, scalar), { maxLength: 4 }).map((es) => new Map(es))
  const mode = fc.option(fc.constantFrom('all', 'any', 'all-with-x', 'any-with-x', 'bogus'), { nil: undefined })
  test.each(['3.10', '3.12', '3.13', '4.3.5'])('RabbitMQ %s', (version) => {
    const rules = rulesFor(version)
    fc.assert(fc.property(fc.array(fc.tuple(mode, tbl), { minLength: 1, maxLength: 8 }), tbl, (specs, headers) => {
      const bindings = specs.map(([m, args], i) => {
        const a = new Map<string, AmqpValue>(args)
        if (m !== undefined) a.set('x-match', { type: 'longstr', value: m })
        return { ...bind('h', `q${i}`), arguments: a }
      })
      const r = router({ exchanges: [exchange('h', 'headers')], queues: specs.map((_, i) => `q${i}`), bindings }, version)
      const got = r.route({ exchange: 'h', routingKey: '', headers: new Map([...headers].filter(([k]) => k !== 'CC')) }).queues
      const want = bindings.flatMap((b, i) => (explainHeadersBinding(b.arguments, new Map([...headers].filter(([k]) => k !== 'CC')), rules).matched ? [`q${i}`] : [])).sort()
      expect(got).toEqual(want)
    }), { numRuns: 500 })
  })
})

test('a routing key of 5000 words (beyond AMQP limits) is matched without recursion, with the same answer', () => {
  const k = Array.from({ length: 5000 }, (_, i) => (i % 2 ? 'a' : 'b')).join('.')
  const patterns = ['#', 'b.#', '#.a', '*.#.b', 'b.*', '#.b.a.#', '']
  const r = router({ exchanges: [exchange('t', 'topic')], queues: patterns.map((_, i) => `q${i}`), bindings: patterns.map((p, i) => bind('t', `q${i}`, p)) })
  expect(r.route({ exchange: 't', routingKey: k }).queues).toEqual(patterns.flatMap((p, i) => (topicMatches(p, k) ? [`q${i}`] : [])).sort())
  expect(r.route({ exchange: 't', routingKey: k }).queues).toEqual(['q0', 'q1', 'q2', 'q5'])
})

test('the single-key fast path and the multi-key path agree (key k alone = key k with CC [k])', () => {
  fc.assert(fc.property(fc.array(pattern, { minLength: 1, maxLength: 15 }), key, fc.constantFrom('topic', 'direct', 'fanout'), (patterns, k, type) => {
    const r = router({ exchanges: [exchange('t', type)], queues: patterns.map((_, i) => `q${i % 4}`), bindings: patterns.map((p, i) => bind('t', `q${i % 4}`, p)) }, '4.3.4')
    const a = r.route({ exchange: 't', routingKey: k })
    const b = r.route({ exchange: 't', routingKey: k, headers: new Map([['CC', { type: 'array', value: [{ type: 'longstr', value: k }] }]]) })
    expect(b.queues).toEqual(a.queues)
    expect(b.hops[0]!.matches.map((m) => m.binding)).toEqual(a.hops[0]!.matches.map((m) => m.binding))
    expect(a.routes.map((q) => q.via.length)).toEqual(b.routes.map((q) => q.via.length))
  }), { numRuns: 500 })
})

describe('explainTopic alignments are valid', () => {
  test('a match aligns every key word once; a failure stops at a consistent point', () => {
    fc.assert(fc.property(pattern, key, (p, k) => {
      const e = explainTopic(p, k)
      expect(e.matches).toBe(refMatch(p, k))
      const steps = e.matches ? e.steps! : e.stepsBeforeFailure!
      const kw = split(k)
      let at = 0
      for (const s of steps) {
        expect(s.keyIndex).toBe(at)
        expect(s.took).toEqual(kw.slice(at, at + s.took.length))
        if (s.kind === 'literal') expect(s.took).toEqual([s.patternWord])
        if (s.kind !== 'hash') expect(s.took).toHaveLength(1)
        at += s.took.length
      }
      expect(steps.map((s) => s.patternIndex)).toEqual(steps.map((_, i) => i))
      if (e.matches) expect(at).toBe(kw.length)
      else {
        const f = e.failure!
        if (f.kind === 'literal-mismatch') expect([f.patternIndex, f.keyIndex, f.actual]).toEqual([steps.length, at, kw[at]])
        if (f.kind === 'pattern-exhausted') expect(f.extra).toEqual(kw.slice(at))
        if (f.kind === 'key-exhausted') expect(f.missing).toEqual(split(p).slice(steps.length))
      }
    }), { numRuns: 3000 })
  })
})
