import { quoted } from './terminal-text.js'
import type { ChalkInstance } from 'chalk'
import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import type { Binding } from '../core/model.js'
import type { BrokerEvent, BrokerMessage, Delivery, ReadyMessage } from '../broker/types.js'
import { nameText, valueText } from './value-text.js'

/**
 * Names messages the way a person follows them: the message-id when the publisher set one, else `m<n>` for
 * the n-th publish (`m<seq>` for a message it never saw published).
 * A dead-lettered copy keeps the name of the message it came from (the broker gives it a new seq).
 * One instance per REPL session: it remembers the copies it has seen.
 */
export class MessageLabels {
  private readonly bySeq = new Map<number, string>()
  private published = 0
  /**
   * Names a newly published message `m<n>`, n counting publishes: the broker's seq also counts
   * dead-lettered copies, which would make the names skip.
   */
  notePublished(m: BrokerMessage): void {
    this.published++
    if (!this.bySeq.has(m.seq)) this.bySeq.set(m.seq, `m${this.published}`)
  }
  /** The name of a message. */
  label(m: BrokerMessage): string {
    if (m.properties.messageId !== undefined) return m.properties.messageId
    const known = this.bySeq.get(m.seq)
    if (known !== undefined) return known
    const from = m.deadLetteredFrom !== undefined ? this.bySeq.get(m.deadLetteredFrom) : undefined
    return from ?? `m${m.seq}`
  }
  /** Remembers that `copy` is a dead-lettered copy of `original`. */
  noteCopy(original: BrokerMessage, copy: BrokerMessage): void {
    this.bySeq.set(copy.seq, this.label(original))
  }
}

/** Options of the event presenter. */
export interface EventFormatOptions {
  /** The REPL's default channel: deliveries on it do not repeat the channel name. Default: none */
  readonly defaultChannel?: string
  /** Show 'enqueued' events (a message waiting in a queue). Default: false (the routed line lists queues) */
  readonly showEnqueued?: boolean
  /**
   * Show a consumer delivery's message in full under its line (body, properties, headers such as
   * x-delivery-count and x-death), as `get` does: for every delivery (true) or those the function picks.
   * Default: false
   */
  readonly verboseDeliveries?: boolean | ((d: Delivery) => boolean)
  /** The simulated time, for TTLs in the verbose view. Default: 0 */
  readonly now?: number
}

/**
 * Every broker event as one readable line, in order. Symbols and words carry the meaning, so it reads the
 * same without colour: `→` delivery, `✓` ack, `↺` requeue, `✗` dead-letter/drop/refusal, `↩` basic.return.
 * Events that add nothing for a person (channel opened, the publish itself) print nothing.
 */
export function formatEvents(events: readonly BrokerEvent[], c: ChalkInstance, labels: MessageLabels, opts: EventFormatOptions = {}): string[] {
  const lines: string[] = []
  const refusedBy = new Map<number, string[]>()
  const mandatory = new Set<number>()
  for (const e of events) {
    if (e.kind === 'published') {
      labels.notePublished(e.message)
      if (e.mandatory) mandatory.add(e.message.seq)
    }
    if (e.kind === 'rejected-publish') refusedBy.set(e.message.seq, [...(refusedBy.get(e.message.seq) ?? []), `${e.overflow}: ${e.queue} full`])
    if (e.kind === 'dead-lettered') labels.noteCopy(e.original, e.message)
    const line = formatEvent(e, c, labels, opts, refusedBy, mandatory)
    if (line !== undefined) lines.push(line)
    if (e.kind === 'delivered' && e.consumerTag !== undefined && opts.verboseDeliveries !== undefined &&
      (opts.verboseDeliveries === true || (typeof opts.verboseDeliveries === 'function' && opts.verboseDeliveries(e)))) {
      lines.push(...formatMessage(0, e.message, c, labels, { redelivered: e.redelivered }, { now: opts.now ?? 0 }).slice(1))
    }
    if ((e.kind === 'routed' || e.kind === 'unroutable') && e.route.unsupported.length > 0) {
      const types = e.route.unsupported.map((x) => `${nameText(x)} (${e.route.hops.find((h) => h.exchange === x)?.type ?? 'plugin type'})`)
      lines.push(c.yellow(`! cannot simulate exchange ${types.join(', ')}: this answer is partial`))
    }
  }
  return lines
}

function formatEvent(
  e: BrokerEvent, c: ChalkInstance, labels: MessageLabels, opts: EventFormatOptions,
  refusedBy: ReadonlyMap<number, string[]>, mandatory: ReadonlySet<number>,
): string | undefined {
  const L = (m: BrokerMessage) => c.bold(labels.label(m))
  switch (e.kind) {
    case 'published':
    case 'channel-opened':
      return undefined
    case 'routed':
      return `${L(e.message)} ${keyText(e.message)} routed to ${e.queues.map((q) => c.cyan(nameText(q))).join(', ')}`
    case 'unroutable':
      // Mandatory: the basic.return line follows. Otherwise RabbitMQ drops it without a word.
      return `${L(e.message)} ${keyText(e.message)} ${c.yellow(mandatory.has(e.message.seq) ? 'unroutable: no queue' : 'unroutable: no queue, dropped')}`
    case 'returned':
      return c.yellow(`↩ returned ${labels.label(e.message)} ${e.replyCode} ${e.replyText}`)
    case 'enqueued':
      return opts.showEnqueued ? `  ${L(e.message)} waits in ${c.cyan(nameText(e.queue))}` : undefined
    case 'rejected-publish':
      return c.red(`✗ ${nameText(e.queue)} refused ${labels.label(e.message)} (${e.overflow}: queue full)`)
    case 'confirm':
      if (e.result === 'ack') return undefined
      return c.red(`nack (${(refusedBy.get(e.seq) ?? ['refused']).join('; ')})`)
    case 'delivered':
      return deliveryLine(e, c, labels, opts)
    case 'acked':
      return c.green(`✓ acked ${labels.label(e.message)} (tag ${e.deliveryTag}${channelSuffix(e.channel, opts)})`)
    case 'requeued':
      return c.yellow(`↺ ${labels.label(e.message)} requeued to ${nameText(e.queue)} (tag ${e.deliveryTag}${channelSuffix(e.channel, opts)})`)
    case 'dead-lettered': {
      const head = `✗ dead-lettered ${labels.label(e.original)} from ${nameText(e.queue)} (${e.reason})`
      if (e.missingDlx) return c.red(`${head}: dead-letter exchange ${nameText(e.dlx)} does not exist, dropped`)
      const to = e.queues.length ? e.queues.map(nameText).join(', ') : 'no queue (dropped)'
      const cycle = e.cycleDropped.length ? `; cycle: not delivered again to ${e.cycleDropped.map(nameText).join(', ')}` : ''
      return c.magenta(`${head} → ${e.dlx === '' ? '(default exchange)' : nameText(e.dlx)} ${keyList(e.routingKeys)} → ${to}${cycle}`)
    }
    case 'dropped':
      return c.red(`✗ dropped ${labels.label(e.message)} from ${nameText(e.queue)} (${dropText(e.reason)})`)
    case 'consumer-added':
      return `consumer ${c.bold(e.consumerTag)} on ${c.cyan(nameText(e.queue))}${channelSuffix(e.channel, opts, ', ')}`
    case 'consumer-cancelled':
      return c.yellow(`consumer ${e.consumerTag} on ${nameText(e.queue)} cancelled${e.byBroker ? ' by the broker' : ''}`)
    case 'connection-opened':
      return `connection ${nameText(e.connection)} opened`
    case 'connection-closed':
      return c.yellow(`connection ${nameText(e.connection)} closed${e.channels.length ? ` (channels ${e.channels.map(nameText).join(', ')})` : ''}`)
    case 'channel-closed': {
      const why = e.error ? `: ${e.error.message}` : ''
      const requeued = e.requeued ? `; ${e.requeued} unacked requeued` : ''
      return (e.error ? c.red : c.yellow)(`channel ${e.channel} closed${why}${requeued}`)
    }
    case 'queue-declared':
      return e.created ? c.green(`queue ${nameText(e.queue)} declared`) : `queue ${nameText(e.queue)} already exists (equivalent)`
    case 'queue-deleted':
      return c.yellow(`queue ${nameText(e.queue)} deleted${e.reason === 'deleted' ? '' : e.reason === 'owner-closed' ? ' (exclusive: its connection closed)' : ` (${e.reason})`}${e.messages ? `, ${plural(e.messages, 'message')} discarded` : ''}`)
    case 'queue-purged':
      return c.yellow(`purged ${plural(e.messages, 'message')} from ${nameText(e.queue)}`)
    case 'exchange-declared':
      return e.created ? c.green(`exchange ${nameText(e.exchange)} declared`) : `exchange ${nameText(e.exchange)} already exists (equivalent)`
    case 'exchange-deleted':
      return c.yellow(`exchange ${nameText(e.exchange)} deleted${e.reason === 'deleted' ? '' : ` (${e.reason})`}`)
    case 'bound':
      return e.created ? c.green(`bound ${bindingText(e.binding)}`) : `already bound ${bindingText(e.binding)}`
    case 'unbound':
      return e.existed ? c.yellow(`unbound ${bindingText(e.binding)}`) : `no such binding ${bindingText(e.binding)} (nothing to do)`
    case 'clock':
      return c.dim(`clock at ${clockText(e.now)}`)
  }
}

function deliveryLine(d: Delivery, c: ChalkInstance, labels: MessageLabels, opts: EventFormatOptions): string {
  const who = d.consumerTag ?? 'get'
  const flags = [d.redelivered ? 'redelivered' : '', d.autoAck ? 'auto-ack' : ''].filter(Boolean).join(', ')
  return `${c.green('→')} ${c.bold(who)} ← ${c.bold(labels.label(d.message))} ${keyText(d.message)} from ${c.cyan(nameText(d.queue))} tag ${d.deliveryTag}${channelSuffix(d.channel, opts)}${flags ? c.yellow(` (${flags})`) : ''}`
}

function channelSuffix(channel: string, opts: EventFormatOptions, sep = ' '): string {
  return channel === opts.defaultChannel ? '' : `${sep}on ${channel}`
}

function keyText(m: BrokerMessage): string {
  return `(${m.exchange === '' ? '' : `${nameText(m.exchange)} `}${quoted(m.routingKey)})`
}

function keyList(keys: readonly string[]): string {
  return `[${keys.map((k) => quoted(k)).join(', ')}]`
}

function dropText(reason: string): string {
  return `${reason}, no dead-letter exchange`
}

function bindingText(b: Binding): string {
  const args = b.arguments.size ? ` {${[...b.arguments].map(([k, v]) => `${nameText(k)}: ${valueText(v)}`).join(', ')}}` : ''
  return `${nameText(b.source)} → ${b.destinationType === 'exchange' ? 'exchange ' : ''}${nameText(b.destination)} ${quoted(b.routingKey)}${args}`
}

/** Simulated time as the REPL shows it: seconds from the start of the session, `t=30s`. */
export function clockText(nowMs: number): string {
  return `t=${nowMs % 1000 === 0 ? `${nowMs / 1000}s` : `${(nowMs / 1000).toFixed(3)}s`}`
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** Bodies longer than this are cut in displays (the message keeps all of it). Default: 200 */
export const BODY_DISPLAY_LIMIT = 200

/** A body as text: UTF-8 when it decodes, else hex; cut at `limit` characters with the total size. */
export function bodyText(body: BrokerMessage['body'], size: number, limit = BODY_DISPLAY_LIMIT): string {
  let text: string
  if (typeof body === 'string') text = body
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(0, Math.min(body.length, limit * 4)))
    } catch {
      text = `0x${Buffer.from(body.subarray(0, limit / 2)).toString('hex')}`
    }
  }
  const shown = quoted(text.length > limit ? text.slice(0, limit) : text)
  return text.length > limit || (typeof body !== 'string' && body.length > limit * 4)
    ? `${shown}… (${size} bytes, first ${limit} characters shown)`
    : `${shown} (${size} bytes)`
}

/** Options of the message presenter. */
export interface MessageFormatOptions {
  /** The simulated time, to show how long until a TTL fires. */
  readonly now: number
}

/**
 * One message for `inspect`: its name, key, flags, properties, headers, and `x-death` entries one per line,
 * newest first, as RabbitMQ orders them; `x-first-death-*` / `x-last-death-*` on one line each.
 */
export function formatMessage(index: number, m: BrokerMessage, c: ChalkInstance, labels: MessageLabels, extra: { redelivered: boolean; expiresAt?: number; tag?: number }, opts: MessageFormatOptions): string[] {
  const lines: string[] = []
  const flags: string[] = []
  if (extra.redelivered) flags.push(c.yellow('redelivered'))
  if (extra.tag !== undefined) flags.push(`unacked tag ${extra.tag}`)
  if (extra.expiresAt !== undefined) {
    const left = extra.expiresAt - opts.now
    flags.push(left <= 0 ? c.red('expired (waits to reach the head)') : `expires in ${(left / 1000).toString()}s`)
  }
  lines.push(`${String(index).padStart(3)}. ${c.bold(labels.label(m))} ${keyText(m)}${flags.length ? ` ${flags.join(', ')}` : ''}`)
  lines.push(`     body ${bodyText(m.body, m.bodySize)}`)
  const props = propertiesText(m)
  if (props) lines.push(`     properties ${props}`)
  const plain: [string, AmqpValue][] = []
  const firstDeath: string[] = []
  const lastDeath: string[] = []
  let xDeath: AmqpValue | undefined
  for (const [k, v] of m.headers) {
    if (k === 'x-death') xDeath = v
    else if (k.startsWith('x-first-death-')) firstDeath.push(`${k.slice('x-first-death-'.length)} ${plainText(v)}`)
    else if (k.startsWith('x-last-death-')) lastDeath.push(`${k.slice('x-last-death-'.length)} ${plainText(v)}`)
    else plain.push([k, v])
  }
  if (plain.length) lines.push(`     headers ${plain.map(([k, v]) => `${nameText(k)}: ${valueText(v)}`).join(', ')}`)
  if (xDeath?.type === 'array') {
    lines.push(`     ${c.magenta('x-death')} (newest first)`)
    for (const entry of xDeath.value) if (entry.type === 'table') lines.push(`       ${xDeathEntryText(entry.value)}`)
  }
  if (firstDeath.length) lines.push(`     x-first-death: ${firstDeath.join(', ')}`)
  if (lastDeath.length) lines.push(`     x-last-death: ${lastDeath.join(', ')}`)
  return lines
}

/** `count 2 · rejected · queue q1 · exchange "" · keys [q1, extra] · time 1700000000` */
export function xDeathEntryText(t: AmqpTable): string {
  const get = (k: string) => t.get(k)
  const parts: string[] = []
  const count = get('count')
  parts.push(`count ${count ? plainText(count) : '?'}`)
  const reason = get('reason')
  if (reason) parts.push(plainText(reason))
  const queue = get('queue')
  if (queue) parts.push(`queue ${plainText(queue)}`)
  const exchange = get('exchange')
  if (exchange) parts.push(`exchange ${exchange.type === 'longstr' && exchange.value === '' ? '""' : plainText(exchange)}`)
  const keys = get('routing-keys')
  if (keys?.type === 'array') parts.push(`keys [${keys.value.map(plainText).join(', ')}]`)
  const oe = get('original-expiration')
  if (oe) parts.push(`original-expiration ${plainText(oe)}`)
  const time = get('time')
  // An AMQP timestamp in seconds; the simulated clock starts at 0, so it reads as the REPL's t=.
  if (time) parts.push(time.type === 'timestamp' ? `at ${clockText(time.value * 1000)}` : `time ${plainText(time)}`)
  for (const [k, v] of t) {
    if (!['count', 'reason', 'queue', 'exchange', 'routing-keys', 'original-expiration', 'time'].includes(k)) parts.push(`${nameText(k)} ${valueText(v)}`)
  }
  return parts.join(' · ')
}

/** A value without its type tag, where the type is obvious from the field (x-death fields). */
function plainText(v: AmqpValue): string {
  switch (v.type) {
    case 'longstr': return v.value === '' ? '""' : nameText(v.value)
    case 'void': return '(void)'
    case 'array': return `[${v.value.map(plainText).join(', ')}]`
    case 'table': return `{${[...v.value].map(([k, x]) => `${nameText(k)}: ${plainText(x)}`).join(', ')}}`
    default: return String(v.value)
  }
}

function propertiesText(m: BrokerMessage): string {
  const p = m.properties
  const parts: string[] = []
  if (p.messageId !== undefined) parts.push(`message-id ${nameText(p.messageId)}`)
  if (p.expiration !== undefined) parts.push(`expiration ${p.expiration}`)
  if (p.priority !== undefined) parts.push(`priority ${p.priority}`)
  if (p.deliveryMode !== undefined) parts.push(`delivery-mode ${p.deliveryMode}`)
  if (p.contentType !== undefined) parts.push(`content-type ${p.contentType}`)
  if (p.correlationId !== undefined) parts.push(`correlation-id ${p.correlationId}`)
  if (p.replyTo !== undefined) parts.push(`reply-to ${p.replyTo}`)
  if (p.type !== undefined) parts.push(`type ${p.type}`)
  return parts.join(', ')
}

/** Lines for `inspect <queue>`: ready messages in queue order. */
export function formatReadyMessages(ready: readonly ReadyMessage[], c: ChalkInstance, labels: MessageLabels, now: number): string[] {
  return ready.flatMap((r, i) => formatMessage(i + 1, r.message, c, labels, { redelivered: r.redelivered, ...(r.expiresAt !== undefined ? { expiresAt: r.expiresAt } : {}) }, { now }))
}
