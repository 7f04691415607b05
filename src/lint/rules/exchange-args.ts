import type { VhostContext } from '../context.js'
import { argPath } from '../context.js'
import type { Report } from '../types.js'
import { q } from '../did-you-mean.js'

/** The exchange types the core routes; anything else routes nowhere in the simulator (Hop.unsupported). */
export const SIMULATED_EXCHANGE_TYPES: ReadonlySet<string> = new Set(['direct', 'fanout', 'topic', 'headers'])

/**
 * exchange/x-alternate-exchange: RabbitMQ reads `alternate-exchange` only (rabbit_exchange:process_alternate/2).
 * exchange/invalid-arg-value: a non-string alternate-exchange is refused at declare (406).
 * exchange/unsupported-type: plugin types the simulator cannot route.
 * ae/on-default-exchange: the default exchange never consults an AE (rabbit_exchange:route/3).
 */
export function checkExchangeArguments(ctx: VhostContext, report: Report): void {
  for (const x of ctx.vhost.exchanges.values()) {
    if (x.arguments.has('x-alternate-exchange') && !x.arguments.has('alternate-exchange')) {
      report({
        rule: 'exchange/x-alternate-exchange',
        message: `exchange ${q(x.name)}: RabbitMQ ignores 'x-alternate-exchange' (no alternate exchange is set)`,
        hint: "rename the argument to 'alternate-exchange' (no x- prefix)",
        path: argPath(x.path, 'x-alternate-exchange'),
      })
    }
    const ae = x.arguments.get('alternate-exchange')
    if (ae !== undefined && ae.type !== 'longstr') {
      report({
        rule: 'exchange/invalid-arg-value',
        message: `exchange ${q(x.name)}: alternate-exchange must be a string, not ${ae.type} (406 PRECONDITION_FAILED)`,
        path: argPath(x.path, 'alternate-exchange'),
      })
    }
    if (x.name === '' && ae !== undefined) {
      report({
        rule: 'ae/on-default-exchange',
        message: "the default exchange '' never uses an alternate exchange",
        hint: 'publish to a declared exchange that has the alternate exchange instead',
        path: argPath(x.path, 'alternate-exchange'),
      })
    }
    if (!SIMULATED_EXCHANGE_TYPES.has(x.type)) {
      const builtin = ctx.rules.builtinExchangeTypes.has(x.type)
      report({
        rule: 'exchange/unsupported-type',
        message: builtin
          ? `exchange ${q(x.name)} has type ${q(x.type)}, built into RabbitMQ ${ctx.rules.label} but not simulated: routing through it is not checked`
          : `exchange ${q(x.name)} has plugin type ${q(x.type)}: the simulator cannot route it, and RabbitMQ needs the plugin enabled`,
        hint: 'trace reports messages reaching it as unsupported instead of guessing',
        path: [...(x.path ?? []), 'type'],
      })
    }
  }
  for (const p of ctx.vhost.policies) {
    if (p.definition.has('alternate-exchange') && p.pattern === '^$' && (p.applyTo === 'exchanges' || p.applyTo === 'all')) {
      report({
        rule: 'ae/on-default-exchange',
        message: `policy ${q(p.name)} targets only the default exchange '', which never uses an alternate exchange`,
        path: [...(p.path ?? []), 'pattern'],
      })
    }
  }
}
