// Topic routing against the tables of RabbitMQ's own suites (routing_SUITE.erl topic1/1,
// rabbit_db_topic_exchange_SUITE.erl, exchanges_SUITE.erl topic_exchange/1) and qlobber's copy of the
// classic table, kept with their provenance in test/fixtures/vectors/topic-vectors.json.
import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { topicMatches } from '../../src/core/topic-match.js'
import { TopicTrie, topicExchangeType } from '../../src/core/topic.js'
import { rulesFor } from '../../src/core/versions.js'
import type { Binding } from '../../src/core/model.js'
import { bind, e2e, exchange, router } from './build.js'

interface Pair { pattern: string; key: string; match: boolean; sources: string[] }
interface Table { id: string; bindings: { pattern: string; dest: string }[]; cases: { key: string; expected: string[] }[] }
interface Validation { pattern: string; valid: boolean }
const vectors = JSON.parse(readFileSync(new URL('../fixtures/vectors/topic-vectors.json', import.meta.url), 'utf8')) as {
  pairs: Pair[]; tables: Table[]; binding_key_validation: Validation[]
}

describe('topic pairs (pattern, key) from RabbitMQ suites', () => {
  test('the vector file is the full set', () => {
    expect(vectors.pairs.length).toBe(465)
    expect(vectors.tables.length).toBe(25)
  })
  test.each(vectors.pairs.map((p) => [p.pattern, p.key, p.match] as const))('%j vs %j → %s', (pattern, key, match) => {
    expect(topicMatches(pattern, key)).toBe(match)
    const b = bind('x', 'q', pattern)
    const out: Binding[] = []
    new TopicTrie([b]).collect(key, out)
    expect(out.length).toBe(match ? 1 : 0)
  })
})

describe.each(vectors.tables.map((t) => [t.id, t] as const))('table %s routed through the router', (_id, t) => {
  const bindings = t.bindings.map((b) =>
    b.dest.startsWith('exchange:') ? e2e('t', b.dest.slice('exchange:'.length), b.pattern) : bind('t', b.dest, b.pattern))
  const queues = [...new Set(t.bindings.filter((b) => !b.dest.startsWith('exchange:')).map((b) => b.dest))]
  const xdests = [...new Set(t.bindings.filter((b) => b.dest.startsWith('exchange:')).map((b) => b.dest.slice(9)))]
  // v4.3.4 tables hold '#.#.#' (3 '#'), routed as a binding created before 4.3.5: use 4.3.4 rules.
  const r = router({ exchanges: [exchange('t', 'topic'), ...xdests.map((n) => exchange(n, 'fanout'))], queues, bindings }, '4.3.4')
  test.each(t.cases.map((c) => [c.key, c.expected] as const))('key %j', (key, expected) => {
    const res = r.route({ exchange: 't', routingKey: key })
    const first = res.hops[0]!
    const dests = first.matches.map((m) => (m.binding.destinationType === 'exchange' ? `exchange:${m.binding.destination}` : m.binding.destination))
    expect([...new Set(dests)].sort()).toEqual([...new Set(expected)].sort())
    expect(res.queues).toEqual([...new Set(expected.filter((d) => !d.startsWith('exchange:')))].sort())
  })
})

describe('topic binding key validation (unit_topic_binding_validation_SUITE.erl, ?MAX_HASH_WILDCARDS from 4.3.5)', () => {
  test.each(vectors.binding_key_validation.map((v) => [v.pattern.length > 40 ? `${v.pattern.slice(0, 40)}…` : v.pattern, v] as const))('%j', (_label, v) => {
    const b = bind('x', 'q', v.pattern)
    const problem = topicExchangeType.validateBinding(b, rulesFor('4.3.5'))
    if (v.valid) expect(problem).toBeNull()
    else expect(problem?.code).toBe(406)
    // before 4.3.5 every key is accepted
    expect(topicExchangeType.validateBinding(b, rulesFor('4.3.4'))).toBeNull()
    expect(topicExchangeType.validateBinding(b, rulesFor('3.10'))).toBeNull()
  })
})
