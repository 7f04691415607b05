// Differential runner: the same random script (publish, consume with prefetch, get, ack/nack/reject with and
// without requeue, cancel, channel close) on a real RabbitMQ 3.10 broker and on the simulated broker, over queues
// with drop-head / reject-publish(-dlx) limits and dead-letter routes (no TTL: real time would race the script).
// Compares what each consumer receives (body, redelivered, delivery tag), ready counts, and final queue contents.
// Usage: RMQ_SIM_AMQP_URL=amqp://guest:guest@127.0.0.1:5672 SEED=7 STEPS=60 [TRACE=1] npx tsx test/broker/differential-real-broker.mts
// Between queues a real broker races (independent queue processes); a rare mismatch that disappears on a rerun of
// the same seed is such a race, not a rule.
import amqp from 'amqplib'
import { Broker } from '../../src/broker/broker.js'
import { rulesFor } from '../../src/core/versions.js'
const URL = process.env.RMQ_SIM_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const SEED = Number(process.env.SEED ?? Date.now() % 100000)
let seed = SEED
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff }
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
const STEPS = Number(process.env.STEPS ?? 40)
const WAIT = Number(process.env.WAIT ?? 40)

const run = `d${SEED}`
const Q = (s: string) => `${run}.${s}`
type QSpec = { name: string; args: Record<string, unknown> }
const queues: QSpec[] = [
  { name: Q('q1'), args: { 'x-max-length': 3, 'x-dead-letter-exchange': Q('dlx') } },
  { name: Q('q2'), args: { 'x-max-length': 2, 'x-overflow': pick(['reject-publish-dlx', 'reject-publish', 'drop-head']), 'x-dead-letter-exchange': Q('dlx') } },
  { name: Q('q3'), args: {} },
  { name: Q('q4'), args: { 'x-dead-letter-exchange': '' } },
  { name: Q('dlq'), args: { 'x-max-length': 4 } },
  // TTL=1: a queue with a message TTL; the simulated clock follows the real elapsed time before each step.
  ...(process.env.TTL ? [{ name: Q('t5'), args: { 'x-message-ttl': 400, 'x-dead-letter-exchange': Q('dlx') } }] : []),
]
const sim = new Broker({ topology: { vhosts: new Map() }, vhost: '/', rules: rulesFor('3.10') })
const typed = (args: Record<string, unknown>) => new Map(Object.entries(args).map(([k, v]) => [k, typeof v === 'number' ? { type: 'long', value: v } : { type: 'longstr', value: String(v) }] as const))
const conn = await amqp.connect(URL)
const admin = await conn.createChannel()
await admin.assertExchange(Q('fx'), 'fanout'); sim.declareExchange({ name: Q('fx'), type: 'fanout' })
await admin.assertExchange(Q('dlx'), 'topic'); sim.declareExchange({ name: Q('dlx'), type: 'topic' })
for (const q of queues) { await admin.assertQueue(q.name, { arguments: q.args }); sim.declareQueue({ name: q.name, arguments: typed(q.args) as any }) }
for (const q of [Q('q1'), Q('q2'), Q('q4'), ...(process.env.TTL ? [Q('t5')] : [])]) { await admin.bindQueue(q, Q('fx'), ''); sim.bind({ source: Q('fx'), destination: q }) }
await admin.bindQueue(Q('dlq'), Q('dlx'), '#'); sim.bind({ source: Q('dlx'), destination: Q('dlq'), routingKey: '#' })
await admin.bindQueue(Q('q3'), Q('dlx'), `${Q('q1')}`); sim.bind({ source: Q('dlx'), destination: Q('q3'), routingKey: Q('q1') })

const realLog = new Map<string, string[]>(); const simLog = new Map<string, string[]>()
const note = (m: Map<string, string[]>, k: string, v: string) => { const l = m.get(k) ?? []; l.push(v); m.set(k, l) }
const chans = new Map<string, any>()
const ctag = new Map<string, string>() // consumerTag -> channel
let nextBody = 0; let nextC = 0
const script: string[] = []
async function realChannel(name: string): Promise<any> {
  let ch = chans.get(name)
  if (!ch) { ch = await conn.createChannel(); ch.on('error', (e: any) => console.log('REAL CHANNEL ERROR', name, e.message)); chans.set(name, ch) }
  return ch
}
const simEvents = (evs: readonly any[]) => { for (const e of evs) if (e.kind === 'delivered') note(simLog, e.consumerTag ?? `get@${e.channel}`, `${e.message.body}${e.redelivered ? '*' : ''}#${e.deliveryTag}`) }
const seenR = new Set<string>(); const seenS = new Set<string>()
const t0 = performance.now()
const follow = () => { if (process.env.TTL) { const now = Math.floor(performance.now() - t0); if (now > sim.now) simEvents(sim.tick(now - sim.now).events) } }
for (let step = 0; step < STEPS; step++) {
  follow()
  const r = rnd()
  if (r < 0.35) {
    const body = `m${++nextBody}`
    const target = pick(process.env.TTL ? ['fx', 'q3', 'q4', 'q1', 't5', 't5'] : ['fx', 'q3', 'q4', 'q1'])
    const expiration = process.env.TTL && rnd() < 0.3 ? pick(['0', '150', '700']) : undefined
    const props = expiration !== undefined ? { expiration } : {}
    script.push(`publish ${target} ${body}`)
    if (target === 'fx') { admin.publish(Q('fx'), 'k', Buffer.from(body), props); simEvents(sim.publish({ exchange: Q('fx'), routingKey: 'k', body, channel: 'admin', properties: props }).events) }
    else { admin.publish('', Q(target), Buffer.from(body), props); simEvents(sim.publish({ exchange: '', routingKey: Q(target), body, channel: 'admin', properties: props }).events) }
  } else if (r < 0.5 && ctag.size < 5) {
    const q = pick(queues).name; const chName = pick(['c0', 'c1', 'c2']); const prefetch = pick([1, 2, 3]); const tag = `k${++nextC}`; const noAck = rnd() < 0.15
    script.push(`consume ${q} ${chName} prefetch=${prefetch} tag=${tag}${noAck ? ' noack' : ''}`)
    const ch = await realChannel(chName)
    await ch.prefetch(prefetch)
    await ch.consume(q, (m: any) => { if (m) note(realLog, tag, `${m.content}${m.fields.redelivered ? '*' : ''}#${m.fields.deliveryTag}`) }, { consumerTag: tag, noAck })
    ctag.set(tag, chName)
    simEvents((sim.consume(q, { consumerTag: tag, channel: chName, prefetch, noAck }) as any).events)
  } else if (r < 0.58) {
    const q = pick(queues).name; const chName = pick(['c0', 'c1', 'c2'])
    script.push(`get ${q} ${chName}`)
    const ch = await realChannel(chName)
    const m = await ch.get(q)
    if (m) note(realLog, `get@${chName}`, `${m.content}${m.fields.redelivered ? '*' : ''}#${m.fields.deliveryTag}`)
    simEvents((sim.get(q, { channel: chName }) as any).events)
  } else if (r < 0.85) {
    const out = sim.unacked()
    if (out.length === 0) continue
    const d = pick(out); const kind = pick(['ack', 'nack', 'reject', 'nackm']); const requeue = rnd() < 0.5
    script.push(`${kind} ${d.channel} ${d.deliveryTag}${kind !== 'ack' ? ` requeue=${requeue}` : ''}`)
    const ch = await realChannel(d.channel)
    const msg = { fields: { deliveryTag: d.deliveryTag } }
    if (kind === 'ack') { ch.ack(msg); simEvents(sim.ack(d.channel, d.deliveryTag).events) }
    else if (kind === 'nack') { ch.nack(msg, false, requeue); simEvents(sim.nack(d.channel, d.deliveryTag, false, requeue).events) }
    else if (kind === 'nackm') { ch.nack(msg, true, requeue); simEvents(sim.nack(d.channel, d.deliveryTag, true, requeue).events) }
    else { ch.reject(msg, requeue); simEvents(sim.reject(d.channel, d.deliveryTag, requeue).events) }
  } else if (r < 0.93 && ctag.size > 0) {
    const tag = pick([...ctag.keys()]); const chName = ctag.get(tag)!
    script.push(`cancel ${tag}`)
    await (await realChannel(chName)).cancel(tag); ctag.delete(tag)
    simEvents((sim.cancel(tag) as any).events)
  } else {
    const chName = pick(['c0', 'c1', 'c2'])
    if (!chans.has(chName)) continue
    script.push(`close ${chName}`)
    await chans.get(chName).close(); chans.delete(chName)
    for (const [t, c] of ctag) if (c === chName) ctag.delete(t)
    simEvents((sim.closeChannel(chName) as any).events)
  }
  await sleep(WAIT)
  if (process.env.TRACE) {
    const flat = (m: Map<string, string[]>) => [...m].flatMap(([k, l]) => l.map((x) => `${k}:${x}`)).sort((a, b) => Number(a.split('#')[1]) - Number(b.split('#')[1]))
    const r = flat(realLog).filter((x) => !seenR.has(x)); const sm = flat(simLog).filter((x) => !seenS.has(x))
    r.forEach((x) => seenR.add(x)); sm.forEach((x) => seenS.add(x))
    console.log(`${script[script.length - 1]}\n   real: ${r.join(' ')}\n   sim:  ${sm.join(' ')}`)
  }
}
await sleep(200)
follow()
// final queue contents (ready only) before closing channels
const realReady: Record<string, string[]> = {}; const simReady: Record<string, string[]> = {}
for (const q of queues) {
  const st = await admin.checkQueue(q.name)
  realReady[q.name] = [String(st.messageCount)]
  simReady[q.name] = [String(sim.queueStats(q.name)[0]!.ready)]
}
let bad = 0
const keys = new Set([...realLog.keys(), ...simLog.keys()])
for (const k of keys) {
  const a = JSON.stringify(realLog.get(k) ?? []); const b = JSON.stringify(simLog.get(k) ?? [])
  if (a !== b) { bad++; console.log(`MISMATCH deliveries ${k}\n  real ${a}\n  sim  ${b}`) }
}
for (const q of queues) if (realReady[q.name]![0] !== simReady[q.name]![0]) { bad++; console.log(`MISMATCH ready ${q.name}: real ${realReady[q.name]} sim ${simReady[q.name]}`) }
// close everything, then compare queue contents in order
for (const ch of chans.values()) await ch.close()
simEvents([]); for (const c of [...chans.keys()]) sim.closeChannel(c)
await sleep(200)
follow()
for (const q of queues) {
  const real: string[] = []
  for (;;) { const m = await admin.get(q.name, { noAck: true }); if (!m) break; real.push(`${m.content}${m.fields.redelivered ? '*' : ''}`) }
  // drain the simulated queue the same way (get exposes, and so dead-letters, expired messages behind the head)
  const s: string[] = []
  for (;;) { const g = sim.get(q.name, { noAck: true, channel: 'admin' }) as any; if (!g.message) break; s.push(`${g.message.message.body}${g.message.redelivered ? '*' : ''}`) }
  if (JSON.stringify(real) !== JSON.stringify(s)) { bad++; console.log(`MISMATCH final ${q.name}\n  real ${JSON.stringify(real)}\n  sim  ${JSON.stringify(s)}`) }
}
for (const q of queues) await admin.deleteQueue(q.name)
await admin.deleteExchange(Q('fx')); await admin.deleteExchange(Q('dlx'))
console.log(`seed ${SEED}: ${bad === 0 ? 'AGREE' : `${bad} mismatches`}${bad ? '\n' + script.join('\n') : ''}`)
await conn.close()
process.exitCode = bad === 0 ? 0 : 1
