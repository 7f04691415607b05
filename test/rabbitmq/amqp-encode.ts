import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'

/**
 * rmq-sim's typed AMQP values to amqplib field values. amqplib picks a type for plain JS numbers itself,
 * so every number goes through its `{ '!': tag, value }` trapdoor (node_modules/amqplib/lib/codec.js
 * encodeFieldValue): the wire type tag then matches the model's type exactly (b B s u I i l d f T).
 */
export type AmqplibField = string | boolean | null | { readonly '!': string; readonly value: number } | AmqplibField[] | AmqplibTable
export type AmqplibTable = { [key: string]: AmqplibField }

const NUMERIC_TAG: ReadonlyMap<string, string> = new Map([
  ['byte', 'byte'], ['unsignedbyte', 'unsignedbyte'], ['short', 'short'], ['unsignedshort', 'unsignedshort'],
  ['signedint', 'int'], ['unsignedint', 'unsignedint'], ['long', 'long'],
  ['double', 'double'], ['float', 'float'], ['timestamp', 'timestamp'],
])

export function encodeValue(v: AmqpValue): AmqplibField {
  switch (v.type) {
    case 'longstr': return v.value
    case 'bool': return v.value
    case 'void': return null
    case 'array': return v.value.map(encodeValue)
    case 'table': return encodeTable(v.value)
    default: {
      const tag = NUMERIC_TAG.get(v.type)
      if (tag === undefined) throw new Error(`no amqplib encoding for AMQP type ${v.type}`)
      return { '!': tag, value: v.value }
    }
  }
}

/**
 * A null-prototype object, keys defined as own data properties: `__proto__` stays an ordinary key.
 * (amqplib walks tables with `for...in`, which also sees these.)
 */
export function encodeTable(table: AmqpTable): AmqplibTable {
  const out = Object.create(null) as AmqplibTable
  for (const [k, v] of table) {
    Object.defineProperty(out, k, { value: encodeValue(v), enumerable: true, writable: true, configurable: true })
  }
  return out
}
