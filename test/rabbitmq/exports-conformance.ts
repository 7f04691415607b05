/**
 * Export shapes and imports (issue #8), against the real broker:
 * 1. declares a topology whose routing depends on policies (alternate exchanges chosen by priorities 1.5 > 1 and
 *    -1 > -2), saves the three export shapes the broker writes (`GET /api/definitions`, `GET /api/definitions/{vhost}`,
 *    `rabbitmqctl export_definitions`), loads each with rmq-sim's loader and compares its routing with the broker's;
 * 2. imports files with bindings to undeclared exchanges and queues (`rabbitmqctl import_definitions`), then probes:
 *    the broker skips those bindings, so the alternate exchange fires; rmq-sim must route the same file the same way.
 *
 * Needs RABBITMQ_NODENAME, HOME (Erlang cookie) and the rabbitmqctl environment run.sh exports.
 * Prints `exports: N passed, M failed`. Exit 0 / 1 (a disagreement) / 2 (broker or harness problem).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { ChannelModel, ConfirmChannel } from 'amqplib'
import type { VhostTopology } from '../../src/core/model.js'
import { createRouter } from '../../src/core/router.js'
import { rulesFor } from '../../src/core/versions.js'
import type { LoadedTopology } from '../../src/topology/load.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'
import {
  brokerVersion, byCodePoint, connect, createVhost, declareTopology, deleteVhost, endpointsFromEnv, HarnessError,
  type BrokerEndpoints,
} from './broker-client.js'

const run = promisify(execFile)
const CTL = process.env.RMQ_SIM_CTL ?? '/usr/lib/rabbitmq/bin/rabbitmqctl'
const NODE = process.env.RABBITMQ_NODENAME ?? 'rmqsim@localhost'
/** An import is asynchronous in 3.10 (rabbitmqctl returns at once): wait for its last object, at most this long. */
const IMPORT_DEADLINE_MS = 60_000

interface Probe { readonly exchange: string; readonly key: string }

/**
 * Routing that depends on policies: `orders`' alternate exchange comes from the priority 1.5 policy (not the
 * priority 1 one); `events`' from the priority -1 policy (not the -2 one). The declared `x` AE argument of
 * `audit` beats every policy.
 */
const POLICY_TOPOLOGY = `
exchanges:
  orders: {type: topic}
  events: {type: direct}
  audit: {type: fanout, arguments: {alternate-exchange: ae-low}}
  ae-high: {type: fanout}
  ae-low: {type: fanout}
  ae-neg: {type: fanout}
  ae-neg2: {type: fanout}
queues:
  q.orders.eu: {}
  q.events: {}
  q.high: {}
  q.low: {}
  q.neg: {}
  q.neg2: {}
bindings:
  - {source: orders, destination: q.orders.eu, routing_key: 'orders.eu.#'}
  - {source: events, destination: q.events, routing_key: e1}
  - {source: ae-high, destination: q.high}
  - {source: ae-low, destination: q.low}
  - {source: ae-neg, destination: q.neg}
  - {source: ae-neg2, destination: q.neg2}
policies:
  orders-high: {pattern: '^orders$', apply-to: exchanges, priority: 1.5, definition: {alternate-exchange: ae-high}}
  orders-low: {pattern: '^ord', apply-to: exchanges, priority: 1, definition: {alternate-exchange: ae-low}}
  events-neg: {pattern: '^ev', apply-to: exchanges, priority: -1, definition: {alternate-exchange: ae-neg}}
  events-neg2: {pattern: '^events$', apply-to: exchanges, priority: -2, definition: {alternate-exchange: ae-neg2}}
  queue-ttl: {pattern: '^q\\.', apply-to: queues, priority: 0.5, definition: {message-ttl: 600000}}
`
const POLICY_PROBES: readonly Probe[] = [
  { exchange: 'orders', key: 'orders.eu.1' }, { exchange: 'orders', key: 'orders.us.1' },
  { exchange: 'events', key: 'e1' }, { exchange: 'events', key: 'e2' },
  { exchange: 'audit', key: 'any' }, { exchange: 'amq.topic', key: 'nothing' },
]

/** Definitions files with dangling bindings, as `rabbitmqctl import_definitions` reads them. */
function danglingFiles(vhost: string): { name: string; text: string; probes: Probe[]; sentinel: [string, string] }[] {
  const x = (name: string, type: string, args: Record<string, unknown> = {}) => ({ vhost, name, type, durable: true, auto_delete: false, internal: false, arguments: args })
  const q = (name: string) => ({ vhost, name, durable: true, auto_delete: false, arguments: {} })
  const b = (source: string, destination: string, type: 'queue' | 'exchange', key: string) => ({ vhost, source, destination, destination_type: type, routing_key: key, arguments: {} })
  const head = { rabbit_version: '3.10.8', rabbitmq_version: '3.10.8', vhosts: [{ name: vhost }], permissions: [{ user: 'guest', vhost, configure: '.*', write: '.*', read: '.*' }] }
  return [
    {
      // the issue's example: `#` to an exchange nobody declares; the AE by argument
      name: 'dangling-exchange', sentinel: ['ae', 'unrouted'],
      probes: [{ exchange: 'x', key: 'a.b' }, { exchange: 'x', key: 'k' }],
      text: JSON.stringify({
        ...head, policies: [],
        exchanges: [x('x', 'topic', { 'alternate-exchange': 'ae' }), x('ae', 'fanout')],
        queues: [q('unrouted')],
        bindings: [b('x', 'nowhere', 'exchange', '#'), b('ae', 'unrouted', 'queue', '')],
      }, null, 2),
    },
    {
      // queue destinations missing, an undeclared source, the AE by policy; one binding really matches
      name: 'dangling-queue', sentinel: ['ae', 'unrouted'],
      probes: [{ exchange: 'x', key: 'a.b' }, { exchange: 'x', key: 'real' }, { exchange: 'x', key: 'ghost' }],
      text: JSON.stringify({
        ...head,
        policies: [{ vhost, name: 'ae', pattern: '^x$', 'apply-to': 'exchanges', priority: 0, definition: { 'alternate-exchange': 'ae' } }],
        exchanges: [x('x', 'direct'), x('ae', 'fanout')],
        queues: [q('unrouted'), q('real')],
        bindings: [b('x', 'ghost', 'queue', 'ghost'), b('x', 'ghost', 'queue', 'a.b'), b('nosuch', 'real', 'queue', ''), b('x', 'real', 'queue', 'real'), b('ae', 'unrouted', 'queue', '')],
      }, null, 2),
    },
  ]
}

interface Outcome { readonly name: string; readonly ok: boolean; readonly detail: string[] }

async function ctl(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(CTL, ['-n', NODE, ...args], { maxBuffer: 64 * 1024 * 1024 })
    return stdout
  } catch (e) {
    const err = e as { stderr?: string; message: string }
    throw new HarnessError(`rabbitmqctl ${args[0]} failed: ${err.stderr?.trim() || err.message}`)
  }
}

async function getJson(ep: BrokerEndpoints, path: string): Promise<unknown> {
  const res = await fetch(`${ep.mgmtUrl}/api/${path}`, { headers: { authorization: `Basic ${Buffer.from(`${ep.user}:${ep.password}`).toString('base64')}` } })
  if (!res.ok) throw new HarnessError(`GET /api/${path}: HTTP ${res.status}`)
  return res.json()
}

/** Publishes each probe (mandatory, confirmed), then drains the queues: probe index → queues that got it. */
async function observe(conn: ChannelModel, probes: readonly Probe[], queues: readonly string[]): Promise<string[][]> {
  const ch: ConfirmChannel = await conn.createConfirmChannel()
  let failure: Error | undefined
  ch.on('error', (e: Error) => { failure = e })
  await Promise.all(probes.map((p, i) => new Promise<void>((resolve) => {
    ch.publish(p.exchange, p.key, Buffer.alloc(0), { mandatory: true, messageId: String(i) }, () => resolve())
  })))
  if (failure) throw new HarnessError(`publishing failed: ${failure.message}`)
  const got: string[][] = probes.map(() => [])
  for (const q of queues) {
    for (;;) {
      const m = await ch.get(q, { noAck: true })
      if (m === false) break
      got[Number(m.properties.messageId)]?.push(q)
    }
  }
  await ch.close()
  return got.map((qs) => qs.sort(byCodePoint))
}

/** rmq-sim's answer for each probe, from a loaded file's vhost, with the broker's version rules. */
function simulate(vhost: VhostTopology, version: string, probes: readonly Probe[]): string[][] {
  const router = createRouter(vhost, rulesFor(version))
  return probes.map((p) => [...router.route({ exchange: p.exchange, routingKey: p.key }).queues])
}

function loadVhost(loaded: LoadedTopology, vhost: string): VhostTopology {
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error')
  if (errors.length > 0 || loaded.topology === undefined) {
    throw new Error(`${loaded.file} did not load: ${errors.map((d) => `${d.rule} ${d.message}`).join('; ')}`)
  }
  const v = loaded.topology.vhosts.get(vhost)
  if (v === undefined) throw new Error(`${loaded.file} has no vhost ${vhost} (has ${[...loaded.topology.vhosts.keys()].join(', ')})`)
  return v
}

function compare(name: string, probes: readonly Probe[], broker: readonly string[][], sim: readonly string[][], extra: string[] = []): Outcome {
  const detail = [...extra]
  probes.forEach((p, i) => {
    const b = JSON.stringify(broker[i]), s = JSON.stringify(sim[i])
    if (b !== s) detail.push(`publish ${p.exchange} ${JSON.stringify(p.key)}: broker ${b}, rmq-sim ${s}`)
  })
  return { name, ok: detail.length === 0, detail }
}

async function policyShapes(ep: BrokerEndpoints, version: string, dir: string): Promise<Outcome[]> {
  const vhostName = 'rmq-sim-exports'
  const source = loadVhost(parseTopologyText(POLICY_TOPOLOGY, 'policies.yaml'), '/')
  const vhost: VhostTopology = { ...source, name: vhostName }
  await createVhost(ep, vhost)
  const conn = await connect(ep, vhostName)
  conn.on('error', () => undefined)
  try {
    await declareTopology(conn, vhost)
    // the three shapes, saved as files as a user would save them
    const files: [string, string][] = [
      ['api-definitions.json', JSON.stringify(await getJson(ep, 'definitions'), null, 2)],
      ['api-definitions-vhost.json', JSON.stringify(await getJson(ep, `definitions/${encodeURIComponent(vhostName)}`), null, 2)],
    ]
    const ctlFile = join(dir, 'rabbitmqctl-export.json')
    await ctl('export_definitions', ctlFile)
    files.push(['rabbitmqctl-export.json', readFileSync(ctlFile, 'utf8')])
    const broker = await observe(conn, POLICY_PROBES, [...vhost.queues.keys()])
    const outcomes: Outcome[] = []
    // the broker's answers must show the policies at work, or the comparison proves nothing
    const sanity: string[] = []
    if (JSON.stringify(broker[1]) !== '["q.high"]') sanity.push(`the priority 1.5 policy did not pick the AE on the broker: ${JSON.stringify(broker[1])}`)
    if (JSON.stringify(broker[3]) !== '["q.neg"]') sanity.push(`the priority -1 policy did not pick the AE on the broker: ${JSON.stringify(broker[3])}`)
    for (const [file, text] of files) {
      writeFileSync(join(dir, file), text)
      try {
        const loaded = parseTopologyText(text, file)
        // a per-vhost export names no vhost on its exchanges: the loader takes it from the policies
        const v = loadVhost(loaded, vhostName)
        const shape = loaded.definitionsShape ?? '?'
        const extra = [...sanity]
        if (v.policies.length !== vhost.policies.length) extra.push(`${v.policies.length} policies loaded, ${vhost.policies.length} declared`)
        outcomes.push(compare(`${file} (${shape}) routes as the broker`, POLICY_PROBES, broker, simulate(v, version, POLICY_PROBES), extra))
      } catch (e) {
        outcomes.push({ name: `${file} loads`, ok: false, detail: [(e as Error).message] })
      }
    }
    return outcomes
  } finally {
    await conn.close().catch(() => undefined)
    await deleteVhost(ep, vhostName).catch(() => undefined)
  }
}

async function waitForBinding(ep: BrokerEndpoints, vhost: string, [source, queue]: [string, string]): Promise<void> {
  const deadline = Date.now() + IMPORT_DEADLINE_MS
  const path = `bindings/${encodeURIComponent(vhost)}/e/${encodeURIComponent(source)}/q/${encodeURIComponent(queue)}`
  for (;;) {
    const res = await fetch(`${ep.mgmtUrl}/api/${path}`, { headers: { authorization: `Basic ${Buffer.from(`${ep.user}:${ep.password}`).toString('base64')}` } })
    if (res.ok && ((await res.json()) as unknown[]).length > 0) return
    if (Date.now() > deadline) throw new HarnessError(`the import of ${vhost} did not finish within ${IMPORT_DEADLINE_MS / 1000}s`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

async function danglingImports(ep: BrokerEndpoints, version: string, dir: string): Promise<Outcome[]> {
  const outcomes: Outcome[] = []
  const count = danglingFiles('').length
  for (let i = 0; i < count; i++) {
    const vhostName = `rmq-sim-dangling-${i}`
    const file = danglingFiles(vhostName)[i]!
    const path = join(dir, `${file.name}.json`)
    writeFileSync(path, file.text)
    await deleteVhost(ep, vhostName)
    await ctl('import_definitions', path)
    try {
      await waitForBinding(ep, vhostName, file.sentinel)
      const loaded = parseTopologyText(file.text, `${file.name}.json`)
      const v = loadVhost(loaded, vhostName)
      const conn = await connect(ep, vhostName)
      conn.on('error', () => undefined)
      let broker: string[][]
      try {
        broker = await observe(conn, file.probes, [...v.queues.keys()])
      } finally {
        await conn.close().catch(() => undefined)
      }
      // the broker really left the dangling bindings out (else the comparison would not test the rule)
      const bindings = await getJson(ep, `bindings/${encodeURIComponent(vhostName)}`) as { source: string; destination: string }[]
      const extra: string[] = []
      const declared = new Set([...v.queues.keys(), ...v.exchanges.keys()])
      for (const b of bindings) if (b.source !== '' && (!declared.has(b.destination) || !declared.has(b.source))) extra.push(`the broker kept the binding ${b.source} → ${b.destination}`)
      outcomes.push(compare(`${file.name}: imported file routes as the broker`, file.probes, broker, simulate(v, version, file.probes), extra))
    } catch (e) {
      if (e instanceof HarnessError) throw e
      outcomes.push({ name: `${file.name} loads`, ok: false, detail: [(e as Error).message] })
    } finally {
      await deleteVhost(ep, vhostName).catch(() => undefined)
    }
  }
  return outcomes
}

async function main(): Promise<number> {
  const ep = endpointsFromEnv(process.env)
  const version = await brokerVersion(ep)
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-exports-'))
  try {
    const outcomes = [...await policyShapes(ep, version, dir), ...await danglingImports(ep, version, dir)]
    for (const o of outcomes) {
      console.log(`${o.ok ? 'ok  ' : 'FAIL'} ${o.name}`)
      for (const d of o.detail) console.log(`       ${d}`)
    }
    const failed = outcomes.filter((o) => !o.ok).length
    console.log(`exports: ${outcomes.length - failed} passed, ${failed} failed`)
    return failed > 0 ? 1 : 0
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().then((code) => { process.exitCode = code }, (e: unknown) => {
  console.error(`exports: ${e instanceof HarnessError ? '' : 'internal error: '}${(e as Error)?.message ?? String(e)}`)
  process.exitCode = 2
})
