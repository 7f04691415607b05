// The topic trie's builder walks each distinct binding key once: bindings that repeat a key share its end node.
// Checked against the full path (a trie of distinct keys, where nothing is shared) and against ref_match/2
// (deps/rabbit/test/rabbit_db_topic_exchange_SUITE.erl).
import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { TopicTrie } from '../../src/core/topic.js'
import { topicMatches } from '../../src/core/topic-match.js'
import { bind } from './build.js'

// few words, so keys repeat often; empty words, `#` runs and `*` included
const word = fc.constantFrom('a', 'b', '', '*', '#', 'a*', '#b', 'é', '\u{1F600}')
const pattern = fc.oneof(fc.constant(''), fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join('.')))
const key = fc.oneof(fc.constant(''), fc.array(fc.constantFrom('a', 'b', '', '*', '#', 'é'), { minLength: 1, maxLength: 7 }).map((ws) => ws.join('.')))
const indicesOf = (trie: TopicTrie, k: string): number[] => {
  const out: number[] = []
  trie.collectIndices(k, out)
  return out
}

describe('topic trie built from repeated binding keys', () => {
  test('same bindings, same order, as the trie of the distinct keys expanded to every binding holding each key', () => {
    fc.assert(fc.property(fc.array(pattern, { minLength: 1, maxLength: 40 }), fc.array(key, { minLength: 1, maxLength: 10 }), (patterns, keys) => {
      const distinct = [...new Set(patterns)]
      const holders = distinct.map((p) => patterns.flatMap((q, i) => (q === p ? [i] : [])))
      const shared = new TopicTrie(patterns.map((p, i) => bind('t', `q${i}`, p)))
      const full = new TopicTrie(distinct.map((p, i) => bind('t', `q${i}`, p)))
      for (const k of keys) {
        expect(indicesOf(shared, k)).toEqual(indicesOf(full, k).flatMap((d) => holders[d]!))
      }
    }), { numRuns: 1500 })
  })

  test('each binding once, exactly those ref_match accepts', () => {
    fc.assert(fc.property(fc.array(pattern, { minLength: 1, maxLength: 40 }), fc.array(key, { minLength: 1, maxLength: 10 }), (patterns, keys) => {
      const trie = new TopicTrie(patterns.map((p, i) => bind('t', `q${i}`, p)))
      for (const k of keys) {
        const got = indicesOf(trie, k)
        expect(new Set(got).size).toBe(got.length)
        expect([...got].sort((x, y) => x - y)).toEqual(patterns.flatMap((p, i) => (topicMatches(p, k) ? [i] : [])))
      }
    }), { numRuns: 1500 })
  })

  test('a trie with more nodes than its first allocation (growth keeps every edge)', () => {
    const patterns = Array.from({ length: 300 }, (_, i) => `w${i}.${i % 3 === 0 ? '*' : 'x'}.#.${i % 7}`)
    const trie = new TopicTrie(patterns.map((p, i) => bind('t', `q${i}`, p)))
    for (let i = 0; i < 300; i += 17) expect(indicesOf(trie, `w${i}.x.y.z.${i % 7}`)).toEqual(patterns.flatMap((p, j) => (topicMatches(p, `w${i}.x.y.z.${i % 7}`) ? [j] : [])))
  })
})
