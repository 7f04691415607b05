import type { AmqpTable } from './amqp-value.js'
import type { PublishError } from './route-types.js'

/** The routing headers, in the order RabbitMQ reads them (?ROUTING_HEADERS). Exact, case-sensitive names. */
export const ROUTING_HEADERS = ['CC', 'BCC'] as const

export type RoutingKeys =
  | { readonly keys: readonly string[]; readonly headersWithoutBcc: AmqpTable }
  | { readonly error: PublishError }

/**
 * A message's routing keys: [routing key, ...CC, ...BCC] (rabbit_basic:header_routes/1, mc_amqpl:message/4).
 * CC and BCC must be arrays; their longstr elements are extra keys and other elements are ignored; any
 * other type rejects the publish with 406 "invalid message" (the channel closes). BCC is stripped before
 * routing, so the headers exchange sees CC but not BCC.
 */
export function routingKeysOf(routingKey: string, headers: AmqpTable): RoutingKeys {
  if (headers.size === 0) return { keys: [routingKey], headersWithoutBcc: headers }
  const keys = messageRoutingKeys(routingKey, headers)
  if (!Array.isArray(keys)) return { error: keys as PublishError }
  let headersWithoutBcc = headers
  if (headers.has('BCC')) {
    const copy = new Map(headers)
    copy.delete('BCC')
    headersWithoutBcc = copy
  }
  return { keys, headersWithoutBcc }
}

/**
 * The routing keys of {@link routingKeysOf} without the BCC-less copy of the headers (for callers whose
 * headers matcher ignores BCC itself): [routing key, ...CC, ...BCC], or the 406 the publish fails with.
 */
export function messageRoutingKeys(routingKey: string, headers: AmqpTable): readonly string[] | PublishError {
  let keys: string[] | undefined
  if (headers.size > 0) {
    for (const name of ROUTING_HEADERS) {
      const v = headers.get(name)
      if (v === undefined) continue
      if (v.type !== 'array') {
        return {
          code: 406,
          name: 'PRECONDITION_FAILED',
          message: `PRECONDITION_FAILED - invalid message: {unacceptable_type_in_header,"${name}",${v.type}}`,
        }
      }
      for (const e of v.value) if (e.type === 'longstr') (keys ??= [routingKey]).push(e.value)
    }
  }
  return keys ?? [routingKey]
}
