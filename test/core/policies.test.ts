// Policy resolution (rabbit_policy.erl) and PCRE-on-bytes patterns (re:run on the name binary).
import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import type { AmqpValue } from '../../src/core/amqp-value.js'
import { compilePolicyPattern, patternMatches, utf8ByteString } from '../../src/core/policy-pattern.js'
import { effectivePolicy, effectiveQueueArgs } from '../../src/core/policies.js'
import { policy, table } from './build.js'

const matches = (pattern: string, name: string): boolean => {
  const c = compilePolicyPattern(pattern)
  if (!c.ok) throw new Error(c.message)
  return patternMatches(c, name)
}

describe('policy patterns: Erlang re (PCRE), unanchored, on UTF-8 bytes', () => {
  test('utf8ByteString gives one char per UTF-8 byte', () => {
    expect(utf8ByteString('aé€🐇')).toBe('a\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\x87')
    expect(utf8ByteString('plain')).toBe('plain')
  })
  test.each([
    ['order', 'reorder', true], ['^order', 'reorder', false], ['^orders$', 'orders', true], ['^orders$', 'orders.x', false],
    ['^a.b$', 'axb', true], ['^.$', 'é', false], ['^..$', 'é', true], ['^...$', '€', true], ['^.{4}$', '🐇', true],
    ['(?i)^ORDERS$', 'orders', true], ['(?i)^orders$', 'ORDERS', true], ['(?i)é', 'É', false], ['(?i)^\\xe3', 'é', false], ['(?i)^\\xc3', 'é', true],
    ['\\Aorders\\z', 'orders', true], ['\\Aorders\\z', 'my-orders', false], ['orders\\Z', 'orders', true],
    ['', 'anything', true], ['^$', '', true],
    ['^q[0-9]+$', 'q42', true], ['^q\\d+$', 'q4x', false], ['^[]a]+$', ']a]', true], ['^[^.]+$', 'no-dots', true], ['^[^.]+$', 'a.b', false],
    ['(?i)^[a-c]x$', 'BX', true], ['^[[:digit:]]+$', '123', true], ['^\\Qa.b\\E$', 'a.b', true], ['^\\Qa.b\\E$', 'axb', false],
    ['^a\\sb$', 'a b', true], ['^a\\sb$', 'a\xa0b', false], ['^(?:ab)+$', 'abab', true], ['^(?<n>x)\\1$', 'xx', true],
    ['^a.b$', 'a\rb', true], ['^a.b$', 'a\nb', false], ['(?s)^a.b$', 'a\nb', true],
    ['^orders$', 'orders\n', true], ['^orders\\z', 'orders\n', false], ['(?m)^b$', 'a\nb\nc', true], ['^b$', 'a\nb\nc', false],
    ['^\\x41$', 'A', true], ['^\\x{e9}$', 'é', false], ['^\\xc3\\xa9$', 'é', true], ['^caf(?#comment)é$', 'café', true],
  ] as const)('%j on %j → %s', (pattern, name, expected) => {
    expect(matches(pattern, name)).toBe(expected)
  })
  test.each(['[', '(?x)a b', 'a(?i)b', '(?>a)', 'a++', '\\p{L}', '(?R)', '\\x{100}', '*a'])('reports %j instead of guessing', (pattern) => {
    const c = compilePolicyPattern(pattern)
    expect(c.ok).toBe(false)
    if (!c.ok) expect(c.message).toContain(pattern)
  })
})

describe('effectivePolicy: one policy per object (rabbit_policy:match)', () => {
  test('the highest priority among matching policies whose apply-to covers the object wins', () => {
    const ps = [policy('low', '.', { 'max-length': 1 }, { priority: 1 }), policy('high', '^q', { 'max-length': 2 }, { priority: 2 }), policy('x', '.', { 'alternate-exchange': 'a' }, { priority: 9, applyTo: 'exchanges' })]
    expect(effectivePolicy(ps, 'queue', 'q1').policy?.name).toBe('high')
    expect(effectivePolicy(ps, 'queue', 'z').policy?.name).toBe('low')
    expect(effectivePolicy(ps, 'exchange', 'q1').policy?.name).toBe('x')
  })
  test('priority is any number: fractions and negatives order as numbers (rabbit_policy.erl sort_pred: >=)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 6 }), (prios) => {
      const ps = prios.map((n, i) => policy(`p${i}`, '^q$', { 'message-ttl': i }, { priority: n }))
      const best = Math.max(...prios)
      expect(effectivePolicy(ps, 'queue', 'q').policy?.priority).toBe(best)
    }))
    const r = effectivePolicy([policy('one', '^q$', { 'message-ttl': 1 }, { priority: 1 }), policy('one-and-a-half', '^q$', { 'message-ttl': 2 }, { priority: 1.5 })], 'queue', 'q')
    expect(r.policy?.name).toBe('one-and-a-half')
    expect(r.tiedWith).toEqual([])
  })
  test('equal priorities are reported as tied and resolved deterministically (file order)', () => {
    const ps = [policy('a', '.', {}), policy('b', '.', {})]
    const e = effectivePolicy(ps, 'queue', 'q')
    expect(e.policy?.name).toBe('a')
    expect(e.tiedWith.map((p) => p.name)).toEqual(['b'])
  })
  test('apply-to classic_queues / quorum_queues / streams filter by queue type', () => {
    const ps = [policy('c', '.', {}, { applyTo: 'classic_queues', priority: 3 }), policy('qq', '.', {}, { applyTo: 'quorum_queues', priority: 2 }), policy('s', '.', {}, { applyTo: 'streams', priority: 1 })]
    expect(effectivePolicy(ps, 'queue', 'x', 'classic').policy?.name).toBe('c')
    expect(effectivePolicy(ps, 'queue', 'x', 'quorum').policy?.name).toBe('qq')
    expect(effectivePolicy(ps, 'queue', 'x', 'stream').policy?.name).toBe('s')
    expect(effectivePolicy(ps, 'exchange', 'x').policy).toBeUndefined()
  })
  test('a policy with a key the queue type cannot use is skipped and the next one applies (quorum: queue-mode, ha-*; classic: delivery-limit)', () => {
    const ps = [policy('ha', '.', { 'ha-mode': 'all', 'message-ttl': 5 }, { priority: 5 }), policy('dl', '.', { 'delivery-limit': 3 }, { priority: 4 }), policy('base', '.', { 'message-ttl': 1 })]
    const qq = effectivePolicy(ps, 'queue', 'q', 'quorum')
    expect(qq.policy?.name).toBe('dl')
    expect(qq.skipped).toEqual([{ policy: ps[0], key: 'ha-mode' }])
    expect(effectivePolicy(ps, 'queue', 'q', 'classic').policy?.name).toBe('ha')
    const onlyDl = [ps[1]!, ps[2]!]
    expect(effectivePolicy(onlyDl, 'queue', 'q', 'classic').policy?.name).toBe('base')
  })
  test('message-ttl and alternate-exchange never disqualify a policy', () => {
    const ps = [policy('p', '.', { 'message-ttl': 5, 'alternate-exchange': 'x' })]
    expect(effectivePolicy(ps, 'queue', 'q', 'quorum').policy?.name).toBe('p')
  })
  test('an untranslatable pattern is reported and left out, never thrown', () => {
    const e = effectivePolicy([policy('bad', '(?x) q', {}), policy('ok', 'q', {})], 'queue', 'q')
    expect(e.policy?.name).toBe('ok')
    expect(e.errors).toHaveLength(1)
  })
})

describe('effectiveQueueArgs (rabbit_amqqueue_process:process_args_policy, rabbit_quorum_queue:gather_policy_config)', () => {
  const L = (value: number): AmqpValue => ({ type: 'long', value })
  const S = (value: string): AmqpValue => ({ type: 'longstr', value })
  const args = table({ 'x-message-ttl': L(100), 'x-max-length': L(5), 'x-overflow': S('reject-publish'), 'x-dead-letter-exchange': S('argdlx') })
  const pol = policy('p', '.', { 'message-ttl': 50, 'max-length': 10, overflow: 'drop-head', 'dead-letter-exchange': 'poldlx', expires: 1000 })
  test('classic: limits take the min; overflow and dead-letter settings take the argument', () => {
    const e = effectiveQueueArgs('classic', args, pol)
    expect(e.messageTtl).toEqual({ value: 50, source: 'policy' })
    expect(e.maxLength).toEqual({ value: 5, source: 'argument' })
    expect(e.expires).toEqual({ value: 1000, source: 'policy' })
    expect(e.overflow).toEqual({ value: 'reject-publish', source: 'argument' })
    expect(e.deadLetterExchange).toEqual({ value: 'argdlx', source: 'argument' })
  })
  test('quorum: overflow follows the policy', () => {
    expect(effectiveQueueArgs('quorum', args, pol).overflow).toEqual({ value: 'drop-head', source: 'policy' })
  })
  test('no policy: the arguments', () => {
    expect(effectiveQueueArgs('classic', args, undefined).messageTtl).toEqual({ value: 100, source: 'argument' })
  })
})

describe('pattern translation agrees with a JavaScript RegExp where PCRE and JS coincide (ASCII names without newlines)', () => {
  // A small regex grammar whose meaning is the same in PCRE and JS on such names.
  const atom = fc.oneof(fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '[a-c]', '\\d', '\\w', 'x'), fc.constant('(?:ab|b)'))
  const quantified = fc.tuple(atom, fc.constantFrom('', '*', '+', '?', '{1,2}', '*?')).map(([a, q]) => a + q)
  const regex = fc.tuple(fc.constantFrom('', '^'), fc.array(quantified, { minLength: 1, maxLength: 5 }), fc.constantFrom('', '$')).map(([s, body, e]) => s + body.join('') + e)
  const name = fc.stringMatching(/^[abcx1_.-]{0,8}$/)
  test('random patterns and names', () => {
    fc.assert(fc.property(regex, name, (p, n) => {
      const c = compilePolicyPattern(p)
      expect(c.ok).toBe(true)
      if (c.ok) expect(patternMatches(c, n)).toBe(new RegExp(p).test(n))
    }), { numRuns: 2000 })
  })
})
