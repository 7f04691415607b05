import type { Exchange } from '../../core/model.js'
import type { ReplSession } from '../session.js'
import type { ParsedArgs } from '../parse-args.js'
import { formatBindingTable, formatChannelLine, formatConsumerTable, formatExchangeTable, formatQueueTable } from '../../report/queue-table.js'
import { formatMessage, formatReadyMessages } from '../../report/broker-events.js'
import { encodeTypedTable } from '../../topology/typed-value.js'
import { didYouMean } from '../../topology/did-you-mean.js'
import { parseWhole } from '../parse-args.js'
import { predeclaredExchanges } from '../../core/predeclared.js'

/** Messages `inspect` shows per section unless told otherwise. Default: 20 */
const DEFAULT_INSPECT_LIMIT = 20

/** `queues [--json]` */
export function queuesCommand(s: ReplSession, a: ParsedArgs): boolean {
  const stats = s.broker.queueStats()
  if (a.flags.get('json') === true) {
    for (const q of stats) {
      s.print(JSON.stringify({
        name: q.name, type: q.type, messages: q.messages, ready: q.ready, unacked: q.unacked, consumers: q.consumers, bytes: q.bytes,
        arguments: encodeTypedTable(q.arguments),
      }))
    }
    return true
  }
  for (const line of formatQueueTable(stats, s.c)) s.print(line)
  return true
}

/** `inspect <queue>`: ready messages in delivery order, then the queue's unacked deliveries. */
export function inspectCommand(s: ReplSession, a: ParsedArgs): boolean {
  const queue = a.positionals[0]!
  if (!s.requireQueue(queue)) return false
  let limit = DEFAULT_INSPECT_LIMIT
  const limitText = a.values.get('limit')
  if (a.flags.get('all') === true) limit = Infinity
  else if (limitText !== undefined) {
    const n = parseWhole(limitText, '--limit', 1)
    if (!n.ok) return s.fail(n.message)
    limit = n.value
  }
  const ready = s.broker.peek(queue)
  const unacked = s.broker.unacked().filter((d) => d.queue === queue)
  s.print(`${s.c.cyan(queue)}: ${ready.length} ready, ${unacked.length} unacked`)
  for (const line of formatReadyMessages(ready.slice(0, limit), s.c, s.labels, s.broker.now)) s.print(line)
  if (ready.length > limit) s.print(s.c.dim(`  … ${ready.length - limit} more ready (inspect ${queue} --all)`))
  if (unacked.length) {
    s.print(s.c.dim('  unacked:'))
    unacked.slice(0, limit).forEach((d, i) => {
      const extra = { redelivered: d.redelivered, tag: d.deliveryTag }
      for (const line of formatMessage(i + 1, d.message, s.c, s.labels, extra, { now: s.broker.now })) s.print(line)
      s.print(s.c.dim(`       held by ${d.consumerTag ?? 'get'} on ${d.channel}`))
    })
    if (unacked.length > limit) s.print(s.c.dim(`  … ${unacked.length - limit} more unacked (inspect ${queue} --all)`))
  }
  return true
}

/** `consumers` */
export function consumersCommand(s: ReplSession): boolean {
  for (const line of formatConsumerTable(s.broker.consumers(), s.c)) s.print(line)
  s.print(formatChannelLine(s.broker.channels(), s.c))
  return true
}

/** `exchanges [--all]` */
export function exchangesCommand(s: ReplSession, a: ParsedArgs): boolean {
  const vh = s.broker.topology().vhosts.get(s.source.vhost)
  const declared: Exchange[] = [...(vh?.exchanges.values() ?? [])].filter((x) => !x.predeclared)
  const list = a.flags.get('all') === true ? [...predeclaredExchanges(s.source.vhost), ...declared] : declared
  for (const line of formatExchangeTable(list, s.c)) s.print(line)
  return true
}

/** `bindings [exchange]` */
export function bindingsCommand(s: ReplSession, a: ParsedArgs): boolean {
  const vh = s.broker.topology().vhosts.get(s.source.vhost)
  let bindings = vh?.bindings ?? []
  const source = a.positionals[0]
  if (source !== undefined) {
    const names = s.exchangeNames()
    if (!names.includes(source)) {
      const guess = didYouMean(source, names)
      return s.fail(`no exchange ${JSON.stringify(source)}${guess ? ` (did you mean ${guess}?)` : ''}`)
    }
    bindings = bindings.filter((b) => b.source === source)
  }
  for (const line of formatBindingTable(bindings, s.c)) s.print(line)
  return true
}
