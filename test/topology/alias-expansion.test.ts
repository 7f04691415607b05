import fc from 'fast-check'
import { parseDocument } from 'yaml'
import { describe, expect, test } from 'vitest'
import { aliasExpansionLimit, ALIAS_EXPANSION_FLOOR, expandedSize } from '../../src/topology/alias-expansion.js'

const size = (text: string): number => expandedSize(parseDocument(text))

describe('expandedSize: the document as if every alias were replaced by its anchor', () => {
  test('an alias costs what its anchor costs', () => {
    const anchor = size('a: &x {k: value}\n')
    const twice = size('a: &x {k: value}\nb: *x\n')
    const inline = size('a: {k: value}\nb: {k: value}\n')
    expect(twice).toBe(inline)
    expect(twice).toBeGreaterThan(anchor)
  })
  test('without aliases it is close to the text length', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.stringMatching(/^[a-z]{1,20}$/)), { maxLength: 30 }), (pairs) => {
      const text = pairs.map(([k, v], i) => `${k}${i}: ${v}`).join('\n')
      expect(size(text)).toBeLessThanOrEqual(text.length + 2)
    }))
  })
  test('n aliases of one anchor grow linearly: n uses of an anchor of size s add about n × s', () => {
    const doc = (n: number) => `base: &b {x-queue-type: quorum, x-delivery-limit: 5}\n${Array.from({ length: n }, (_, i) => `q${i}: *b`).join('\n')}\n`
    const one = size(doc(1)), hundred = size(doc(101))
    const anchor = size('{x-queue-type: quorum, x-delivery-limit: 5}')
    expect(hundred - one).toBeGreaterThanOrEqual(100 * anchor)
    expect(hundred - one).toBeLessThanOrEqual(100 * (anchor + 8))
  })
  test('a billion laughs is measured without expanding it (9^9 leaves)', () => {
    const lines = ['a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]']
    for (let l = 1; l < 10; l++) lines.push(`a${l}: &a${l} [${Array(9).fill(`*a${l - 1}`).join(',')}]`)
    const text = lines.join('\n')
    const n = size(text)
    expect(n).toBeGreaterThan(9 ** 9 * 3)
    expect(n).toBeGreaterThan(aliasExpansionLimit(text.length, 1000))
  })
  test('the limit is a factor of the source, never below the floor', () => {
    expect(aliasExpansionLimit(10)).toBe(ALIAS_EXPANSION_FLOOR)
    expect(aliasExpansionLimit(10 * ALIAS_EXPANSION_FLOOR, 20)).toBe(200 * ALIAS_EXPANSION_FLOOR)
  })
})
