// The batch's probe reader without JSON.parse (src/cli/commands/simple-probe.ts): whatever it accepts, it reads
// exactly as JSON.parse does (same keys, same order, same values); everything else it leaves to the general reader.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scanSimpleProbe } from '../../src/cli/commands/simple-probe.js'

const KEYS = ['exchange', 'routingKey', 'vhost', 'mandatory', 'headers', 'cc', 'bcc', 'routing_key', '__proto__', 'exchang\\u0065', '', 'é']
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('order.created.eu', 'a"b', 'back\\slash', 'tab\there', 'line\u2028sep', '\ud800', 'x1.0', '1e3', '#', '*', ''),
)
const value = fc.oneof(
  text, fc.boolean(), fc.constant(null), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
)
/** JSON text of an object with these members, written by hand: any spacing, repeated keys, escapes as they come. */
const member = fc.tuple(fc.constantFrom(...KEYS), value, fc.constantFrom('', ' ', '\t', '  '), fc.boolean())
const objectText = fc.tuple(fc.array(member, { maxLength: 6 }), fc.constantFrom('', ' ', '\r')).map(([members, pad]) => {
  const body = members.map(([k, v, sp, escapeKey]) => {
    const key = k.includes('\\') ? `"${k}"` : escapeKey ? JSON.stringify(k).replace(/[a-z]/, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : JSON.stringify(k)
    return `${sp}${key}${sp}:${sp}${JSON.stringify(v)}${sp}`
  }).join(',')
  return `${pad}{${body}}${pad}`
})
/** Probes as batch files hold them: mostly JSON.stringify of the common fields, in any order. */
const commonProbe = fc.record({ exchange: text, routingKey: text, mandatory: fc.boolean(), vhost: text }, { requiredKeys: [] })

const parsed = (line: string): unknown => {
  try { return JSON.parse(line) } catch { return undefined }
}

describe('scanSimpleProbe', () => {
  it('reads what it accepts exactly as JSON.parse does (keys in the same order), on any text', () => {
    fc.assert(fc.property(fc.oneof(objectText, fc.string(), commonProbe.map((p) => JSON.stringify(p))), (line) => {
      const fast = scanSimpleProbe(line)
      if (fast === undefined) return
      const slow = parsed(line) as Record<string, unknown>
      expect(slow).toBeDefined()
      expect(Object.getPrototypeOf(fast)).toBe(Object.prototype)
      expect(Object.entries(fast)).toEqual(Object.entries(slow))
    }), { numRuns: 3000 })
  })

  it('accepts every common probe without escapes (so the fast path is really taken)', () => {
    fc.assert(fc.property(commonProbe, fc.boolean(), (p, spaced) => {
      const line = spaced ? JSON.stringify(p).replace(/,"/g, ', "').replace(/":/g, '": ') : JSON.stringify(p)
      // strings JSON.stringify writes without an escape (lone surrogates, quotes and controls get one)
      const plain = Object.values(p).every((v) => typeof v === 'boolean' || JSON.stringify(v) === `"${v}"`)
      if (plain && !spaced) expect(scanSimpleProbe(line)).toEqual(p)
      // spacing inside the strings changes them, so only compare when the strings hold no ", " or "": "
      if (plain && spaced && !Object.values(p).some((v) => typeof v === 'string' && /,"|":/.test(v))) expect(scanSimpleProbe(line)).toEqual(p)
    }))
  })

  it.each([
    ['{"exchange":"x","exchange":"y"}', 'a repeated key (JSON.parse keeps the last)'],
    ['{"exchange":"x\\u0041"}', 'an escape'],
    ['{"exchange":"x","headers":{}}', 'headers'],
    ['{"exchange":"x","mandatory":1}', 'a number'],
    ['{"exchange":"x","mandatory":null}', 'null'],
    ['{"exchange":"x",}', 'a trailing comma'],
    ['{"exchange":"x"} x', 'text after the object'],
    ['{"exchange":"x"', 'no closing brace'],
    ['{"exchange":"a\tb"}', 'a raw control character'],
    ['{"__proto__":"x"}', 'an unknown key'],
    ['{"mandatory":truex}', 'a bad literal'],
  ])('leaves %s to the general reader (%s)', (line) => {
    expect(scanSimpleProbe(line)).toBeUndefined()
  })

  it('reads spacing, unicode and booleans', () => {
    expect(scanSimpleProbe(' { "exchange" : "日本.é" ,\t"mandatory": false, "routingKey":"\u2028"} \r')).toEqual({ exchange: '日本.é', mandatory: false, routingKey: '\u2028' })
    expect(scanSimpleProbe('{}')).toEqual({})
  })
})
