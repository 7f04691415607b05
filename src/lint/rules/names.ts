import type { VhostContext } from '../context.js'
import { PREDECLARED_EXCHANGES } from '../../core/predeclared.js'
import type { Report } from '../types.js'
import { q, utf8Length } from '../did-you-mean.js'

const SHORTSTR_MAX = 255

/**
 * name/reserved-amq-prefix: declaring an exchange or queue named amq.* is refused with 403 (rabbit_channel
 * check_name); a definitions import accepts it and creates nothing. Redeclaring a predeclared exchange with its
 * own type is allowed (and harmless), so it is not reported.
 */
export function checkReservedNames(ctx: VhostContext, report: Report): void {
  for (const x of ctx.vhost.exchanges.values()) {
    if (!x.name.startsWith('amq.') || x.predeclared) continue
    const builtin = PREDECLARED_EXCHANGES.find((p) => p.name === x.name)
    if (builtin && builtin.type === x.type) continue
    report({
      rule: 'name/reserved-amq-prefix',
      message: builtin
        ? `exchange ${q(x.name)} is predeclared with another type: redeclaring it as ${x.type} is refused (406)`
        : `exchange name ${q(x.name)} starts with the reserved prefix 'amq.': RabbitMQ refuses it (403 ACCESS_REFUSED)`,
      hint: `rename it, e.g. '${x.name.slice(4)}'`,
      path: x.path ?? [],
    })
  }
  for (const queue of ctx.vhost.queues.values()) {
    if (!queue.name.startsWith('amq.')) continue
    report({
      rule: 'name/reserved-amq-prefix',
      message: `queue name ${q(queue.name)} starts with the reserved prefix 'amq.': RabbitMQ refuses it (403 ACCESS_REFUSED)`,
      hint: `rename it, e.g. '${queue.name.slice(4)}'`,
      path: queue.path ?? [],
    })
  }
}

/**
 * name/too-long: AMQP 0-9-1 short strings hold at most 255 bytes of UTF-8. Quorum queues and streams also need
 * "<vhost>_<name>" (with "/" as "%2F") within 255 bytes, because the Ra cluster name is an atom
 * (rabbit_queue_type_util:qname_to_internal_name/1): 251 bytes on vhost "/".
 */
export function checkNameLengths(ctx: VhostContext, report: Report): void {
  for (const x of ctx.vhost.exchanges.values()) {
    const n = utf8Length(x.name)
    if (n > SHORTSTR_MAX) report({ rule: 'name/too-long', message: `exchange name is ${n} bytes: AMQP names are at most ${SHORTSTR_MAX} UTF-8 bytes`, path: x.path ?? [] })
  }
  const vhostPrefix = utf8Length(ctx.vhost.name.replaceAll('/', '%2F')) + 1
  for (const queue of ctx.vhost.queues.values()) {
    const n = utf8Length(queue.name)
    const replicated = queue.type === 'quorum' || queue.type === 'stream'
    const max = replicated ? SHORTSTR_MAX - vhostPrefix : SHORTSTR_MAX
    if (n > max) {
      report({
        rule: 'name/too-long',
        message: replicated && n <= SHORTSTR_MAX
          ? `${queue.type} queue name is ${n} bytes: on vhost ${q(ctx.vhost.name)} it may be at most ${max} (the Ra cluster name "<vhost>_<name>" is limited to 255 bytes)`
          : `queue name is ${n} bytes: AMQP names are at most ${max} UTF-8 bytes`,
        path: queue.path ?? [],
      })
    }
  }
  for (const b of ctx.vhost.bindings) {
    const n = utf8Length(b.routingKey)
    if (n > SHORTSTR_MAX) report({ rule: 'name/too-long', message: `binding key is ${n} bytes: AMQP routing keys are at most ${SHORTSTR_MAX} UTF-8 bytes`, path: [...(b.path ?? []), 'routing_key'] })
    for (const k of b.arguments.keys()) {
      const len = utf8Length(k)
      if (len > SHORTSTR_MAX) report({ rule: 'name/too-long', message: `binding argument name is ${len} bytes: AMQP field names are at most ${SHORTSTR_MAX} UTF-8 bytes`, path: [...(b.path ?? []), 'arguments', k] })
    }
  }
}
