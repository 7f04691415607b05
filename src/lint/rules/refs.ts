import type { Binding } from '../../core/model.js'
import type { VhostContext } from '../context.js'
import type { Report } from '../types.js'
import { q, suggestion } from '../did-you-mean.js'

/** " (did you mean 'x'?)" for a missing queue or exchange name, or "". */
type Suggest = (kind: 'queue' | 'exchange', name: string) => string

const RABBITMQCTL_HINT =
  'rabbitmqctl export_definitions leaves out internal exchanges (but keeps their bindings): if it is internal, export with the management API (GET /api/definitions) to include it'

/**
 * ref/unknown-exchange, ref/unknown-queue: bindings must name existing exchanges and queues. RabbitMQ refuses such a
 * binding with 404 (rabbit_binding:add), and a definitions import skips it silently.
 * In a rabbitmqctl export a missing exchange is likely an internal one the export left out: a warning, with that hint.
 */
export function checkReferences(ctx: VhostContext, report: Report): void {
  // one suggestion per missing name: a rabbitmqctl export may have thousands of bindings from one omitted exchange
  const memo = new Map<string, string>()
  const suggest: Suggest = (kind, name) => {
    const key = `${kind}\u0000${name}`
    let s = memo.get(key)
    if (s === undefined) memo.set(key, (s = suggestion(name, kind === 'queue' ? ctx.vhost.queues.keys() : ctx.vhost.exchanges.keys())))
    return s
  }
  for (const b of ctx.vhost.bindings) {
    if (b.source !== '' && !ctx.exchange(b.source)) missingExchange(ctx, report, b, b.source, 'source', suggest)
    if (b.destinationType === 'exchange') {
      if (b.destination !== '' && !ctx.exchange(b.destination)) missingExchange(ctx, report, b, b.destination, 'destination', suggest)
    } else if (!ctx.queue(b.destination)) {
      report({
        rule: 'ref/unknown-queue',
        message: `binding destination queue ${q(b.destination)} is not declared in vhost ${q(ctx.vhost.name)}${suggest('queue', b.destination)}`,
        hint: 'declare the queue, or fix the name (names are case-sensitive)',
        path: [...(b.path ?? []), 'destination'],
      })
    }
  }
}

function missingExchange(ctx: VhostContext, report: Report, b: Binding, name: string, field: 'source' | 'destination', suggest: Suggest): void {
  const omitted = ctx.omitsInternalExchanges
  report({
    rule: 'ref/unknown-exchange',
    severity: omitted ? 'warning' : 'error',
    message: `binding ${field} exchange ${q(name)} is not declared in vhost ${q(ctx.vhost.name)}${suggest('exchange', name)}`,
    hint: omitted ? RABBITMQCTL_HINT : 'declare the exchange, or fix the name (names are case-sensitive); amq.direct, amq.fanout, amq.topic, amq.headers and amq.match exist in every vhost',
    path: [...(b.path ?? []), field],
  })
}
