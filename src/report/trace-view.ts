import type { AmqpTable } from '../core/amqp-value.js'
import type { Publish, RouteResult } from '../core/route-types.js'

/** Everything the trace presenters show: the publish as asked, where it was routed, and the rules used. */
export interface TraceView {
  readonly vhost: string
  /** Label of the RabbitMQ version whose rules applied, e.g. "3.10" or "4.3.5". */
  readonly rabbitmq: string
  readonly publish: Publish
  /** The CC / BCC routing keys of the publish (longstr elements of the CC / BCC header arrays). */
  readonly cc: readonly string[]
  readonly bcc: readonly string[]
  readonly result: RouteResult
  /** Exchange names of the vhost, for a did-you-mean on 404. Default: none */
  readonly exchangeNames?: readonly string[]
}

/** Builds a TraceView, reading CC / BCC from the headers as rabbit_basic:header_routes/1 does (arrays of longstr). */
export function makeTraceView(vhost: string, rabbitmq: string, publish: Publish, result: RouteResult, exchangeNames?: readonly string[]): TraceView {
  return {
    vhost, rabbitmq, publish, result,
    cc: routingHeaderKeys(publish.headers, 'CC'),
    bcc: routingHeaderKeys(publish.headers, 'BCC'),
    ...(exchangeNames ? { exchangeNames } : {}),
  }
}

/** The longstr elements of a CC/BCC header array; other element types are ignored, as RabbitMQ does. */
export function routingHeaderKeys(headers: AmqpTable | undefined, name: 'CC' | 'BCC'): string[] {
  const v = headers?.get(name)
  if (v?.type !== 'array') return []
  const keys: string[] = []
  for (const e of v.value) if (e.type === 'longstr') keys.push(e.value)
  return keys
}
