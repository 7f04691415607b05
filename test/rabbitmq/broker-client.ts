import amqp from 'amqplib'
import type { Channel, ChannelModel, ConfirmChannel, Message } from 'amqplib'
import type { VhostTopology } from '../../src/core/model.js'
import { compareCodePoints } from '../../src/core/code-point-order.js'
import { encodeTable } from './amqp-encode.js'
import type { Probe } from './generate-topology.js'

/** Where the broker is: the AMQP listener and the management HTTP API (both loopback, guest/guest). */
export interface BrokerEndpoints {
  readonly host: string
  readonly amqpPort: number
  readonly mgmtUrl: string
  readonly user: string
  readonly password: string
}

/** What the real broker did with one probe. */
export interface Observation {
  /** Queues that received the probe's message, each once, sorted by code unit. */
  readonly queues: readonly string[]
  /** Queues that received it more than once (RabbitMQ never should). */
  readonly duplicates: readonly string[]
  /** basic.return (312 NO_ROUTE) arrived for it. */
  readonly returned: boolean
  /** The publisher confirm was a nack. */
  readonly nacked: boolean
  /** The channel was closed by the broker (404, 403, 406). */
  readonly error?: { readonly code: number; readonly text: string }
}

/** A failure to set the case up or observe it: not a routing disagreement, a harness/broker problem. */
export class HarnessError extends Error {}

/** Reads endpoints from RMQ_SIM_AMQP_URL / RMQ_SIM_MGMT_URL (set by run.sh). */
export function endpointsFromEnv(env: NodeJS.ProcessEnv): BrokerEndpoints {
  const amqpUrl = new URL(env.RMQ_SIM_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672')
  return {
    host: amqpUrl.hostname,
    amqpPort: Number(amqpUrl.port || 5672),
    mgmtUrl: (env.RMQ_SIM_MGMT_URL ?? 'http://127.0.0.1:15672').replace(/\/$/, ''),
    user: decodeURIComponent(amqpUrl.username || 'guest'),
    password: decodeURIComponent(amqpUrl.password || 'guest'),
  }
}

export async function mgmt(ep: BrokerEndpoints, method: 'PUT' | 'DELETE' | 'GET', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${ep.mgmtUrl}/api/${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${ep.user}:${ep.password}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  if (!res.ok && !(method === 'DELETE' && res.status === 404)) {
    throw new HarnessError(`management API ${method} /api/${path}: HTTP ${res.status} ${text}`)
  }
  return text === '' ? undefined : JSON.parse(text)
}

const enc = encodeURIComponent

/** The broker's version (management API /api/overview), e.g. "3.10.8". */
export async function brokerVersion(ep: BrokerEndpoints): Promise<string> {
  const overview = await mgmt(ep, 'GET', 'overview') as { rabbitmq_version?: unknown } | undefined
  const v = overview?.rabbitmq_version
  if (typeof v !== 'string') throw new HarnessError('the management API did not report rabbitmq_version')
  return v
}

/**
 * The rules to compare with: `auto` (the default) uses the broker's own version, so a machine whose
 * distribution ships another RabbitMQ still compares like with like; anything else is a version to force.
 */
export async function resolveRulesVersion(ep: BrokerEndpoints, requested: string): Promise<string> {
  return requested === 'auto' ? brokerVersion(ep) : requested
}

/** Creates the vhost (guest gets full permissions) and its policies through the management API. */
export async function createVhost(ep: BrokerEndpoints, vhost: VhostTopology): Promise<void> {
  await mgmt(ep, 'DELETE', `vhosts/${enc(vhost.name)}`)
  await mgmt(ep, 'PUT', `vhosts/${enc(vhost.name)}`, {})
  await mgmt(ep, 'PUT', `permissions/${enc(vhost.name)}/${enc(ep.user)}`, { configure: '.*', write: '.*', read: '.*' })
  for (const p of vhost.policies) {
    await mgmt(ep, 'PUT', `policies/${enc(vhost.name)}/${enc(p.name)}`, {
      pattern: p.pattern,
      'apply-to': p.applyTo,
      priority: p.priority,
      definition: Object.fromEntries(p.definition),
    })
  }
}

export async function deleteVhost(ep: BrokerEndpoints, name: string): Promise<void> {
  await mgmt(ep, 'DELETE', `vhosts/${enc(name)}`)
}

export async function connect(ep: BrokerEndpoints, vhost: string): Promise<ChannelModel> {
  // amqplib unescapes the vhost it is given (connect.js openFrames: QS.unescape).
  return amqp.connect({ protocol: 'amqp', hostname: ep.host, port: ep.amqpPort, username: ep.user, password: ep.password, vhost: enc(vhost), heartbeat: 0 }, { noDelay: true })
}

/** Declares exchanges, queues and bindings over AMQP (pipelined on one channel, in that order). */
export async function declareTopology(conn: ChannelModel, vhost: VhostTopology): Promise<void> {
  const ch = await conn.createChannel()
  let failure: Error | undefined
  ch.on('error', (e: Error) => { failure = e })
  try {
    const ops: Promise<unknown>[] = []
    for (const x of vhost.exchanges.values()) {
      ops.push(ch.assertExchange(x.name, x.type, { durable: x.durable, autoDelete: x.autoDelete, internal: x.internal, arguments: encodeTable(x.arguments) }))
    }
    for (const q of vhost.queues.values()) {
      ops.push(ch.assertQueue(q.name, { durable: q.durable, exclusive: q.exclusive, autoDelete: q.autoDelete, arguments: encodeTable(q.arguments) }))
    }
    for (const b of vhost.bindings) {
      const args = encodeTable(b.arguments)
      ops.push(b.destinationType === 'queue'
        ? ch.bindQueue(b.destination, b.source, b.routingKey, args)
        : ch.bindExchange(b.destination, b.source, b.routingKey, args))
    }
    await Promise.all(ops)
    await ch.close()
  } catch (e) {
    throw new HarnessError(`declaring the topology failed: ${(failure ?? (e as Error)).message}`)
  }
}

interface Sent { returned: boolean; nacked: boolean; error?: { code: number; text: string } }

function publishArgs(probe: Probe): [string, string, Buffer, amqp.Options.Publish] {
  const p = probe.publish
  return [p.exchange, p.routingKey, Buffer.alloc(0), {
    mandatory: p.mandatory ?? true,
    messageId: probe.id,
    headers: encodeTable(p.headers ?? new Map()),
  }]
}

/** Publishes the probes that cannot close the channel on one confirm channel; waits for every confirm. */
async function publishShared(conn: ChannelModel, probes: readonly Probe[], sent: Map<string, Sent>): Promise<void> {
  if (probes.length === 0) return
  const ch: ConfirmChannel = await conn.createConfirmChannel()
  let closedBy: Error | undefined
  ch.on('error', (e: Error) => { closedBy = e })
  ch.on('return', (msg: Message) => {
    const s = sent.get(String(msg.properties.messageId))
    if (s) s.returned = true
  })
  const confirms = probes.map((probe) => new Promise<void>((resolve) => {
    const s: Sent = { returned: false, nacked: false }
    sent.set(probe.id, s)
    ch.publish(...publishArgs(probe), (err: unknown) => { if (err) s.nacked = true; resolve() })
  }))
  await Promise.all(confirms)
  if (closedBy) throw new HarnessError(`a probe expected to be harmless closed the shared channel: ${closedBy.message}`)
  await ch.close()
}

/** Publishes one probe on a confirm channel of its own: it may be closed by the broker (404/403/406). */
async function publishIsolated(conn: ChannelModel, probe: Probe, sent: Map<string, Sent>): Promise<void> {
  const ch: ConfirmChannel = await conn.createConfirmChannel()
  const s: Sent = { returned: false, nacked: false }
  sent.set(probe.id, s)
  let closedBy: (Error & { code?: number }) | undefined
  await new Promise<void>((resolve) => {
    let done = false
    const finish = (): void => { if (!done) { done = true; resolve() } }
    ch.on('error', (e: Error & { code?: number }) => { closedBy = e })
    ch.on('close', finish)
    ch.on('return', () => { s.returned = true })
    ch.publish(...publishArgs(probe), (err: unknown) => {
      // A confirm callback error without a channel error is a nack; with one, the channel closed first.
      if (err && !closedBy) s.nacked = true
      // The channel error (if any) arrives before the pending confirms are failed; give 'error' a turn.
      setImmediate(finish)
    })
  })
  if (closedBy) {
    s.error = { code: Number(closedBy.code ?? 0), text: closedBy.message }
    s.nacked = false
  } else {
    await ch.close().catch(() => undefined)
  }
}

/** Empties every queue of the vhost (basic.get, no ack) and maps message-id → queues that got it. */
async function drain(conn: ChannelModel, queues: readonly string[]): Promise<Map<string, string[]>> {
  const ch: Channel = await conn.createChannel()
  const got = new Map<string, string[]>()
  await Promise.all(queues.map(async (q) => {
    for (;;) {
      const m = await ch.get(q, { noAck: true })
      if (m === false) break
      const id = String(m.properties.messageId)
      const list = got.get(id) ?? []
      list.push(q)
      got.set(id, list)
    }
  }))
  await ch.close()
  return got
}

/**
 * Runs one case on the broker: fresh vhost + policies, declarations, probes (mandatory, confirms), drain.
 * Returns what happened to each probe, by probe id. The vhost is deleted afterwards.
 */
export async function observeCase(ep: BrokerEndpoints, vhost: VhostTopology, probes: readonly Probe[]): Promise<Map<string, Observation>> {
  if (new Set(probes.map((p) => p.id)).size !== probes.length) throw new HarnessError('two probes share a message-id')
  await createVhost(ep, vhost)
  const conn = await connect(ep, vhost.name)
  conn.on('error', () => undefined)
  try {
    await declareTopology(conn, vhost)
    return await observeProbes(conn, [...vhost.queues.keys()], probes)
  } finally {
    await conn.close().catch(() => undefined)
    await deleteVhost(ep, vhost.name).catch(() => undefined)
  }
}

/** Publishes the probes on a vhost already set up (declared, or imported from definitions), drains `queues`. */
export async function observeProbes(conn: ChannelModel, queues: readonly string[], probes: readonly Probe[]): Promise<Map<string, Observation>> {
  const sent = new Map<string, Sent>()
  await publishShared(conn, probes.filter((p) => !p.isolated), sent)
  for (const p of probes.filter((p) => p.isolated)) await publishIsolated(conn, p, sent)
  const got = await drain(conn, queues)
  const out = new Map<string, Observation>()
  for (const p of probes) {
    const s = sent.get(p.id)
    if (!s) throw new HarnessError(`probe ${p.id} was not published`)
    const list = got.get(p.id) ?? []
    const unique = [...new Set(list)].sort(byCodePoint)
    const duplicates = unique.filter((q) => list.indexOf(q) !== list.lastIndexOf(q))
    out.set(p.id, { queues: unique, duplicates, returned: s.returned, nacked: s.nacked, ...(s.error ? { error: s.error } : {}) })
  }
  return out
}

/** RabbitMQ's order of a route's queues (lists:usort of the names as UTF-8 binaries): observed lists are put in it. */
export const byCodePoint = compareCodePoints
