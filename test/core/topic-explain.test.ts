// explainTopic: the word-by-word alignment the `explain` command renders (semantics of
// rabbit_db_topic_exchange_SUITE.erl ref_match/2).
import { describe, expect, test } from 'vitest'
import { explainTopic, summariseTopicMiss } from '../../src/core/topic-explain.js'
import { topicMatches } from '../../src/core/topic-match.js'

const took = (pattern: string, key: string) => explainTopic(pattern, key).steps?.map((s) => [s.patternWord, s.took])

describe('alignment of matching patterns', () => {
  test('each literal and `*` takes one word, `*` may take an empty word', () => {
    expect(took('a.*.c', 'a..c')).toEqual([['a', ['a']], ['*', ['']], ['c', ['c']]])
  })
  test('`#` absorbing zero words is shown as such', () => {
    expect(took('a.#.b', 'a.b')).toEqual([['a', ['a']], ['#', []], ['b', ['b']]])
    expect(took('#', '')).toEqual([['#', []]])
  })
  test('`#` absorbing several words', () => {
    expect(took('a.#', 'a.b.c')).toEqual([['a', ['a']], ['#', ['b', 'c']]])
    expect(took('#.c', 'a.b.c')).toEqual([['#', ['a', 'b']], ['c', ['c']]])
  })
})

describe('failures and near misses', () => {
  test('order.* vs order.created.eu: `*` is one word; order.# would match', () => {
    const e = explainTopic('order.*', 'order.created.eu')
    expect(e.matches).toBe(false)
    expect(e.failure).toEqual({ kind: 'pattern-exhausted', keyIndex: 2, extra: ['eu'] })
    expect(e.notes).toContainEqual(expect.objectContaining({ kind: 'would-match', suggestion: 'order.#' }))
    expect(summariseTopicMiss(e)).toContain("'order.#' would match")
  })
  test('a literal mismatch names the key word and the pattern word', () => {
    const e = explainTopic('order.created', 'order.deleted')
    expect(e.failure).toEqual({ kind: 'literal-mismatch', patternIndex: 1, keyIndex: 1, expected: 'created', actual: 'deleted' })
    expect(e.stepsBeforeFailure?.map((s) => s.patternWord)).toEqual(['order'])
  })
  test('the key ends before the pattern', () => {
    const e = explainTopic('a.b.c', 'a.b')
    expect(e.failure).toEqual({ kind: 'key-exhausted', patternIndex: 2, missing: ['c'] })
  })
  test('case-only differences are flagged', () => {
    expect(explainTopic('Order.*', 'order.x').notes.map((n) => n.kind)).toContain('case-only')
  })
  test('wildcards glued to text are literal: order* vs orders', () => {
    const e = explainTopic('order*', 'orders')
    expect(e.matches).toBe(false)
    expect(e.notes).toContainEqual(expect.objectContaining({ kind: 'glued-wildcard', word: 'order*' }))
  })
  test('the empty key has zero words: `*` fails, with a note', () => {
    const e = explainTopic('*', '')
    expect(e.failure?.kind).toBe('key-exhausted')
    expect(e.notes).toContainEqual(expect.objectContaining({ kind: 'empty-word', where: 'key' }))
  })
  test('a trailing dot adds an empty word', () => {
    const e = explainTopic('a', 'a.')
    expect(e.failure).toEqual({ kind: 'pattern-exhausted', keyIndex: 1, extra: [''] })
    expect(e.notes.map((n) => n.kind)).toContain('empty-word')
  })
  test('binding "" matches only the empty key: suggest #', () => {
    expect(explainTopic('', 'a').notes).toContainEqual(expect.objectContaining({ kind: 'would-match', suggestion: '#' }))
  })
  test('wildcards in a routing key are ordinary words', () => {
    expect(explainTopic('a.b', 'a.*').notes.map((n) => n.kind)).toContain('wildcard-in-key')
  })
})

test('explainTopic agrees with topicMatches on a grid of patterns and keys', () => {
  const words = ['a', 'b', '', '*', '#']
  const pats: string[] = ['']
  const keys: string[] = ['']
  for (const x of words) for (const y of words) { pats.push(`${x}.${y}`, x); if (x !== '*' && x !== '#') keys.push(`${x}.${y}`.replace(/[*#]/g, 'c'), x) }
  for (const p of pats) for (const k of keys) {
    const e = explainTopic(p, k)
    expect(e.matches).toBe(topicMatches(p, k))
    if (e.matches) expect(e.steps!.flatMap((s) => s.took)).toEqual(k === '' ? [] : k.split('.'))
  }
})
