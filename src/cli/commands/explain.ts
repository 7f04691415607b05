import { explainTopic } from '../../core/topic-explain.js'
import { DEFAULT_VERSION, rulesFor, type VersionRules } from '../../core/versions.js'
import { makeChalk } from '../../report/colour.js'
import { renderTopicExplanation, topicExplanationJson } from '../../report/explain.js'
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.js'
import { rulesFromFlag } from '../version-flag.js'
import type { HeaderOptions } from '../header-args.js'
import type { InputOptions } from '../input-options.js'

/** Options of `rmq-sim explain` (declared in program.ts). */
export interface ExplainOptions extends HeaderOptions, InputOptions {
  readonly exchange?: string
  readonly key?: string
  readonly vhost?: string
  readonly json?: boolean
  readonly rabbitmq?: string
  /** false with --no-color. */
  readonly color?: boolean
}

/**
 * `rmq-sim explain <pattern> <routing-key>`: how a topic pattern aligns with a key; exit 0 when it
 * matches, 1 when it does not. `rmq-sim explain <topology> --exchange X --key K`: every binding of X,
 * matched or not, and why; exit 0 (1 when the publish itself would fail).
 */
export async function explainCommand(first: string, second: string | undefined, opts: ExplainOptions, io: CliIO): Promise<number> {
  if (opts.exchange !== undefined) {
    if (second !== undefined) throw new UsageError(`explain: with --exchange the arguments are <topology> only (got an extra argument ${JSON.stringify(second)}; use --key for the routing key)`)
    const { explainExchangeCommand } = await import('./explain-exchange.js')
    return explainExchangeCommand(first, opts, io)
  }
  if (second === undefined) {
    throw new UsageError('explain: give a routing key: rmq-sim explain <pattern> <routing-key> (quote it: explain \'order.*\' order.created), or a topology with --exchange')
  }
  const rules = rulesFromFlag(opts.rabbitmq) ?? rulesFor(DEFAULT_VERSION)
  const e = explainTopic(first, second)
  const extra = bindingKeyRuleNotes(first, rules)
  if (/\.(ya?ml|json)$/i.test(first)) extra.push(`${JSON.stringify(first)} looks like a file name: to explain the bindings of a topology, add --exchange <name> (and --key for the routing key)`)
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(topicExplanationJson(e, extra), null, 2)}\n`)
  } else {
    const chalk = await makeChalk(io.env, io.stdout, opts.color === false ? false : undefined)
    io.stdout.write(renderTopicExplanation(e, chalk, extra))
  }
  return e.matches ? EXIT_OK : EXIT_FINDINGS
}

/** Bind-time limits the broker applies to the pattern itself (it would never get to route). */
export function bindingKeyRuleNotes(pattern: string, rules: VersionRules): string[] {
  const notes: string[] = []
  const hashes = pattern === '' ? 0 : pattern.split('.').filter((w) => w === '#').length
  if (rules.maxTopicHashWords !== null && hashes > rules.maxTopicHashWords) {
    notes.push(`RabbitMQ ${rules.label} refuses this binding key: more than ${rules.maxTopicHashWords} \`#\` words (rabbit_exchange_type_topic validate_binding, from 4.3.5)`)
  }
  if (new TextEncoder().encode(pattern).length > 255) notes.push('the binding key is longer than 255 bytes: AMQP cannot carry it (shortstr)')
  return notes
}
