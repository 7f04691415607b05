import type { AmqpTable, AmqpValue } from '../../core/amqp-value.js'
import type { MessageProperties } from '../../broker/types.js'
import type { ReplSession } from '../session.js'
import type { ParsedArgs } from '../parse-args.js'
import { parseWhole } from '../parse-args.js'
import { parseDuration } from '../duration.js'
import { didYouMean } from '../../topology/did-you-mean.js'
import { clockText, formatMessage } from '../../report/broker-events.js'
import { tokenize } from '../tokenize.js'
import { terminalText } from '../../report/terminal-text.js'
import { REPL_CONNECTION } from '../defaults.js'

/** Most messages one `publish --count` sends. Default: 10000 */
const MAX_COUNT = 10_000

/** Largest `--body-size`. Default: 64 MiB */
const MAX_BODY_SIZE = 64 * 1024 * 1024

/** `publish <exchange> [key] ...`; with no arguments in a terminal, asks for the exchange and key. */
export async function publishCommand(s: ReplSession, a: ParsedArgs): Promise<boolean> {
  let [exchange, routingKey = ''] = a.positionals
  let headerWords = a.lists.get('header') ?? []
  let body = a.values.get('body')
  const bodySize = a.values.get('body-size')
  if (bodySize !== undefined) {
    if (body !== undefined) return s.fail('give --body or --body-size, not both')
    const n = parseWhole(bodySize, '--body-size', 0, MAX_BODY_SIZE)
    if (!n.ok) return s.fail(n.message)
    body = 'x'.repeat(n.value)
  }
  if (exchange === undefined) {
    if (!s.prompter) return askPublishUnavailable(s)
    const asked = await askPublish(s)
    if (asked === undefined) return s.fail('publish: cancelled')
    exchange = asked.exchange
    routingKey = asked.routingKey
    headerWords = asked.headers
    body = asked.body ?? body
  }
  const headersJson = a.values.get('headers')
  const headers: AmqpTable = s.services.buildHeaders({
    header: headerWords,
    ...(headersJson !== undefined ? { headers: headersJson } : {}),
    cc: a.lists.get('cc') ?? [],
    bcc: a.lists.get('bcc') ?? [],
  })
  const props = messageProperties(s, a)
  if (props === undefined) return false
  let count = 1
  const countText = a.values.get('count')
  if (countText !== undefined) {
    const n = parseWhole(countText, '--count', 1, MAX_COUNT)
    if (!n.ok) return s.fail(n.message)
    count = n.value
  }
  const channel = s.channel(a.values.get('channel') ?? s.publishChannel())
  for (let i = 0; i < count; i++) {
    const out = s.broker.publish({
      exchange, routingKey, headers, body: body ?? '', properties: props, mandatory: a.flags.get('mandatory') === true, channel,
    })
    if (!out.ok || out.error) {
      const error = out.error ?? (out.route.error ? { ...out.route.error } : { code: 406 as const, name: 'PRECONDITION_FAILED' as const, message: 'publish failed' })
      let hint: string | undefined
      if (error.code === 404) {
        const guess = didYouMean(exchange, s.exchangeNames().filter((x) => x !== ''))
        if (guess !== undefined) hint = `did you mean ${JSON.stringify(guess)}?`
      }
      return s.brokerFail(error, out.events, hint)
    }
    s.printEvents(out.events)
  }
  return true
}

function messageProperties(s: ReplSession, a: ParsedArgs): MessageProperties | undefined {
  const props: { -readonly [K in keyof MessageProperties]: MessageProperties[K] } = {}
  const expiration = a.values.get('expiration')
  if (expiration !== undefined) {
    // RabbitMQ refuses anything but a non-negative integer string (rabbit_basic:parse_expiration).
    if (!/^\d+$/.test(expiration)) { s.fail(`--expiration must be whole milliseconds, e.g. 5000, not "${expiration}"`); return undefined }
    props.expiration = expiration
  }
  const priority = a.values.get('priority')
  if (priority !== undefined) {
    const p = parseWhole(priority, '--priority', 0, 255)
    if (!p.ok) { s.fail(p.message); return undefined }
    props.priority = p.value
  }
  const id = a.values.get('message-id')
  if (id !== undefined) props.messageId = id
  if (a.flags.get('persistent') === true) props.deliveryMode = 2
  return props
}

function askPublishUnavailable(s: ReplSession): false {
  return s.fail('missing <exchange>: usage: publish <exchange> [routing-key] [-H name[:type]=value]... [--body text] (publish alone asks, in a terminal)')
}

/** The inquirer flow for a bare `publish`: exchange from a list, then the key or the headers by exchange type. */
async function askPublish(s: ReplSession): Promise<{ exchange: string; routingKey: string; headers: string[]; body?: string } | undefined> {
  if (!s.prompter) return undefined
  const vh = s.broker.topology().vhosts.get(s.source.vhost)
  const exchanges = [...(vh?.exchanges.values() ?? [])].filter((x) => !x.internal)
  const choices = [
    ...exchanges.map((x) => ({ name: `${x.name} (${x.type})`, value: x.name })),
    { name: '"" (default exchange: the key names a queue)', value: '' },
  ]
  const exchange = await s.prompter.select('Exchange', choices)
  if (exchange === undefined) return undefined
  const type = exchange === '' ? 'direct' : exchanges.find((x) => x.name === exchange)?.type ?? 'direct'
  let routingKey = ''
  const headers: string[] = []
  if (type === 'headers') {
    const text = await s.prompter.input('Headers (name=value name:int=1 ...; a headers exchange ignores the key)')
    if (text === undefined) return undefined
    const t = tokenize(text)
    if (!t.ok) { s.fail(t.message); return undefined }
    headers.push(...t.tokens.map((w) => w.value))
  } else if (exchange === '') {
    // The default exchange routes by queue name: pick the queue.
    const queue = await s.prompter.select('Queue (the routing key names it)', s.queueNames().map((q) => ({ name: q, value: q })))
    if (queue === undefined) return undefined
    routingKey = queue
  } else if (type !== 'fanout') {
    const hint = type === 'topic' ? 'Routing key (words separated by dots)' : 'Routing key'
    const key = await s.prompter.input(hint)
    if (key === undefined) return undefined
    routingKey = key
  }
  const body = await s.prompter.input('Body', { default: '' })
  if (body === undefined) return undefined
  s.print(s.c.dim(`publish ${exchange === '' ? '""' : exchange} ${JSON.stringify(routingKey)}${headers.map((h) => ` -H ${h}`).join('')}${body ? ` --body ${JSON.stringify(body)}` : ''}`))
  return { exchange, routingKey, headers, body }
}

/** `consume <queue> [--tag] [--prefetch] [--auto-ack]` */
export function consumeCommand(s: ReplSession, a: ParsedArgs): boolean {
  const queue = a.positionals[0]!
  if (!s.requireQueue(queue)) return false
  let prefetch = 0
  const p = a.values.get('prefetch')
  if (p !== undefined) {
    const n = parseWhole(p, '--prefetch', 0, 65535)
    if (!n.ok) return s.fail(n.message)
    prefetch = n.value
  }
  let priority: number | undefined
  const pr = a.values.get('priority')
  if (pr !== undefined) {
    const n = parseWhole(pr, '--priority', -(2 ** 31), 2 ** 31 - 1)
    if (!n.ok) return s.fail(n.message)
    priority = n.value
  }
  const taken = new Set(s.broker.consumers().map((k) => k.consumerTag))
  let tag = a.values.get('tag')
  if (tag !== undefined && taken.has(tag)) return s.fail(`consumer tag ${JSON.stringify(tag)} is already in use (RabbitMQ closes the connection: 530 NOT_ALLOWED)`)
  if (tag === undefined) {
    for (let i = 1; ; i++) if (!taken.has(`c${i}`)) { tag = `c${i}`; break }
  }
  const channel = s.channel(a.values.get('channel') ?? s.defaultChannel())
  const offset = a.values.get('offset')
  const args = offset === undefined ? undefined : new Map([['x-stream-offset', streamOffsetValue(offset)]])
  const out = s.broker.consume(queue, {
    consumerTag: tag, prefetch, noAck: a.flags.get('auto-ack') === true, channel, ...(args !== undefined ? { args } : {}),
    ...(priority !== undefined ? { priority } : {}), exclusive: a.flags.get('exclusive') === true,
  })
  if (!out.ok) return s.brokerFail(out.error, out.events)
  // --verbose: this consumer's deliveries show the whole message (headers such as x-delivery-count and x-death).
  s.setVerbose(tag, a.flags.get('verbose') === true)
  s.printEvents(out.events)
  return true
}

/** `--offset`: a whole number is an offset (long), `@n` a timestamp in seconds, anything else a string (first, 1h). */
function streamOffsetValue(text: string): AmqpValue {
  if (/^\d+$/.test(text)) return { type: 'long', value: Number(text) }
  if (/^@\d+$/.test(text)) return { type: 'timestamp', value: Number(text.slice(1)) }
  return { type: 'longstr', value: text }
}

/** `cancel <consumer-tag>` */
export function cancelCommand(s: ReplSession, a: ParsedArgs): boolean {
  const tag = a.positionals[0]!
  const tags = s.broker.consumers().map((k) => k.consumerTag)
  if (!tags.includes(tag)) {
    const guess = didYouMean(tag, tags)
    return s.fail(`no consumer ${JSON.stringify(tag)}${guess ? ` (did you mean ${guess}?)` : tags.length ? ` (consumers: ${tags.join(', ')})` : ''}`)
  }
  const out = s.broker.cancel(tag)
  if (!out.ok) return s.brokerFail(out.error, out.events)
  s.printEvents(out.events)
  return true
}

/** `get <queue> [--auto-ack]` */
export function getCommand(s: ReplSession, a: ParsedArgs): boolean {
  const queue = a.positionals[0]!
  if (!s.requireQueue(queue)) return false
  const channel = s.channel(a.values.get('channel') ?? s.defaultChannel())
  const out = s.broker.get(queue, { noAck: a.flags.get('auto-ack') === true, channel })
  if (!out.ok) return s.brokerFail(out.error, out.events)
  s.printEvents(out.events)
  if (out.message === undefined) s.print(`${queue} is empty (get-empty)`)
  else {
    if (!out.events.some((e) => e.kind === 'delivered')) s.printEvents([{ kind: 'delivered', ...out.message }])
    // A get is how a person looks at one message: show it (body, properties, headers, x-death), not just its name.
    for (const line of formatMessage(0, out.message.message, s.c, s.labels, { redelivered: out.message.redelivered }, { now: s.broker.now }).slice(1)) s.print(line)
    s.print(s.c.dim(`     ${out.messageCount} ready left in ${terminalText(queue)}`))
  }
  return true
}

type Settle = 'ack' | 'nack' | 'reject'

/** `ack|nack|reject <delivery-tag> [--multiple] [--no-requeue] [--channel]` */
export function settleCommand(kind: Settle) {
  return (s: ReplSession, a: ParsedArgs): boolean => {
    const tagText = a.positionals[0]!
    const t = parseWhole(tagText, 'the delivery tag', 0)
    if (!t.ok) return s.fail(t.message)
    const tag = t.value
    const multiple = kind !== 'reject' && a.flags.get('multiple') === true
    const requeue = a.flags.get('requeue') !== false
    const picked = pickChannel(s, tag, multiple, a.values.get('channel'))
    if (picked === undefined) return false
    const channel = s.channel(picked)
    const out = kind === 'ack' ? s.broker.ack(channel, tag, multiple)
      : kind === 'nack' ? s.broker.nack(channel, tag, multiple, requeue)
        : s.broker.reject(channel, tag, requeue)
    if (!out.ok) return s.brokerFail(out.error, out.events)
    s.printEvents(out.events)
    return true
  }
}

/**
 * The channel an ack/nack/reject means: --channel, else the one channel holding that delivery tag (the current
 * connection's default channel when several do), else the default channel. A tag the channel does not hold is
 * still sent: RabbitMQ closes the channel with 406 PRECONDITION_FAILED - unknown delivery tag and requeues its
 * other unacked messages (rabbit_channel:collect_acks), and the REPL shows that outcome.
 */
function pickChannel(s: ReplSession, tag: number, multiple: boolean, wanted: string | undefined): string | undefined {
  if (wanted !== undefined) return wanted
  // rabbit_channel:collect_acks: the tag itself must be outstanding, with or without multiple (tag 0 + multiple = all).
  const holds = (ch: string) => s.broker.unacked(ch).some((d) => (multiple && tag === 0) || d.deliveryTag === tag)
  const candidates = s.broker.channels().map((ch) => ch.name).filter(holds)
  if (candidates.length === 1) return candidates[0]!
  const own = s.defaultChannel()
  if (candidates.length > 1 && !candidates.includes(own)) {
    s.fail(`delivery tag ${tag} is outstanding on ${candidates.join(' and ')}: add --channel <name>`)
    return undefined
  }
  return own
}

/** `close [channel]`, `close --connection <name>` */
export function closeCommand(s: ReplSession, a: ParsedArgs): boolean {
  const connection = a.values.get('connection')
  if (connection !== undefined) {
    if (a.positionals[0] !== undefined) return s.fail('give a channel or --connection, not both')
    return closeConnection(s, connection)
  }
  const name = a.positionals[0] ?? s.defaultChannel()
  const open = s.broker.channels().map((ch) => ch.name)
  if (!open.includes(name)) return s.fail(`no open channel ${JSON.stringify(name)}${open.length ? ` (open: ${open.join(', ')})` : ''}`)
  const out = s.broker.closeChannel(name)
  if (!out.ok) return s.brokerFail(out.error, out.events)
  s.printEvents(out.events)
  if (!out.events.some((e) => e.kind === 'channel-closed')) s.print(`channel ${name} closed`)
  return true
}

/** `close --connection <name>`: its channels close (requeueing), its exclusive queues are deleted. */
function closeConnection(s: ReplSession, name: string): boolean {
  const open = s.broker.connections().map((c) => c.name)
  if (!open.includes(name)) return s.fail(`no open connection ${JSON.stringify(name)}${open.length ? ` (open: ${open.join(', ')})` : ''}`)
  const out = s.broker.closeConnection(name)
  if (!out.ok) return s.brokerFail(out.error, out.events)
  s.printEvents(out.events)
  if (name === s.connection && name !== REPL_CONNECTION) {
    s.useConnection(REPL_CONNECTION)
    s.print(`now using connection ${REPL_CONNECTION}`)
  }
  return true
}

/** `tick <duration>` */
export function tickCommand(s: ReplSession, a: ParsedArgs): boolean {
  const d = parseDuration(a.positionals[0]!)
  if (!d.ok) return s.fail(d.message)
  const out = s.broker.tick(d.ms)
  s.printEvents(out.events.filter((e) => e.kind !== 'clock'))
  s.print(s.c.dim(`clock at ${clockText(out.now)}`))
  return true
}
