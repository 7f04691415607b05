import type { AmqpValue } from './amqp-value.js'
import type { VersionRules } from './versions.js'

/**
 * Headers exchange value equality, per RabbitMQ version (VersionRules.headersEquality).
 *
 * - `erlang-eq` (3.10–3.12): rabbit_exchange_type_headers.erl compares the raw values with `PV == DV`, so
 *   numbers compare by value across types (int 1 == double 1.0 == timestamp 1; a float32 is its exact float32
 *   value, so float 0.1 ≠ double 0.1), while a string never equals a number and a bool never equals anything
 *   but a bool.
 * - `exact` (3.13+, message containers): `maps:get(K, Headers) =:= V` on values whose type tag was dropped
 *   (mc_amqpl:routing_headers/2): all integer widths are equal, 1 ≠ 1.0, and a message header timestamp is
 *   multiplied by 1000 (mc_amqpl:routing_value(timestamp, V) -> V * 1000) while the binding argument is not.
 *
 * In both families arrays and tables keep their element type tags (routing_value(_, V) -> V leaves nested
 * `{Type, Value}` tuples alone), so inside them the tags must be equal too: [long 1] ≠ [signedint 1].
 */
export function headersValueEqual(bindingValue: AmqpValue, messageValue: AmqpValue, rules: VersionRules): boolean {
  return rules.headersEquality === 'exact'
    ? exactEqual(bindingValue, messageValue, rules.headersTimestampToMs)
    : erlangEqual(bindingValue, messageValue)
}

const isInteger = (t: AmqpValue['type']): boolean =>
  t === 'byte' || t === 'unsignedbyte' || t === 'short' || t === 'unsignedshort' || t === 'signedint' || t === 'unsignedint' || t === 'long'

/** A number as Erlang holds it: float32 values widened exactly (Math.fround). */
function numeric(v: AmqpValue): number | undefined {
  if (v.type === 'float') return Math.fround(v.value)
  if (v.type === 'double' || v.type === 'timestamp' || isInteger(v.type)) return (v as { value: number }).value
  return undefined
}

/** Erlang `==` on top-level raw values (3.10–3.12). */
function erlangEqual(a: AmqpValue, b: AmqpValue): boolean {
  const na = numeric(a)
  if (na !== undefined) {
    const nb = numeric(b)
    return nb !== undefined && na === nb
  }
  if (a.type === 'array' || a.type === 'table') return listEqual(a, b)
  return scalarSame(a, b)
}

/** `=:=` on untagged top-level values (3.13+). */
function exactEqual(binding: AmqpValue, message: AmqpValue, timestampToMs: boolean): boolean {
  const classOf = (v: AmqpValue): 'int' | 'float' | 'other' =>
    isInteger(v.type) || v.type === 'timestamp' ? 'int' : v.type === 'double' || v.type === 'float' ? 'float' : 'other'
  const ca = classOf(binding)
  const cb = classOf(message)
  if (ca !== 'other' || cb !== 'other') {
    if (ca !== cb) return false
    const na = numeric(binding)!
    let nb = numeric(message)!
    if (message.type === 'timestamp' && timestampToMs) nb *= 1000
    return na === nb
  }
  if (binding.type === 'array' || binding.type === 'table') return listEqual(binding, message)
  return scalarSame(binding, message)
}

/**
 * A top-level array or table: its raw value is an Erlang list (of `{Type, Value}` or `{Key, Type, Value}` tuples),
 * so an empty array and an empty table are both `[]` and equal each other (observed on RabbitMQ 3.10.8 by the
 * real-broker suite; 3.13+ compares the same raw lists with `=:=`, so the same holds there).
 */
function listEqual(a: AmqpValue, b: AmqpValue): boolean {
  if (a.type !== b.type && (b.type === 'array' || b.type === 'table')) return listSize(a) === 0 && listSize(b) === 0
  return taggedEqual(a, b)
}

const listSize = (v: AmqpValue): number => (v.type === 'array' ? v.value.length : v.type === 'table' ? v.value.size : -1)

function scalarSame(a: AmqpValue, b: AmqpValue): boolean {
  if (a.type === 'longstr') return b.type === 'longstr' && a.value === b.value
  if (a.type === 'bool') return b.type === 'bool' && a.value === b.value
  if (a.type === 'void') return b.type === 'void'
  return false
}

/** Nested values: `{Type, Value}` tuples compare tag and value; tables as ordered `{Key, Type, Value}` lists. */
function taggedEqual(a: AmqpValue, b: AmqpValue): boolean {
  if (a.type !== b.type) return false
  switch (a.type) {
    case 'array': {
      const bv = (b as typeof a).value
      if (a.value.length !== bv.length) return false
      for (let i = 0; i < bv.length; i++) if (!taggedEqual(a.value[i]!, bv[i]!)) return false
      return true
    }
    case 'table': {
      const bt = (b as typeof a).value
      if (a.value.size !== bt.size) return false
      const be = [...bt]
      let i = 0
      for (const [k, v] of a.value) {
        const [bk, bvv] = be[i++]!
        if (k !== bk || !taggedEqual(v, bvv)) return false
      }
      return true
    }
    default: {
      const na = numeric(a)
      if (na !== undefined) return na === numeric(b)
      return scalarSame(a, b)
    }
  }
}
