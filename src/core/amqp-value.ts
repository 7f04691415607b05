/**
 * AMQP 0-9-1 field values, keeping their type tag, because RabbitMQ's headers exchange compares
 * typed values (`1` vs `1.0` vs `"1"` route differently; rabbit_exchange_type_headers.erl).
 * Type names are RabbitMQ's own (rabbit_binary_parser / rabbit_framing): longstr, signedint, long, ...
 */
export type AmqpIntegerType =
  | 'byte' | 'unsignedbyte' | 'short' | 'unsignedshort' | 'signedint' | 'unsignedint' | 'long'

export type AmqpValue =
  | { readonly type: 'longstr'; readonly value: string }
  | { readonly type: AmqpIntegerType; readonly value: number }
  | { readonly type: 'double' | 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'timestamp'; readonly value: number }
  | { readonly type: 'void' }
  | { readonly type: 'array'; readonly value: readonly AmqpValue[] }
  | { readonly type: 'table'; readonly value: AmqpTable }

export type AmqpType = AmqpValue['type']

/** A field table. A Map, because keys come from users (`__proto__` is an ordinary header name). */
export type AmqpTable = ReadonlyMap<string, AmqpValue>

export const AMQP_TYPES: readonly AmqpType[] = [
  'longstr', 'byte', 'unsignedbyte', 'short', 'unsignedshort', 'signedint', 'unsignedint', 'long',
  'double', 'float', 'bool', 'timestamp', 'void', 'array', 'table',
]

export const EMPTY_TABLE: AmqpTable = new Map()

export const str = (value: string): AmqpValue => ({ type: 'longstr', value })
export const long = (value: number): AmqpValue => ({ type: 'long', value })
export const double = (value: number): AmqpValue => ({ type: 'double', value })
export const bool = (value: boolean): AmqpValue => ({ type: 'bool', value })
export const VOID: AmqpValue = { type: 'void' }

/** The string value of a longstr argument, or undefined for any other type or a missing key. */
export function stringArg(args: AmqpTable, key: string): string | undefined {
  const v = args.get(key)
  return v?.type === 'longstr' ? v.value : undefined
}

/** The numeric value of an integer/double argument, or undefined. */
export function numberArg(args: AmqpTable, key: string): number | undefined {
  const v = args.get(key)
  if (v === undefined || v.type === 'void' || v.type === 'array' || v.type === 'table' || v.type === 'bool' || v.type === 'longstr') return undefined
  return v.value
}

/**
 * The untyped form used in files and JSON output: strings, integers (long), non-integers (double),
 * booleans, null (void), arrays; anything else, or an integral double, as `{ type, value }`.
 */
export type PlainValue = string | number | boolean | null | readonly PlainValue[] | { readonly type: AmqpType; readonly value?: unknown }
