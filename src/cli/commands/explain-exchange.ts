import type { Publish } from '../../core/route-types.js'
import { createRouter } from '../../core/router.js'
import { makeChalk } from '../../report/colour.js'
import { exchangeExplanationJson, renderExchangeExplanation } from '../../report/explain.js'
import { explainExchange } from '../../report/exchange-explanation.js'
import { buildHeaders } from '../header-args.js'
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from '../io.js'
import { loadForCommand } from '../load-for-command.js'
import type { ExplainOptions } from './explain.js'

/**
 * `rmq-sim explain <topology> --exchange X --key K`: every binding of X for one message. Exit 0 when at
 * least one binding matches (default exchange: a key names a queue), 1 when none does or the publish fails.
 */
export async function explainExchangeCommand(file: string, opts: ExplainOptions, io: CliIO): Promise<number> {
  const headers = buildHeaders(opts)
  const { vhost, rules } = await loadForCommand('explain', file, opts, io)
  const router = createRouter(vhost!, rules)
  const publish: Publish = { exchange: opts.exchange ?? '', routingKey: opts.key ?? '', ...(headers.size > 0 ? { headers } : {}) }
  const x = explainExchange(router, publish)
  if (opts.json) io.stdout.write(`${JSON.stringify(exchangeExplanationJson(x), null, 2)}\n`)
  else io.stdout.write(renderExchangeExplanation(x, await makeChalk(io.env, io.stdout, opts.color === false ? false : undefined)))
  if (x.route.error && x.route.error.code !== 403) return EXIT_FINDINGS
  const any = publish.exchange === '' ? x.route.routed : x.bindings.some((b) => b.matched)
  return any ? EXIT_OK : EXIT_FINDINGS
}
