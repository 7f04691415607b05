import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AmqpValue } from '../../src/core/amqp-value.js'
import { decodeTypedTable, decodeTypedValue, encodeTypedTable, encodeTypedValue } from '../../src/topology/typed-value.js'

const ok = (plain: unknown) => {
  const r = decodeTypedValue(plain)
  if (!r.ok) throw new Error(r.message)
  return r.value
}
const err = (plain: unknown) => {
  const r = decodeTypedValue(plain)
  if (r.ok) throw new Error(`accepted ${JSON.stringify(plain)}`)
  return r
}

describe('decodeTypedValue: the plain forms', () => {
  it.each([
    ['a string', 'x', { type: 'longstr', value: 'x' }],
    ['an integer', 42, { type: 'long', value: 42 }],
    ['a negative integer', -7, { type: 'long', value: -7 }],
    ['a non-integer', 1.5, { type: 'double', value: 1.5 }],
    ['true', true, { type: 'bool', value: true }],
    ['null', null, { type: 'void' }],
    ['an array', [1, 'a', [false]], { type: 'array', value: [{ type: 'long', value: 1 }, { type: 'longstr', value: 'a' }, { type: 'array', value: [{ type: 'bool', value: false }] }] }],
  ] as const)('%s', (_n, plain, expected) => {
    expect(ok(plain)).toEqual(expected)
  })
  it('asks the source whether an integral number was written as a float', () => {
    const r = decodeTypedValue([1, 1], { integralDouble: (path) => path[0] === 1 })
    expect(r.ok && r.value).toEqual({ type: 'array', value: [{ type: 'long', value: 1 }, { type: 'double', value: 1 }] })
  })
  it('refuses integers it cannot keep exactly', () => {
    expect(err(2 ** 60).message).toMatch(/too large/)
  })
})

describe('decodeTypedValue: the explicit form {type, value}', () => {
  it.each([
    [{ type: 'double', value: 1 }, { type: 'double', value: 1 }],
    [{ type: 'float', value: 'NaN' }, { type: 'float', value: Number.NaN }],
    [{ type: 'signedint', value: -5 }, { type: 'signedint', value: -5 }],
    [{ type: 'unsignedbyte', value: 255 }, { type: 'unsignedbyte', value: 255 }],
    [{ type: 'void' }, { type: 'void' }],
    [{ type: 'timestamp', value: 1700000000 }, { type: 'timestamp', value: 1700000000 }],
    [{ type: 'longstr', value: '1' }, { type: 'longstr', value: '1' }],
    [{ type: 'table', value: { a: 1 } }, { type: 'table', value: new Map([['a', { type: 'long', value: 1 }]]) }],
  ])('%j', (plain, expected) => {
    expect(ok(plain)).toEqual(expected)
  })
  it.each([
    [{ type: 'byte', value: 128 }, /out of range for byte \(-128 to 127\)/, ['value']],
    [{ type: 'unsignedint', value: -1 }, /out of range/, ['value']],
    [{ type: 'short', value: 1.5 }, /must be an integer/, ['value']],
    [{ type: 'bool', value: 'true' }, /true or false/, ['value']],
    [{ type: 'timestamp', value: -1 }, /non-negative/, ['value']],
    [{ type: 'void', value: 3 }, /no value/, ['value']],
    [{ type: 'long' }, /needs a 'value'/, []],
    [{ type: 'decimal', value: 1 }, /unknown AMQP type "decimal"/, ['type']],
    [{ type: 'long', value: 1, extra: 2 }, /unknown property 'extra'/, ['extra']],
    [{ a: 1 }, /typed form/, []],
  ])('refuses %j', (plain, message, path) => {
    const r = err(plain)
    expect(r.message).toMatch(message)
    expect(r.path).toEqual(path)
  })
  it('gives the path of a bad value deep inside', () => {
    const r = decodeTypedTable({ k: [1, { type: 'byte', value: 999 }] })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.path).toEqual(['k', 1, 'value'])
  })
})

describe('definitions mode (objectsAsTables)', () => {
  it('reads plain objects as nested tables, as RabbitMQ\'s import does', () => {
    const r = decodeTypedValue({ type: 'double', value: 1 }, { objectsAsTables: true })
    expect(r.ok && r.value).toEqual({ type: 'table', value: new Map([['type', { type: 'longstr', value: 'double' }], ['value', { type: 'long', value: 1 }]]) })
  })
})

/** Any AMQP value the typed encoding can carry (NaN excluded: it never equals itself). */
const amqpValue: fc.Arbitrary<AmqpValue> = fc.letrec<{ v: AmqpValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string().map((value) => ({ type: 'longstr', value }) as const),
    fc.maxSafeInteger().map((value) => ({ type: 'long', value }) as const),
    fc.double({ noNaN: true }).map((value) => ({ type: 'double', value: Object.is(value, -0) ? 0 : value }) as const),
    fc.integer({ min: -128, max: 127 }).map((value) => ({ type: 'byte', value }) as const),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((value) => ({ type: 'signedint', value }) as const),
    fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((value) => ({ type: 'unsignedint', value }) as const),
    fc.float({ noNaN: true }).map((value) => ({ type: 'float', value: Object.is(value, -0) ? 0 : value }) as const),
    fc.boolean().map((value) => ({ type: 'bool', value }) as const),
    fc.integer({ min: 0, max: 2 ** 40 }).map((value) => ({ type: 'timestamp', value }) as const),
    fc.constant({ type: 'void' } as const),
    fc.array(tie('v'), { maxLength: 4 }).map((value) => ({ type: 'array', value }) as const),
    fc.array(fc.tuple(fc.string(), tie('v')), { maxLength: 3 }).map((kv) => ({ type: 'table', value: new Map(kv) }) as const),
  ),
})).v

describe('encodeTypedValue ∘ decodeTypedValue', () => {
  it('round-trips every value, through JSON text too', () => {
    fc.assert(fc.property(amqpValue, (v) => {
      const plain = encodeTypedValue(v)
      expect(ok(plain)).toEqual(v)
      expect(ok(JSON.parse(JSON.stringify(plain)))).toEqual(v)
    }), { numRuns: 500 })
  })
  it('uses the plain form where it reads back the same, and {type, value} where it would not', () => {
    expect(encodeTypedValue({ type: 'double', value: 1 })).toEqual({ type: 'double', value: 1 })
    expect(encodeTypedValue({ type: 'double', value: 1.5 })).toBe(1.5)
    expect(encodeTypedValue({ type: 'long', value: 1 })).toBe(1)
    expect(encodeTypedValue({ type: 'void' })).toBeNull()
    expect(encodeTypedTable(new Map([['__proto__', { type: 'longstr', value: 'x' }]]))).toEqual(JSON.parse('{"__proto__":"x"}'))
  })
})
