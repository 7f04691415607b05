import type { AmqpValue } from '../core/amqp-value.js'
import type { StreamEntry } from './state.js'
import type { BrokerMessage } from './types.js'

/** A copy of the message as delivered, with one integer header added (x-delivery-count, x-stream-offset). */
export function withIntHeader(view: BrokerMessage, name: string, value: number): BrokerMessage {
  const headers = new Map(view.headers)
  headers.set(name, { type: 'long', value })
  return { ...view, headers }
}

const AGE_UNITS: ReadonlyMap<string, number> = new Map([
  ['Y', 365 * 86_400_000], ['M', 30 * 86_400_000], ['D', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000],
])

/** rabbit_amqqueue:check_max_age: "7D", "12h", "30m"... in ms, or undefined. */
export function parseMaxAge(text: string): number | undefined {
  const m = /^(\d+)([YMDhms])$/.exec(text)
  if (m === null) return undefined
  return Number(m[1]) * (AGE_UNITS.get(m[2] as string) as number)
}

/**
 * Where a stream consumer starts (rabbit_stream_queue:parse_offset_arg, then osiris): none or "next" = the end of
 * the log; "first" = offset 0 (no retention is simulated); "last" = the last chunk, which is the last message here
 * (the simulation writes one chunk per message; a real broker batches, so "last" may start earlier); a number = that
 * offset, clamped to the log; a timestamp (seconds) or an age string ("1h") = the first message appended at or after
 * that time. Returns the offset, or the error as RabbitMQ's message prints it.
 */
export function resolveStreamOffset(log: readonly StreamEntry[], arg: AmqpValue | undefined, now: number): number | string {
  const end = log.length
  const fromTime = (ms: number): number => {
    const i = log.findIndex((e) => e.time >= ms)
    return i < 0 ? end : i
  }
  if (arg === undefined) return end
  if (arg.type === 'longstr') {
    if (arg.value === 'first') return 0
    if (arg.value === 'last') return end === 0 ? 0 : end - 1
    if (arg.value === 'next') return end
    const age = parseMaxAge(arg.value)
    return age === undefined ? `{invalid_offset_arg,{longstr,<<"${arg.value}">>}}` : fromTime(now - age)
  }
  if (arg.type === 'timestamp') return fromTime(arg.value * 1000)
  if ('value' in arg && typeof arg.value === 'number' && Number.isInteger(arg.value)) return Math.max(0, Math.min(arg.value, end))
  return `{invalid_offset_arg,${arg.type}}`
}
