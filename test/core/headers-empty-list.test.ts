import { describe, expect, test } from 'vitest'
import type { AmqpValue } from '../../src/core/amqp-value.js'
import { headersValueEqual } from '../../src/core/headers-equality.js'
import { rulesFor } from '../../src/core/versions.js'

const array = (...value: AmqpValue[]): AmqpValue => ({ type: 'array', value })
const table = (...entries: [string, AmqpValue][]): AmqpValue => ({ type: 'table', value: new Map(entries) })
const long = (value: number): AmqpValue => ({ type: 'long', value })

// Found by the real-broker suite on RabbitMQ 3.10.8: rabbit_exchange_type_headers compares raw values, and the raw
// value of an empty array and of an empty table is the same Erlang list [].
describe.each(['3.10', '3.12', '3.13', '4.3.5'])('headers equality of arrays and tables (RabbitMQ %s rules)', (version) => {
  const rules = rulesFor(version)
  test('an empty table binding matches an empty array header, and the other way round', () => {
    expect(headersValueEqual(table(), array(), rules)).toBe(true)
    expect(headersValueEqual(array(), table(), rules)).toBe(true)
  })
  test('a non-empty array never equals a table (tuples of different shapes)', () => {
    expect(headersValueEqual(array(long(1)), table(['a', long(1)]), rules)).toBe(false)
    expect(headersValueEqual(table(['a', long(1)]), array(long(1)), rules)).toBe(false)
  })
  test('nested, the type tags count: [[]] is not [{}]', () => {
    expect(headersValueEqual(array(array()), array(table()), rules)).toBe(false)
  })
  test('an empty array is not void, a string or zero', () => {
    expect(headersValueEqual(array(), { type: 'void' }, rules)).toBe(false)
    expect(headersValueEqual(array(), { type: 'longstr', value: '' }, rules)).toBe(false)
    expect(headersValueEqual(array(), long(0), rules)).toBe(false)
  })
})
