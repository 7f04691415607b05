import { describe, expect, it } from 'vitest'
import { unglueWildcards } from '../../src/lint/rules/topic.js'
import { bind, ex, ids, lint, only, qu, type Plain } from './helpers.js'

const topic = (...keys: string[]) => lint({ exchanges: [ex('t', 'topic')], queues: [qu('q')], bindings: keys.map((k) => bind('t', 'q', k)) })

describe('topic binding keys (rabbit_exchange_type_topic: words split on ".", wildcards only as whole words)', () => {
  it('topic/literal-wildcard-char: `order*` and `#.foo#` are literal words; suggests the dotted form', () => {
    const ds = only(topic('order*', '#.foo#', 'a.*.#'), 'topic/literal-wildcard-char')
    expect(ds.map((d) => d.hint)).toEqual(["did you mean 'order.*'?", "did you mean '#.foo.#'?"])
    expect(ds[0]!.path).toEqual(['bindings', 0, 'routing_key'])
  })
  it('unglueWildcards splits every glued wildcard into its own word', () => {
    expect(unglueWildcards('a#b')).toBe('a.#.b')
    expect(unglueWildcards('**')).toBe('*.*')
    expect(unglueWildcards('x.*')).toBe('x.*')
  })
  it('topic/empty-word: `a..b`, a leading and a trailing dot (empty words are real words)', () => {
    const ds = only(topic('a..b', '.a', 'a.', 'a.b'), 'topic/empty-word')
    expect(ds.map((d) => d.message.match(/\((.*?)\)/)![1])).toEqual(["'..'", 'leading dot', 'trailing dot'])
  })
  it('topic/empty-binding-key: "" matches only the empty routing key; suggests #', () => {
    const ds = only(topic(''), 'topic/empty-binding-key')
    expect(ds).toHaveLength(1)
    expect(ds[0]!.hint).toMatch(/'#'/)
    expect(only(topic('#'), 'topic/empty-binding-key')).toEqual([])
  })
  it('topic/too-many-hash: error from 4.3.5 (VersionRules.maxTopicHashWords), warning before', () => {
    const keys = ['#.#.#', '#.#', 'a.#.b.#']
    const v435 = only(lint({ exchanges: [ex('t', 'topic')], queues: [qu('q')], bindings: keys.map((k) => bind('t', 'q', k)) }, '4.3.5'), 'topic/too-many-hash')
    expect(v435.map((d) => d.severity)).toEqual(['error'])
    const v434 = only(lint({ exchanges: [ex('t', 'topic')], queues: [qu('q')], bindings: keys.map((k) => bind('t', 'q', k)) }, '4.3.4'), 'topic/too-many-hash')
    expect(v434.map((d) => d.severity)).toEqual(['warning'])
  })
  it('does not apply topic rules to direct exchanges (amq.topic counts as topic)', () => {
    expect(ids(lint({ exchanges: [ex('d', 'direct')], queues: [qu('q')], bindings: [bind('d', 'q', 'a..b')] }))).not.toContain('topic/empty-word')
    expect(ids(lint({ queues: [qu('q')], bindings: [bind('amq.topic', 'q', 'a..b')] }))).toContain('topic/empty-word')
  })
})

describe('binding kinds', () => {
  it('binding/default-exchange: binding from or to "" is refused (403)', () => {
    const ds = only(lint({ exchanges: [ex('x', 'fanout')], queues: [qu('q')], bindings: [bind('', 'q', 'q'), bind('x', '', '', { toExchange: true }), bind('x', 'q')] }), 'binding/default-exchange')
    expect(ds.map((d) => d.path)).toEqual([['bindings', 0, 'source'], ['bindings', 1, 'destination']])
    expect(ds.every((d) => d.severity === 'error')).toBe(true)
  })
  it('binding/wildcard-on-direct: `*` and `#` words are literal on a direct exchange', () => {
    const ds = lint({ exchanges: [ex('d', 'direct')], queues: [qu('q')], bindings: [bind('d', 'q', 'orders.*'), bind('d', 'q', '#'), bind('d', 'q', 'plain')] })
    expect(only(ds, 'binding/wildcard-on-direct')).toHaveLength(2)
  })
  it('binding/key-ignored-by-type: routing keys on fanout and headers bindings', () => {
    const ds = lint({ exchanges: [ex('f', 'fanout'), ex('h', 'headers')], queues: [qu('q')], bindings: [bind('f', 'q', 'k'), bind('f', 'q'), bind('h', 'q', 'k', { args: { 'x-match': 'all', a: 1 } })] })
    expect(only(ds, 'binding/key-ignored-by-type').map((d) => d.path)).toEqual([['bindings', 0, 'routing_key'], ['bindings', 2, 'routing_key']])
  })
})

const headers = (...args: Record<string, Plain>[]) =>
  lint({ exchanges: [ex('h', 'headers')], queues: [qu('q')], bindings: args.map((a) => bind('h', 'q', '', { args: a })) })

describe('headers bindings (rabbit_exchange_type_headers)', () => {
  it('headers/missing-x-match: info, defaults to all', () => {
    const ds = only(headers({ format: 'pdf' }), 'headers/missing-x-match')
    expect(ds.map((d) => d.severity)).toEqual(['info'])
    expect(only(headers({ 'x-match': 'all', format: 'pdf' }), 'headers/missing-x-match')).toEqual([])
  })
  it('headers/invalid-x-match: only the strings all, any, all-with-x, any-with-x (case-sensitive, 406 otherwise)', () => {
    const ds = only(headers({ 'x-match': 'ALL', a: 1 }, { 'x-match': 1, a: 1 }, { 'x-match': 'any-with-x', a: 1 }), 'headers/invalid-x-match')
    expect(ds.map((d) => d.path)).toEqual([['bindings', 0, 'arguments', 'x-match'], ['bindings', 1, 'arguments', 'x-match']])
    expect(ds[1]!.message).toMatch(/of type long/)
  })
  it('headers/any-never-matches: any with only x- arguments (match_any([]) is false)', () => {
    expect(ids(headers({ 'x-match': 'any', 'x-tenant': 'a' }))).toContain('headers/any-never-matches')
    expect(ids(headers({ 'x-match': 'any-with-x', 'x-tenant': 'a' }))).not.toContain('headers/any-never-matches')
    expect(ids(headers({ 'x-match': 'any', tenant: 'a' }))).not.toContain('headers/any-never-matches')
  })
  it('headers/all-matches-everything: all with no condition (match_all([]) is true), with or without x-match', () => {
    expect(ids(headers({ 'x-match': 'all' }))).toContain('headers/all-matches-everything')
    expect(ids(headers({}))).toContain('headers/all-matches-everything')
    expect(ids(headers({ 'x-match': 'all', 'x-a': 1 }))).toContain('headers/all-matches-everything')
    expect(ids(headers({ 'x-match': 'all-with-x', 'x-a': 1 }))).not.toContain('headers/all-matches-everything')
  })
  it('headers/x-arg-ignored: x- arguments other than x-match in the plain modes', () => {
    const ds = only(headers({ 'x-match': 'all', 'x-a': 1, b: 2 }), 'headers/x-arg-ignored')
    expect(ds.map((d) => d.path)).toEqual([['bindings', 0, 'arguments', 'x-a']])
    expect(ds[0]!.hint).toMatch(/all-with-x/)
    expect(only(headers({ 'x-match': 'all-with-x', 'x-a': 1 }), 'headers/x-arg-ignored')).toEqual([])
  })
})
