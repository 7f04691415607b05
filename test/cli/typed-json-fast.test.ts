// parseTypedJson's fast paths (JSON.parse) read every text as the typed parser does: the same values (integral
// doubles kept typed), and for texts with a digit before '.', 'e' or 'E' also the same errors.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseTypedJson, parseTypedJsonExact } from '../../src/cli/typed-json.js'

const word = fc.constantFrom('v1.orders', 'x2.eu', '1e3', '3.0', 'a"b', 'back\\slash', '\\"1.0', 'é1.', '', 'k')
const numberText = fc.constantFrom('1', '1.0', '1e0', '2E+3', '-0', '0.5', '10e-1', '-3.25', '7')
/** JSON texts built by hand, numbers written as they come (1.0 stays 1.0), strings with digits and dots. */
const jsonText: fc.Arbitrary<string> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, word.map((w) => JSON.stringify(w)), numberText, fc.constantFrom('true', 'false', 'null'), tie('array'), tie('object'), tie('typed')),
  array: fc.array(tie('value'), { maxLength: 3 }).map((xs) => `[${(xs as string[]).join(', ')}]`),
  object: fc.array(fc.tuple(word, tie('value')), { maxLength: 3 }).map((ms) => `{${(ms as [string, string][]).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  typed: numberText.map((n) => `{"type": "double", "value": ${n}}`),
})).value as fc.Arbitrary<string>
/** Texts that are often not JSON: a valid text cut short or with a character changed. */
const broken = fc.tuple(jsonText, fc.nat(), fc.constantFrom('', '"', '.', '1', '}', ' ')).map(([t, at, c]) => t.slice(0, at % (t.length + 1)) + c)

describe('parseTypedJson fast paths', () => {
  it('read valid JSON as the typed parser does', () => {
    fc.assert(fc.property(jsonText, (text) => {
      expect(parseTypedJson(text)).toEqual(parseTypedJsonExact(text))
    }), { numRuns: 3000 })
  })

  it('give the typed parser\'s answer, errors included, for any text with a digit before . e E', () => {
    fc.assert(fc.property(fc.oneof(broken, jsonText, fc.string()), (text) => {
      if (!/\d[.eE]/.test(text)) return
      const fast = parseTypedJson(text)
      const exact = parseTypedJsonExact(text)
      expect(fast).toEqual(exact)
    }), { numRuns: 3000 })
  })

  it('refuses nesting past the typed parser\'s depth as it does', () => {
    const deep = `{"k":"v1.x","a":${'['.repeat(300)}${']'.repeat(300)}}`
    expect(parseTypedJson(deep)).toEqual(parseTypedJsonExact(deep))
    expect(parseTypedJson(deep).ok).toBe(false)
  })

  it('keeps an integral double typed even next to strings with digits and dots', () => {
    expect(parseTypedJson('{"exchange":"v1.orders","headers":{"n":1.0}}')).toEqual({ ok: true, value: { exchange: 'v1.orders', headers: { n: { type: 'double', value: 1 } } } })
    expect(parseTypedJson('{"exchange":"v1.orders","headers":{"n":1}}')).toEqual({ ok: true, value: { exchange: 'v1.orders', headers: { n: 1 } } })
  })
})
