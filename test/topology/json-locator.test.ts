import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createJsonLocator, decodeJsonTableAt, skipJsonValue } from '../../src/topology/json-locator.js'
import { decodeTypedTable } from '../../src/topology/typed-value.js'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** Every path into a JSON value (object keys and array indices). */
function* paths(v: Json, prefix: (string | number)[] = []): Generator<(string | number)[]> {
  yield prefix
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* paths(v[i] as Json, [...prefix, i])
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) yield* paths(v[k] as Json, [...prefix, k])
}
const at = (v: Json, path: (string | number)[]): Json => path.reduce<Json>((cur, seg) => (cur as Record<string | number, Json>)[seg] as Json, v)

const doc = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, { maxKeys: 5 })

describe('createJsonLocator', () => {
  it('finds every value: the text at the offset parses back to the value at the path (property)', () => {
    fc.assert(fc.property(doc, fc.constantFrom(0, 2), (value, indent) => {
      const text = JSON.stringify(value, null, indent)
      const parsed = JSON.parse(text) as Json // -0 is written as 0: compare with what the text says
      const loc = createJsonLocator(text)
      for (const path of paths(parsed)) {
        const off = loc.offsetOf(path, 'value')
        expect(off).toBeTypeOf('number')
        const end = skipJsonValue(text, off as number)
        expect(JSON.parse(text.slice(off, end))).toEqual(at(parsed, path))
        const last = path[path.length - 1]
        if (typeof last === 'string') {
          const k = loc.offsetOf(path, 'key') as number
          expect(JSON.parse(text.slice(k, skipJsonValue(text, k)))).toBe(last)
        }
      }
    }), { numRuns: 300 })
  })
  it('answers undefined for a path that does not exist, and the nearest existing step on request', () => {
    const text = '{\n  "queues": [\n    {"name": "a"},\n    {"name": "b\\"c", "arguments": {"x": [1, {"y": 2}]}}\n  ]\n}'
    const loc = createJsonLocator(text)
    expect(loc.offsetOf(['queues', 5])).toBeUndefined()
    expect(loc.offsetOf(['queues', 1, 'nope'])).toBeUndefined()
    expect(text.slice(loc.nearestOffset(['queues', 1, 'nope']), loc.nearestOffset(['queues', 1, 'nope']) + 1)).toBe('{')
    expect(text.slice(loc.offsetOf(['queues', 1, 'arguments', 'x', 1, 'y']) as number).startsWith('2}')).toBe(true)
  })
})

describe('decodeJsonTableAt', () => {
  it('agrees with decodeTypedTable on what JSON.stringify writes (property)', () => {
    fc.assert(fc.property(doc, (value) => {
      const text = JSON.stringify(value)
      const r = decodeTypedTable(JSON.parse(text), { objectsAsTables: true })
      if (!r.ok) return
      expect(decodeJsonTableAt(text, 0)).toEqual(r.value)
    }), { numRuns: 300 })
  })
  it('reads 1.0, 2e3 and -0.0e1 as doubles and 7 as a long, as RabbitMQ\'s import does', () => {
    const t = decodeJsonTableAt('{"a": 1.0, "b": 2e3, "c": -0.0e1, "d": 7, "e": [1, 1.0]}', 0)
    expect(Object.fromEntries(t)).toEqual({
      a: { type: 'double', value: 1 }, b: { type: 'double', value: 2000 }, c: { type: 'double', value: -0 },
      d: { type: 'long', value: 7 }, e: { type: 'array', value: [{ type: 'long', value: 1 }, { type: 'double', value: 1 }] },
    })
  })
})
