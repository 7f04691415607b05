// Real-broker check of `rmq-sim diff`'s refusals: for each (old, new) pair, declare the old exchange or queue on the
// real node, redeclare it as the new version would, and compare what the broker answered (accepted, or the channel
// error's code and text) with refusedRedeclares() from src/diff. Run by run.sh (section 4). Prints
// `redeclare: N passed, M failed`; exit 1 on a disagreement, 2 when the harness cannot run.
import amqp from 'amqplib'
import type { Options } from 'amqplib'
import { long, str, type AmqpTable } from '../../src/core/amqp-value.js'
import type { Exchange, Queue, Topology } from '../../src/core/model.js'
import { rulesFor } from '../../src/core/versions.js'
import { refusedRedeclares } from '../../src/diff/redeclare.js'
import { encodeTable } from './amqp-encode.js'
import { endpointsFromEnv } from './broker-client.js'

type XSpec = Omit<Exchange, 'vhost' | 'name'>
type QSpec = Omit<Queue, 'vhost' | 'name'>
type Pair = { label: string } & ({ kind: 'exchange'; old: XSpec; new: XSpec } | { kind: 'queue'; old: QSpec; new: QSpec })

const args = (o: Record<string, ReturnType<typeof str>> = {}): AmqpTable => new Map(Object.entries(o))
const X = (type: string, o: Partial<XSpec> = {}): XSpec => ({ type, durable: true, autoDelete: false, internal: false, arguments: args(), ...o })
const Q = (a: Record<string, ReturnType<typeof str>> = {}, o: Partial<QSpec> = {}): QSpec => {
  const t = a['x-queue-type']
  return { type: t?.type === 'longstr' ? t.value : 'classic', durable: true, exclusive: false, autoDelete: false, arguments: args(a), ...o }
}

const PAIRS: Pair[] = [
  { label: 'exchange type', kind: 'exchange', old: X('direct'), new: X('topic') },
  { label: 'exchange durable', kind: 'exchange', old: X('fanout'), new: X('fanout', { durable: false }) },
  { label: 'exchange auto_delete', kind: 'exchange', old: X('fanout'), new: X('fanout', { autoDelete: true }) },
  { label: 'exchange internal', kind: 'exchange', old: X('fanout'), new: X('fanout', { internal: true }) },
  { label: 'alternate-exchange changed', kind: 'exchange', old: X('topic', { arguments: args({ 'alternate-exchange': str('a') }) }), new: X('topic', { arguments: args({ 'alternate-exchange': str('b') }) }) },
  { label: 'alternate-exchange added', kind: 'exchange', old: X('topic'), new: X('topic', { arguments: args({ 'alternate-exchange': str('a') }) }) },
  { label: 'unknown exchange argument', kind: 'exchange', old: X('topic'), new: X('topic', { arguments: args({ 'x-custom': str('v') }) }) },
  { label: 'same exchange', kind: 'exchange', old: X('headers'), new: X('headers') },
  { label: 'message ttl raised', kind: 'queue', old: Q({ 'x-message-ttl': long(1000) }), new: Q({ 'x-message-ttl': long(2000) }) },
  { label: 'max-length added', kind: 'queue', old: Q(), new: Q({ 'x-max-length': long(10) }) },
  { label: 'max-length removed', kind: 'queue', old: Q({ 'x-max-length': long(10) }), new: Q() },
  { label: 'dead-letter exchange changed', kind: 'queue', old: Q({ 'x-dead-letter-exchange': str('a') }), new: Q({ 'x-dead-letter-exchange': str('b') }) },
  { label: 'unknown queue argument', kind: 'queue', old: Q(), new: Q({ 'x-custom': str('v') }) },
  { label: 'explicit classic type vs none', kind: 'queue', old: Q({ 'x-queue-type': str('classic') }), new: Q() },
  { label: 'none vs explicit classic type', kind: 'queue', old: Q(), new: Q({ 'x-queue-type': str('classic') }) },
  { label: 'classic to quorum', kind: 'queue', old: Q(), new: Q({ 'x-queue-type': str('quorum') }) },
  { label: 'queue durable', kind: 'queue', old: Q(), new: Q({}, { durable: false }) },
  { label: 'queue auto_delete', kind: 'queue', old: Q(), new: Q({}, { autoDelete: true }) },
  { label: 'quorum delivery limit', kind: 'queue', old: Q({ 'x-queue-type': str('quorum'), 'x-delivery-limit': long(5) }), new: Q({ 'x-queue-type': str('quorum'), 'x-delivery-limit': long(10) }) },
  { label: 'quorum max-length added', kind: 'queue', old: Q({ 'x-queue-type': str('quorum') }), new: Q({ 'x-queue-type': str('quorum'), 'x-max-length': long(5) }) },
]

/** The reply text of a channel error as amqplib reports it: `... with message "PRECONDITION_FAILED - ..."`. */
function replyText(err: unknown): { code: number; text: string } {
  const e = err as { code?: number; message?: string }
  const m = /with message "(.*)"$/s.exec(e.message ?? '')
  return { code: e.code ?? 0, text: m?.[1] ?? e.message ?? String(err) }
}

async function main(): Promise<number> {
  const ep = endpointsFromEnv(process.env)
  const prefix = `rmqsim-redeclare-${process.env.SEED ?? '0'}-`
  let conn
  try {
    conn = await amqp.connect({ protocol: 'amqp', hostname: ep.host, port: ep.amqpPort, username: ep.user, password: ep.password })
  } catch (e) {
    console.error(`redeclare: cannot connect: ${(e as Error).message}`)
    return 2
  }
  conn.on('error', () => { /* channel errors surface on the channel */ })
  let passed = 0
  let failed = 0
  const names: { kind: 'exchange' | 'queue'; name: string }[] = []
  try {
    for (const [i, p] of PAIRS.entries()) {
      const name = `${prefix}${i}`
      names.push({ kind: p.kind, name })
      // the real broker: declare old, then redeclare new on a fresh channel
      const setup = await conn.createChannel()
      setup.on('error', () => {})
      if (p.kind === 'exchange') await setup.assertExchange(name, p.old.type, xOptions(p.old))
      else await setup.assertQueue(name, qOptions(p.old))
      await setup.close()
      const ch = await conn.createChannel()
      ch.on('error', () => {})
      let real: { code: number; text: string } | undefined
      try {
        if (p.kind === 'exchange') await ch.assertExchange(name, p.new.type, xOptions(p.new))
        else await ch.assertQueue(name, qOptions(p.new))
        await ch.close()
      } catch (e) {
        real = replyText(e)
      }
      // the simulation
      const oldT = topologyOf(p.kind, name, p.old)
      const newT = topologyOf(p.kind, name, p.new)
      const refusal = refusedRedeclares(oldT, newT, rulesFor(process.env.RMQ_SIM_RABBITMQ ?? '3.10'))[0]
      const sim = refusal === undefined ? undefined : { code: refusal.code, text: refusal.message }
      // the verdict and the argument named must agree; RabbitMQ's wording of the values may differ (a note)
      const key = (t: string | undefined): string | undefined => (t === undefined ? undefined : /inequivalent arg '([^']+)'/.exec(t)?.[1] ?? t)
      const same = real?.code === sim?.code && key(real?.text) === key(sim?.text)
      if (same) {
        passed++
        if (real?.text !== sim?.text) console.log(`redeclare ${p.label} (note, same verdict): broker says "${real?.text}"; rmq-sim diff says "${sim?.text}"`)
      } else {
        failed++
        console.log(`redeclare ${p.label}: broker ${real ? `${real.code} ${real.text}` : 'accepted'}; rmq-sim diff ${sim ? `${sim.code} ${sim.text}` : 'accepted'}`)
      }
    }
  } finally {
    const ch = await conn.createChannel()
    ch.on('error', () => {})
    for (const n of names) {
      try {
        if (n.kind === 'exchange') await ch.deleteExchange(n.name)
        else await ch.deleteQueue(n.name)
      } catch { /* deleted with a closed channel: nothing left to do */ }
    }
    await conn.close().catch(() => {})
  }
  console.log(`redeclare: ${passed} passed, ${failed} failed`)
  return failed > 0 ? 1 : 0
}

function xOptions(x: XSpec): Options.AssertExchange {
  return { durable: x.durable, autoDelete: x.autoDelete, internal: x.internal, arguments: encodeTable(x.arguments) }
}
function qOptions(q: QSpec): Options.AssertQueue {
  return { durable: q.durable, autoDelete: q.autoDelete, exclusive: q.exclusive, arguments: encodeTable(q.arguments) }
}
function topologyOf(kind: 'exchange' | 'queue', name: string, spec: XSpec | QSpec): Topology {
  const vhost = {
    name: '/',
    exchanges: kind === 'exchange' ? new Map([[name, { vhost: '/', name, ...(spec as XSpec) }]]) : new Map(),
    queues: kind === 'queue' ? new Map([[name, { vhost: '/', name, ...(spec as QSpec) }]]) : new Map(),
    bindings: [], policies: [],
  }
  return { vhosts: new Map([['/', vhost]]) }
}

process.exitCode = await main()
