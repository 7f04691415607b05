import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import type { VersionRules } from '../core/versions.js'
import type { Death, StoredMessage } from './state.js'
import type { BrokerMessage, DeadLetterReason, MessageProperties } from './types.js'

const str = (value: string): AmqpValue => ({ type: 'longstr', value })

/**
 * Records one death (rabbit_dead_letter:update_x_death_header in 3.x, mc:record_death in 3.13+):
 * an existing {queue, reason} entry gets count + 1 and moves to the front, keeping its first exchange,
 * routing keys and time; otherwise a new entry (count 1) goes in front.
 */
export function recordDeath(
  deaths: readonly Death[], queue: string, reason: DeadLetterReason, exchange: string,
  routingKeys: readonly string[], now: number, originalExpiration: string | undefined,
): Death[] {
  const i = deaths.findIndex((d) => d.queue === queue && d.reason === reason)
  if (i >= 0) {
    const old = deaths[i] as Death
    return [{ ...old, count: old.count + 1, lastTime: now }, ...deaths.slice(0, i), ...deaths.slice(i + 1)]
  }
  const fresh: Death = {
    queue, reason, count: 1, exchange, routingKeys, firstTime: now, lastTime: now,
    ...(originalExpiration !== undefined ? { originalExpiration } : {}),
  }
  return [fresh, ...deaths]
}

/**
 * The cycle rule (rabbit_dead_letter:is_cycle ≤ 3.12, mc:is_death_cycle later): a target queue is dropped
 * when the message already died in it and no death from the newest back to (and including) that queue's entry
 * has reason `rejected`. `deaths` already includes the current death. Reason `rejected` is never checked
 * (the caller skips it: detect_cycles(rejected, ...) -> no cycles).
 */
export function isDeathCycle(target: string, deaths: readonly Death[]): boolean {
  for (const d of deaths) {
    if (d.reason === 'rejected') return false
    if (d.queue === target) return true
  }
  return false
}

/** One x-death entry as RabbitMQ writes it, keys sorted as rabbit_misc:sort_field_table does. */
export function deathTable(d: Death): AmqpTable {
  const entries: [string, AmqpValue][] = [['count', { type: 'long', value: d.count }], ['exchange', str(d.exchange)]]
  if (d.originalExpiration !== undefined) entries.push(['original-expiration', str(d.originalExpiration)])
  entries.push(
    ['queue', str(d.queue)], ['reason', str(d.reason)],
    ['routing-keys', { type: 'array', value: d.routingKeys.map(str) }],
    ['time', { type: 'timestamp', value: Math.floor(d.firstTime / 1000) }],
  )
  return new Map(entries)
}

/**
 * Headers of a dead-lettered copy: x-death (newest first), x-first-death-* (set once), x-last-death-* when the
 * version writes them (3.13+). `base` are the message's headers before this death.
 */
export function deathHeaders(
  base: AmqpTable, deaths: readonly Death[], firstDeath: NonNullable<StoredMessage['firstDeath']>, rules: VersionRules,
): Map<string, AmqpValue> {
  const headers = new Map(base)
  // 3.x (update_x_death_header): the x-first-death-* headers are written only when the message had no x-death
  // header yet. 3.13+/4.x render them from the first death annotation.
  const setFirst = rules.clientXDeathInterpreted ? !base.has('x-death') : true
  headers.set('x-death', { type: 'array', value: deaths.map((d) => ({ type: 'table', value: deathTable(d) })) })
  if (setFirst) {
    headers.set('x-first-death-reason', str(firstDeath.reason))
    headers.set('x-first-death-queue', str(firstDeath.queue))
    headers.set('x-first-death-exchange', str(firstDeath.exchange))
  }
  const last = deaths[0]
  if (rules.xLastDeathHeaders && last !== undefined) {
    headers.set('x-last-death-reason', str(last.reason))
    headers.set('x-last-death-queue', str(last.queue))
    headers.set('x-last-death-exchange', str(last.exchange))
  }
  return headers
}

/**
 * Reads a client-supplied x-death header into death records (3.x interprets it on publish; 4.x ignores it:
 * VersionRules.clientXDeathInterpreted). Malformed entries are skipped.
 */
export function parseClientDeaths(headers: AmqpTable, now: number): Death[] {
  const xd = headers.get('x-death')
  if (xd?.type !== 'array') return []
  const out: Death[] = []
  for (const v of xd.value) {
    if (v.type !== 'table') continue
    const t = v.value
    const q = t.get('queue')
    const r = t.get('reason')
    if (q?.type !== 'longstr' || r?.type !== 'longstr') continue
    if (r.value !== 'rejected' && r.value !== 'expired' && r.value !== 'maxlen' && r.value !== 'delivery_limit') continue
    const c = t.get('count')
    const x = t.get('exchange')
    const rk = t.get('routing-keys')
    const time = t.get('time')
    const oe = t.get('original-expiration')
    const count = c !== undefined && 'value' in c && typeof c.value === 'number' ? c.value : 1
    const ts = time?.type === 'timestamp' ? time.value * 1000 : now
    out.push({
      queue: q.value, reason: r.value, count,
      exchange: x?.type === 'longstr' ? x.value : '',
      routingKeys: rk?.type === 'array' ? rk.value.flatMap((k) => (k.type === 'longstr' ? [k.value] : [])) : [],
      firstTime: ts, lastTime: ts,
      ...(oe?.type === 'longstr' ? { originalExpiration: oe.value } : {}),
    })
  }
  return out
}

/**
 * The dead-lettered copy (rabbit_dead_letter:make_msg / mc:record_death): exchange = the DLX, routing keys = the
 * DLRK alone (and the CC header removed) or all the original keys; expiration removed (kept as x-death
 * original-expiration); x-death recorded. `redelivered` is false for the copy (a new QueuedMessage).
 */
export function makeDeadLetter(
  msg: StoredMessage, reason: DeadLetterReason, queue: string, dlx: string, dlrk: string | undefined,
  now: number, seq: number, rules: VersionRules,
): StoredMessage {
  const view = msg.view
  const deathKeys = [msg.routingKeys[0] ?? view.routingKey, ...msg.ccKeys]
  const deaths = recordDeath(msg.deaths, queue, reason, view.exchange, deathKeys, now, view.properties.expiration)
  const firstDeath = msg.firstDeath ?? { queue, reason, exchange: view.exchange }
  const headers = deathHeaders(view.headers, deaths, firstDeath, rules)
  if (dlrk !== undefined) headers.delete('CC')
  const { expiration: _dropped, ...properties }: MessageProperties = view.properties
  const routingKeys = dlrk !== undefined ? [dlrk] : msg.routingKeys
  const newView: BrokerMessage = {
    seq, deadLetteredFrom: view.seq, exchange: dlx, routingKey: routingKeys[0] ?? '',
    body: view.body, bodySize: view.bodySize, properties, headers,
  }
  return {
    view: newView, routingKeys,
    ccKeys: dlrk !== undefined ? [] : msg.ccKeys,
    bccKeys: dlrk !== undefined ? [] : msg.bccKeys,
    deaths, firstDeath,
  }
}
