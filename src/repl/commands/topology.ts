import type { AmqpTable, AmqpValue } from '../../core/amqp-value.js'
import type { ReplSession } from '../session.js'
import type { ParsedArgs } from '../parse-args.js'
import type { BindingSpec } from '../../broker/types.js'
import { didYouMean } from '../../topology/did-you-mean.js'

/**
 * `--arg name=value` as in a topology file: a whole number is a long, true/false a bool, anything else a
 * string; `name:type=value` spells the type out (the `--header` syntax of `rmq-sim trace`).
 */
export function argumentsFrom(s: ReplSession, specs: readonly string[]): AmqpTable {
  const out = new Map<string, AmqpValue>()
  for (const spec of specs) {
    const m = /^([^:=]+)=(.*)$/s.exec(spec)
    if (m) {
      const [, name, text] = m as unknown as [string, string, string]
      out.delete(name)
      if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) out.set(name, { type: 'long', value: Number(text) })
      else if (text === 'true' || text === 'false') out.set(name, { type: 'bool', value: text === 'true' })
      else out.set(name, { type: 'longstr', value: text })
      continue
    }
    for (const [k, v] of s.services.buildHeaders({ header: [spec] })) { out.delete(k); out.set(k, v) }
  }
  return out
}

/** `declare exchange <name> <type>` / `declare queue <name>` */
export function declareCommand(s: ReplSession, a: ParsedArgs): boolean {
  const [kind, name, type] = a.positionals as [string, string, string | undefined]
  const args = argumentsFrom(s, a.lists.get('arg') ?? [])
  const durable = a.flags.get('durable') !== false
  const autoDelete = a.flags.get('auto-delete') === true
  if (kind === 'exchange') {
    if (type === undefined) return s.fail('missing <type>: usage: declare exchange <name> <direct|fanout|topic|headers> [--arg k=v]...')
    if (a.flags.has('exclusive')) return s.fail('--exclusive is for queues')
    const out = s.broker.declareExchange({ name, type, durable, autoDelete, internal: a.flags.get('internal') === true, arguments: args })
    if (!out.ok) return s.brokerFail(out.error, out.events)
    s.printEvents(out.events)
    return true
  }
  if (type !== undefined) return s.fail(`a queue has no type word (got "${type}"); use --arg x-queue-type=quorum`)
  if (a.flags.has('internal')) return s.fail('--internal is for exchanges')
  const out = s.broker.declareQueue({ name, durable, autoDelete, exclusive: a.flags.get('exclusive') === true, arguments: args }, { connection: s.connection })
  if (!out.ok) return s.brokerFail(out.error, out.events)
  s.printEvents(out.events)
  return true
}

/** `delete exchange|queue <name> [--if-unused] [--if-empty]` */
export function deleteCommand(s: ReplSession, a: ParsedArgs): boolean {
  const [kind, name] = a.positionals as [string, string]
  const ifUnused = a.flags.get('if-unused') === true
  if (kind === 'exchange') {
    if (a.flags.has('if-empty')) return s.fail('--if-empty is for queues')
    const out = s.broker.deleteExchange(name, { ifUnused })
    if (!out.ok) return s.brokerFail(out.error, out.events)
    s.printEvents(out.events)
    return true
  }
  if (!s.requireQueue(name)) return false
  const out = s.broker.deleteQueue(name, { ifUnused, ifEmpty: a.flags.get('if-empty') === true, connection: s.connection })
  if (!out.ok) return s.brokerFail(out.error, out.events)
  s.printEvents(out.events)
  return true
}

/** `bind|unbind <exchange> <destination> [key] [--arg k=v]... [--to-exchange]` */
export function bindCommand(unbind: boolean) {
  return (s: ReplSession, a: ParsedArgs): boolean => {
    const [source, destination, routingKey = ''] = a.positionals as [string, string, string | undefined]
    const queues = s.queueNames()
    const exchanges = s.exchangeNames()
    let destinationType: 'queue' | 'exchange' = 'queue'
    if (a.flags.get('to-exchange') === true) destinationType = 'exchange'
    else if (!queues.includes(destination) && exchanges.includes(destination)) destinationType = 'exchange'
    else if (!queues.includes(destination)) {
      const guess = didYouMean(destination, [...queues, ...exchanges.filter((x) => x !== '')])
      return s.fail(`no queue or exchange ${JSON.stringify(destination)}${guess ? ` (did you mean ${guess}?)` : ''}`)
    }
    const spec: BindingSpec = { source, destination, destinationType, routingKey, arguments: argumentsFrom(s, a.lists.get('arg') ?? []) }
    const out = unbind ? s.broker.unbind(spec, { connection: s.connection }) : s.broker.bind(spec, { connection: s.connection })
    if (!out.ok) return s.brokerFail(out.error, out.events)
    s.printEvents(out.events)
    return true
  }
}

/** `purge <queue>` */
export function purgeCommand(s: ReplSession, a: ParsedArgs): boolean {
  const queue = a.positionals[0]!
  if (!s.requireQueue(queue)) return false
  const out = s.broker.purge(queue, { connection: s.connection })
  if (!out.ok) return s.brokerFail(out.error, out.events)
  s.printEvents(out.events)
  if (!out.events.some((e) => e.kind === 'queue-purged')) s.print(`purged ${out.messageCount} messages from ${queue}`)
  return true
}
