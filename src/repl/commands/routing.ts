import type { ReplSession } from '../session.js'
import type { ParsedArgs } from '../parse-args.js'
import { createRouter } from '../../core/router.js'
import { explainTopic } from '../../core/topic-explain.js'
import { makeTraceView, renderTrace } from '../../report/trace.js'
import { renderExchangeExplanation, renderTopicExplanation } from '../../report/explain.js'
import { explainExchange } from '../../report/exchange-explanation.js'

/** The live vhost compiled for routing (the broker's current topology, run-time changes included). */
function liveRouter(s: ReplSession) {
  const vh = s.broker.topology().vhosts.get(s.source.vhost) ?? { name: s.source.vhost, exchanges: new Map(), queues: new Map(), bindings: [], policies: [] }
  return createRouter(vh, s.source.rules)
}

/** `trace <exchange> [key] ...`: the `rmq-sim trace` presenter over the live topology; publishes nothing. */
export function traceCommand(s: ReplSession, a: ParsedArgs): boolean {
  const [exchange, routingKey = ''] = a.positionals as [string, string | undefined]
  const headersJson = a.values.get('headers')
  const headers = s.services.buildHeaders({
    header: a.lists.get('header') ?? [], cc: a.lists.get('cc') ?? [], bcc: a.lists.get('bcc') ?? [],
    ...(headersJson !== undefined ? { headers: headersJson } : {}),
  })
  const verbose = a.flags.get('verbose') === true
  const publish = { exchange, routingKey, headers, mandatory: a.flags.get('mandatory') === true }
  const result = liveRouter(s).trace(publish, { explain: verbose })
  const view = makeTraceView(s.source.vhost, s.source.rules.label, publish, result, s.exchangeNames())
  for (const line of renderTrace(view, s.c, { verbose }).replace(/\n$/, '').split('\n')) s.print(line)
  return result.error === undefined
}

/**
 * `explain <pattern> <key>`: the word-by-word topic alignment. `explain <exchange> [key]`: every binding of that
 * exchange, matched or not, and why (the presenters of `rmq-sim explain`).
 */
export function explainCommand(s: ReplSession, a: ParsedArgs): boolean {
  const [first, key] = a.positionals as [string, string | undefined]
  const isExchange = a.flags.get('pattern') !== true && s.exchangeNames().includes(first)
  if (!isExchange) {
    if (key === undefined) return s.fail(`explain: "${first}" is not an exchange; to explain a topic pattern give a routing key: explain <pattern> <routing-key>`)
    for (const line of renderTopicExplanation(explainTopic(first, key), s.c).replace(/\n$/, '').split('\n')) s.print(line)
    return true
  }
  const headersJson = a.values.get('headers')
  const headers = s.services.buildHeaders({ header: a.lists.get('header') ?? [], ...(headersJson !== undefined ? { headers: headersJson } : {}) })
  const publish = { exchange: first, routingKey: key ?? '', ...(headers.size > 0 ? { headers } : {}) }
  const x = explainExchange(liveRouter(s), publish)
  for (const line of renderExchangeExplanation(x, s.c).replace(/\n$/, '').split('\n')) s.print(line)
  return x.route.error === undefined
}
