import type { VhostContext } from '../context.js'
import type { Report } from '../types.js'
import { q } from '../did-you-mean.js'

/**
 * binding/default-exchange: binding to or from "" is refused with 403 (rabbit_channel check_not_default_exchange).
 * binding/wildcard-on-direct: direct compares keys byte for byte, `*`/`#` are literal there.
 * binding/key-ignored-by-type: fanout and headers exchanges ignore binding keys.
 */
export function checkBindingKinds(ctx: VhostContext, report: Report): void {
  for (const b of ctx.vhost.bindings) {
    const path = b.path ?? []
    if (b.source === '' || (b.destinationType === 'exchange' && b.destination === '')) {
      report({
        rule: 'binding/default-exchange',
        message: `binding ${b.source === '' ? 'from' : 'to'} the default exchange '' is not permitted (403 ACCESS_REFUSED)`,
        hint: "the default exchange already routes every routing key to the queue of that name; bind to a declared exchange (e.g. 'amq.direct') instead",
        path: [...path, b.source === '' ? 'source' : 'destination'],
      })
      continue
    }
    const type = ctx.exchange(b.source)?.type
    if (type === 'direct' && /(^|\.)[*#](\.|$)/.test(b.routingKey)) {
      report({
        rule: 'binding/wildcard-on-direct',
        message: `binding key ${q(b.routingKey)} on direct exchange ${q(b.source)}: '*' and '#' are not wildcards on a direct exchange, only this exact key matches`,
        hint: 'use a topic exchange for wildcard keys',
        path: [...path, 'routing_key'],
      })
    } else if ((type === 'fanout' || type === 'headers') && b.routingKey !== '') {
      report({
        rule: 'binding/key-ignored-by-type',
        message: `binding key ${q(b.routingKey)} is ignored: ${type} exchange ${q(b.source)} does not look at routing keys`,
        hint: type === 'headers' ? 'headers exchanges match on the binding arguments (x-match and header values); remove the key' : 'every binding of a fanout exchange gets every message; remove the key',
        path: [...path, 'routing_key'],
      })
    }
  }
}
