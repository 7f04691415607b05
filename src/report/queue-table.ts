import { quoted } from './terminal-text.js'
import type { ChalkInstance } from 'chalk'
import type { Binding, Exchange } from '../core/model.js'
import type { ChannelInfo, ConsumerInfo, QueueStats } from '../broker/types.js'
import { cell, renderTable, type Cell } from './table.js'
import { nameText, tableText } from './value-text.js'

/**
 * `queues`: one row per queue with messages (ready + unacked), ready, unacked, consumers, and the settings
 * that change delivery (TTL, max-length, overflow, dead-letter exchange) as RabbitMQ resolved them.
 */
export function formatQueueTable(stats: readonly QueueStats[], c: ChalkInstance): string[] {
  if (stats.length === 0) return ['  (no queues)']
  const rows: Cell[][] = [[
    cell('queue', c.bold), cell('messages', c.bold), cell('ready', c.bold), cell('unacked', c.bold), cell('consumers', c.bold), cell('settings', c.bold),
  ]]
  for (const q of stats) {
    rows.push([
      cell(nameText(q.name), c.cyan),
      cell(String(q.messages), q.messages ? c.bold : undefined),
      cell(String(q.ready)),
      cell(String(q.unacked), q.unacked ? c.yellow : undefined),
      cell(String(q.consumers)),
      cell(settingsText(q), c.dim),
    ])
  }
  return renderTable(rows)
}

function settingsText(q: QueueStats): string {
  const e = q.effective
  const parts: string[] = []
  if (q.type !== 'classic' && !q.notSimulated.some((n) => n.startsWith('x-queue-type'))) parts.push(q.type)
  const maxPriority = q.arguments.get('x-max-priority')
  if (q.behaviour === 'classic-priority' && maxPriority !== undefined && 'value' in maxPriority) parts.push(`max-priority ${String(maxPriority.value)}`)
  const sac = q.arguments.get('x-single-active-consumer')
  if (q.type !== 'stream' && sac?.type === 'bool' && sac.value) parts.push('single-active-consumer')
  if (e.deliveryLimit !== undefined) parts.push(`delivery-limit ${e.deliveryLimit}`)
  if (e.messageTtl !== undefined) parts.push(`ttl ${e.messageTtl}ms`)
  if (e.maxLength !== undefined) parts.push(`max-length ${e.maxLength}`)
  if (e.maxLengthBytes !== undefined) parts.push(`max-length-bytes ${e.maxLengthBytes}`)
  if ((e.maxLength !== undefined || e.maxLengthBytes !== undefined) || e.overflow !== 'drop-head') parts.push(e.overflow)
  if (e.deadLetterExchange !== undefined) parts.push(`dlx ${e.deadLetterExchange === '' ? '""' : nameText(e.deadLetterExchange)}${e.deadLetterRoutingKey !== undefined ? ` (key ${quoted(e.deadLetterRoutingKey)})` : ''}`)
  if (e.expires !== undefined) parts.push(`expires ${e.expires}ms`)
  if (e.policy !== undefined) parts.push(`policy ${nameText(e.policy)}`)
  if (q.exclusive) parts.push('exclusive')
  if (q.autoDelete) parts.push('auto-delete')
  // Said plainly, so nobody mistakes an ignored setting for a simulated one.
  if (q.notSimulated.length) parts.push(`not simulated: ${q.notSimulated.join(', ')}${q.notSimulated.some((n) => n.startsWith('x-queue-type')) ? ' (behaves as classic)' : ''}`)
  return parts.join(', ')
}

/** `consumers`: tag, queue, channel, prefetch, unacked, ack mode. */
export function formatConsumerTable(consumers: readonly ConsumerInfo[], c: ChalkInstance): string[] {
  if (consumers.length === 0) return ['  (no consumers)']
  // Single-active-consumer state and stream offsets get columns only when some consumer has them.
  const extra = consumers.some((k) => k.active !== undefined || k.offset !== undefined)
  const rows: Cell[][] = [[
    cell('consumer', c.bold), cell('queue', c.bold), cell('channel', c.bold), cell('prefetch', c.bold), cell('unacked', c.bold), cell('ack', c.bold),
    ...(extra ? [cell('state', c.bold), cell('offset', c.bold)] : []),
  ]]
  for (const k of consumers) {
    rows.push([
      cell(nameText(k.consumerTag), c.bold), cell(nameText(k.queue), c.cyan), cell(k.channel),
      cell(k.prefetch === 0 ? 'unlimited' : String(k.prefetch)),
      cell(String(k.unacked), k.prefetch !== 0 && k.unacked >= k.prefetch ? c.yellow : undefined),
      cell(k.noAck ? 'auto' : 'manual'),
      ...(extra ? [cell(k.active === undefined ? '' : k.active ? 'active' : 'waiting', k.active === false ? c.dim : undefined), cell(k.offset === undefined ? '' : String(k.offset))] : []),
    ])
  }
  return renderTable(rows)
}

/** The open channels with their unacked counts (shown under `consumers`). */
export function formatChannelLine(channels: readonly ChannelInfo[], c: ChalkInstance): string {
  if (channels.length === 0) return c.dim('  channels: none open')
  return c.dim(`  channels: ${channels.map((ch) => `${ch.name} (${ch.unacked} unacked${ch.consumers.length ? `, ${ch.consumers.length} consumer${ch.consumers.length === 1 ? '' : 's'}` : ''})`).join(', ')}`)
}

/** `exchanges`: name, type, flags, arguments. The default exchange shows as `""`. */
export function formatExchangeTable(exchanges: readonly Exchange[], c: ChalkInstance): string[] {
  if (exchanges.length === 0) return ['  (no exchanges)']
  const rows: Cell[][] = [[cell('exchange', c.bold), cell('type', c.bold), cell('flags', c.bold), cell('arguments', c.bold)]]
  for (const x of exchanges) {
    const flags = [x.durable ? '' : 'transient', x.autoDelete ? 'auto-delete' : '', x.internal ? 'internal' : '', x.predeclared ? 'predeclared' : ''].filter(Boolean).join(', ')
    rows.push([cell(x.name === '' ? '""' : nameText(x.name), c.cyan), cell(x.type), cell(flags, c.dim), cell(tableText(x.arguments), c.dim)])
  }
  return renderTable(rows)
}

/** `bindings`: source → destination, the binding key and arguments. */
export function formatBindingTable(bindings: readonly Binding[], c: ChalkInstance): string[] {
  if (bindings.length === 0) return ['  (no bindings)']
  const rows: Cell[][] = [[cell('source', c.bold), cell('', undefined), cell('destination', c.bold), cell('key', c.bold), cell('arguments', c.bold)]]
  for (const b of bindings) {
    rows.push([
      cell(nameText(b.source), c.cyan), cell('→'),
      cell(`${b.destinationType === 'exchange' ? 'exchange ' : ''}${nameText(b.destination)}`, c.cyan),
      cell(quoted(b.routingKey)), cell(tableText(b.arguments), c.dim),
    ])
  }
  return renderTable(rows)
}
