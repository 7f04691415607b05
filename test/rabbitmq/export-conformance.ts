/**
 * Export → import → routing against a real RabbitMQ broker (run by test/rabbitmq/run.sh, which starts one).
 *
 * For every sample and for generated topologies: `topologyToDefinitions` (what `rmq-sim export` writes) is imported
 * into a fresh vhost, in turn through `POST /api/definitions/{vhost}` (shape vhost), `POST /api/definitions` and
 * `rabbitmqctl import_definitions` (shape broker). Then:
 * - probes are published there and what arrived is compared with the core's answer on the exported file;
 * - the management API's queues, exchanges and bindings (arguments, effective policy) are compared with the model;
 * - the broker's own exports (`GET /api/definitions/{vhost}`, `GET /api/definitions`, `rabbitmqctl
 *   export_definitions`) load to the same model, and import → export → import of each gives the same model again;
 * - `rmq-sim pull` reads the same definitions, and a wrong password is exit 2 with the password in no output.
 *
 * Usage: tsx test/rabbitmq/export-conformance.ts [--topologies N] [--probes N]
 * Prints each failure, then `export conformance: N passed, M failed`. Exit 0, 1 (a check failed) or 2 (no broker).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { AmqpTable, AmqpValue } from '../../src/core/amqp-value.js'
import type { Topology, VhostTopology } from '../../src/core/model.js'
import { effectivePolicy } from '../../src/core/policies.js'
import { createRouter } from '../../src/core/router.js'
import { rulesFor, type VersionRules } from '../../src/core/versions.js'
import { loadTopologyFile } from '../../src/topology/load.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'
import { topologyToDefinitions, type DefinitionsShapeOut } from '../../src/topology/write-definitions.js'
import { topologyToYaml } from '../../src/topology/write-yaml.js'
import { byCodePoint, connect, endpointsFromEnv, mgmt, resolveRulesVersion, observeProbes, type BrokerEndpoints } from './broker-client.js'
import { differences, formatPublish } from './compare.js'
import { generateCase, type Probe } from './generate-topology.js'
import { createRng, deriveSeed } from './prng.js'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/rmq-sim.js')
const RABBITMQCTL = '/usr/lib/rabbitmq/bin/rabbitmqctl'
const NODE = process.env.RABBITMQ_NODENAME ?? 'rmqsim@localhost'
const enc = encodeURIComponent

type ImportPath = 'POST /api/definitions/{vhost}' | 'POST /api/definitions' | 'rabbitmqctl import_definitions'
const IMPORT_PATHS: readonly ImportPath[] = ['POST /api/definitions/{vhost}', 'POST /api/definitions', 'rabbitmqctl import_definitions']

interface Tally { passed: number; failed: number }

function check(t: Tally, ok: boolean, what: string, detail?: () => string): void {
  if (ok) { t.passed++; return }
  t.failed++
  process.stdout.write(`FAIL ${what}${detail ? `\n  ${detail().split('\n').join('\n  ')}` : ''}\n`)
}

/** The same vhost under another name (every entity says its vhost). */
function renamed(v: VhostTopology, name: string): VhostTopology {
  return {
    name,
    exchanges: new Map([...v.exchanges].map(([k, x]) => [k, { ...x, vhost: name }])),
    queues: new Map([...v.queues].map(([k, q]) => [k, { ...q, vhost: name }])),
    bindings: v.bindings.map((b) => ({ ...b, vhost: name })),
    policies: v.policies.map((p) => ({ ...p, vhost: name })),
  }
}

/** A vhost as comparable data: no source paths, entities in code-unit order (exports order them as they like). */
function canonical(v: VhostTopology, dropInternal = false): string {
  const strip = <T extends { path?: unknown }>(x: T) => { const { path: _p, ...rest } = x; return rest }
  // argument tables in name order: the broker keeps them sorted, a file in its own order, and order never routes
  const key = (x: unknown) => JSON.stringify(x, (_k, val: unknown) => (val instanceof Map ? [...val].sort((a, b) => byCodePoint(String(a[0]), String(b[0]))) : val))
  const sorted = <T>(xs: readonly T[]) => xs.map((x) => key(x)).sort(byCodePoint)
  return key({
    exchanges: sorted([...v.exchanges.values()].filter((x) => !(dropInternal && x.internal)).map(strip)),
    queues: sorted([...v.queues.values()].map(strip)),
    bindings: [...new Set(sorted(v.bindings.map(strip)))],
    policies: sorted(v.policies.map((p) => ({ ...strip(p), definition: [...p.definition].sort((a, b) => byCodePoint(a[0], b[0])) }))),
  })
}

/** An AMQP value as the management API's JSON shows it (numbers as numbers, whatever their width). */
function plain(v: AmqpValue): unknown {
  switch (v.type) {
    case 'void': return null
    case 'array': return v.value.map(plain)
    case 'table': return plainTable(v.value)
    default: return v.value
  }
}
function plainTable(t: AmqpTable): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  for (const [k, v] of t) Object.defineProperty(o, k, { value: plain(v), enumerable: true })
  return o
}
/** Deep equality that ignores key order (JSON objects) and [] for {} (Erlang's empty proplist). */
function sameJson(a: unknown, b: unknown): boolean {
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.length === 0 ? {} : x.map(norm)
    if (x !== null && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, norm((x as Record<string, unknown>)[k])]))
    return x
  }
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b))
}

async function raw(ep: BrokerEndpoints, method: 'GET' | 'POST', path: string, body?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${ep.mgmtUrl}/api/${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${ep.user}:${ep.password}`).toString('base64')}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  })
  return { status: res.status, text: await res.text() }
}

/** Probes for a sample: each binding's key made concrete, its headers, one key nothing binds, each exchange once. */
function sampleProbes(v: VhostTopology): Probe[] {
  const probes: Probe[] = []
  const add = (exchange: string, routingKey: string, headers?: AmqpTable): void => {
    const x = v.exchanges.get(exchange)
    probes.push({ id: `p${probes.length}`, isolated: x === undefined || x.internal, publish: { exchange, routingKey, mandatory: true, ...(headers && headers.size > 0 ? { headers } : {}) } })
  }
  for (const b of v.bindings) {
    const key = b.routingKey.split('.').map((w) => (w === '*' ? 'w' : w === '#' ? 'w.w' : w)).join('.')
    const headers = new Map([...b.arguments].filter(([k, val]) => !k.startsWith('x-') && val.type !== 'void'))
    add(b.source, key, headers)
    add(b.source, b.routingKey)
  }
  for (const name of v.exchanges.keys()) add(name, 'no.binding.has.this.key')
  add('', [...v.queues.keys()][0] ?? 'none')
  return probes
}

interface Case { readonly label: string; readonly vhost: VhostTopology; readonly version?: string; readonly probes: readonly Probe[] }

async function runCase(ep: BrokerEndpoints, rules: VersionRules, c: Case, index: number, t: Tally, options: { pull: boolean }): Promise<void> {
  const name = c.vhost.name
  const via = IMPORT_PATHS[index % IMPORT_PATHS.length]!
  const shape: DefinitionsShapeOut = via === 'POST /api/definitions/{vhost}' ? 'vhost' : 'broker'
  const topology: Topology = { vhosts: new Map([[name, c.vhost]]) }
  const exported = topologyToDefinitions(topology, { shape })
  const label = `${c.label} (vhost ${JSON.stringify(name)}, ${via})`
  // what the broker is given: the model of the exported file (notes name what JSON cannot hold)
  const reloaded = parseTopologyText(exported.text, 'exported.json', { vhost: name })
  const model = reloaded.topology?.vhosts.get(name)
  check(t, model !== undefined, `${label}: the exported file loads`, () => reloaded.diagnostics.map((d) => `${d.rule} ${d.message}`).join('\n'))
  if (model === undefined) return
  if (exported.notes.length > 0) process.stdout.write(`note ${label}: ${exported.notes.length} value(s) a definitions file cannot hold exactly (e.g. ${exported.notes[0]})\n`)

  await mgmt(ep, 'DELETE', `vhosts/${enc(name)}`)
  await mgmt(ep, 'PUT', `vhosts/${enc(name)}`, {})
  await mgmt(ep, 'PUT', `permissions/${enc(name)}/${enc(ep.user)}`, { configure: '.*', write: '.*', read: '.*' })
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-export-'))
  try {
    let imported: { ok: boolean; detail: string }
    if (via === 'rabbitmqctl import_definitions') {
      const file = join(dir, 'defs.json')
      execFileSync('sh', ['-c', 'cat > "$1"', 'sh', file], { input: exported.text })
      const r = spawnSync(RABBITMQCTL, ['-n', NODE, 'import_definitions', file], { encoding: 'utf8' })
      imported = { ok: r.status === 0, detail: `${r.stdout}${r.stderr}` }
    } else {
      const r = await raw(ep, 'POST', via === 'POST /api/definitions' ? 'definitions' : `definitions/${enc(name)}`, exported.text)
      imported = { ok: r.status >= 200 && r.status < 300, detail: `HTTP ${r.status} ${r.text}` }
    }
    check(t, imported.ok, `${label}: the broker imports the exported file`, () => imported.detail)
    if (!imported.ok) return

    // 1. routing: the broker against the core on the exported file
    const conn = await connect(ep, name)
    conn.on('error', () => undefined)
    try {
      const seen = await observeProbes(conn, [...model.queues.keys()], c.probes)
      const router = createRouter(model, rules)
      for (const p of c.probes) {
        const diffs = differences(router.route(p.publish), seen.get(p.id)!)
        check(t, diffs.length === 0, `${label}: ${formatPublish(p.publish)}`, () => diffs.join('\n'))
      }
    } finally {
      await conn.close().catch(() => undefined)
    }

    // 2. what the broker holds. Arguments, policies and bindings through the management API; which policy each
    // queue and exchange got through rabbitmqctl, which reads the records: the management API's per-queue `policy`
    // comes from stats emitted every few seconds, so reading it would depend on timing. The import declares
    // policies before queues and exchanges (rabbit_definitions:apply_defs), so each record has its policy at once.
    const ctlList = (what: 'list_queues' | 'list_exchanges'): Map<string, string> => {
      const r = spawnSync(RABBITMQCTL, ['-n', NODE, what, '-p', name, 'name', 'policy', '--formatter', 'json', '-q'], { encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`rabbitmqctl ${what}: ${r.stderr}`)
      return new Map((JSON.parse(r.stdout) as { name: string; policy: string }[]).map((x) => [x.name, x.policy]))
    }
    const queuePolicy = ctlList('list_queues')
    const exchangePolicy = ctlList('list_exchanges')
    const brokerPolicies = await mgmt(ep, 'GET', `policies/${enc(name)}`) as { name: string; pattern: string; 'apply-to': string; priority: number; definition: unknown }[]
    check(t, sameJson(brokerPolicies.map((p) => ({ name: p.name, pattern: p.pattern, 'apply-to': p['apply-to'], priority: p.priority, definition: p.definition })).sort((a, b) => byCodePoint(a.name, b.name)),
      model.policies.map((p) => ({ name: p.name, pattern: p.pattern, 'apply-to': p.applyTo, priority: p.priority, definition: Object.fromEntries(p.definition) })).sort((a, b) => byCodePoint(a.name, b.name))),
    `${label}: policies as the management API shows them`, () => JSON.stringify(brokerPolicies))
    const definitionOf = (policy: string | undefined) => brokerPolicies.find((p) => p.name === policy)?.definition ?? {}
    const queues = await mgmt(ep, 'GET', `queues/${enc(name)}`) as { name: string; durable: boolean; auto_delete: boolean; arguments: unknown }[]
    for (const q of model.queues.values()) {
      const got = queues.find((x) => x.name === q.name)
      const eff = effectivePolicy(model.policies, 'queue', q.name, q.type)
      // a tie between policies of equal priority is the broker's choice (rabbit_policy: unspecified order)
      const tie = eff.tiedWith.length > 0
      const want = { durable: q.durable, auto_delete: q.autoDelete, arguments: plainTable(q.arguments), policy: tie ? 'tie' : eff.policy?.name ?? '', effective: tie ? 'tie' : eff.policy ? Object.fromEntries(eff.policy.definition) : {} }
      const policy = queuePolicy.get(q.name)
      const have = got && { durable: got.durable, auto_delete: got.auto_delete, arguments: got.arguments, policy: tie ? 'tie' : policy, effective: tie ? 'tie' : definitionOf(policy) }
      check(t, have !== undefined && sameJson(want, have), `${label}: queue ${JSON.stringify(q.name)}: arguments and effective policy on the broker`, () => `model  ${JSON.stringify(want)}\nbroker ${JSON.stringify(have)}`)
    }
    const exchanges = await mgmt(ep, 'GET', `exchanges/${enc(name)}`) as { name: string; type: string; durable: boolean; auto_delete: boolean; internal: boolean; arguments: unknown }[]
    for (const x of model.exchanges.values()) {
      const got = exchanges.find((e) => e.name === x.name)
      const eff = effectivePolicy(model.policies, 'exchange', x.name)
      const tie = eff.tiedWith.length > 0
      const want = { type: x.type, durable: x.durable, auto_delete: x.autoDelete, internal: x.internal, arguments: plainTable(x.arguments), policy: tie ? 'tie' : eff.policy?.name ?? '' }
      const have = got && { type: got.type, durable: got.durable, auto_delete: got.auto_delete, internal: got.internal, arguments: got.arguments, policy: tie ? 'tie' : exchangePolicy.get(x.name) }
      check(t, have !== undefined && sameJson(want, have), `${label}: exchange ${JSON.stringify(x.name)}: arguments and effective policy on the broker`, () => `model  ${JSON.stringify(want)}\nbroker ${JSON.stringify(have)}`)
    }
    const bindings = await mgmt(ep, 'GET', `bindings/${enc(name)}`) as { source: string; destination: string; destination_type: string; routing_key: string; arguments: unknown }[]
    const bkey = (b: { source: string; destination: string; destination_type: string; routing_key: string; arguments: unknown }) =>
      JSON.stringify([b.source, b.destination, b.destination_type, b.routing_key, JSON.stringify(b.arguments, Object.keys(b.arguments as object).sort())])
    const brokerBindings = new Set(bindings.filter((b) => b.source !== '').map(bkey))
    const modelBindings = new Set(model.bindings.map((b) => bkey({ source: b.source, destination: b.destination, destination_type: b.destinationType, routing_key: b.routingKey, arguments: plainTable(b.arguments) })))
    check(t, [...modelBindings].sort().join('\n') === [...brokerBindings].sort().join('\n'), `${label}: bindings as the management API shows them`,
      () => `only in the model: ${[...modelBindings].filter((b) => !brokerBindings.has(b)).join(', ')}\nonly on the broker: ${[...brokerBindings].filter((b) => !modelBindings.has(b)).join(', ')}`)

    // 3. the broker's own exports load to the same model, and survive import → export → import
    const file = join(dir, 'export.json')
    const ctl = spawnSync(RABBITMQCTL, ['-n', NODE, 'export_definitions', file], { encoding: 'utf8' })
    const realExports: [string, string | undefined][] = [
      ['GET /api/definitions/{vhost}', (await raw(ep, 'GET', `definitions/${enc(name)}`)).text],
      ['GET /api/definitions', (await raw(ep, 'GET', 'definitions')).text],
      ['rabbitmqctl export_definitions', ctl.status === 0 ? readFileSync(file, 'utf8') : undefined],
    ]
    if (options.pull) {
      const pulled = spawnSync(process.execPath, [BIN, 'pull', '--url', ep.mgmtUrl, '--vhost', name], { encoding: 'utf8', env: { ...process.env, RABBITMQ_USER: ep.user, RABBITMQ_PASSWORD: ep.password } })
      check(t, pulled.status === 0, `${label}: rmq-sim pull --vhost exits 0`, () => pulled.stderr)
      realExports.push(['rmq-sim pull --vhost', pulled.status === 0 ? pulled.stdout : undefined])
    }
    for (const [kind, text] of realExports) {
      check(t, text !== undefined, `${label}: ${kind} answers`, () => ctl.stderr)
      if (text === undefined) continue
      const loaded = parseTopologyText(text, `${kind}.json`, { vhost: name })
      const got = loaded.topology?.vhosts.get(name)
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error')
      check(t, got !== undefined && errors.length === 0, `${label}: ${kind} loads`, () => errors.map((d) => `${d.rule} ${d.message}`).join('\n'))
      if (got === undefined) continue
      // rabbitmqctl (and the API in some versions) leave internal exchanges out of an export
      const dropInternal = loaded.omitsInternalExchanges === true
      check(t, canonical(got) === canonical(model, dropInternal), `${label}: ${kind} holds the model that was imported`,
        () => `imported ${canonical(model, dropInternal)}\nexported ${canonical(got)}`)
      const yaml = topologyToYaml({ vhosts: new Map([[name, got]]) })
      const again = parseTopologyText(topologyToDefinitions(parseTopologyText(yaml, 'i.yaml').topology!, { shape: 'vhost' }).text, 'e.json').topology?.vhosts.get(name)
      check(t, again !== undefined && canonical(again) === canonical(got), `${label}: ${kind}: rmq-sim import then export gives the same model`,
        () => `before ${canonical(got)}\nafter  ${again === undefined ? 'does not load' : canonical(again)}`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await mgmt(ep, 'DELETE', `vhosts/${enc(name)}`).catch(() => undefined)
  }
}

/** `rmq-sim pull` with a wrong password: exit 2, a clear message, the password in no output. */
function pullWrongPassword(ep: BrokerEndpoints, t: Tally): void {
  const secret = `wrong-${ep.password}-Zq9`
  const r = spawnSync(process.execPath, [BIN, 'pull', '--url', ep.mgmtUrl, '--verbose'], { encoding: 'utf8', env: { ...process.env, RABBITMQ_USER: ep.user, RABBITMQ_PASSWORD: secret } })
  check(t, r.status === 2 && /HTTP 401/.test(r.stderr) && r.stdout === '', 'rmq-sim pull with a wrong password: exit 2, HTTP 401', () => `exit ${r.status}: ${r.stderr}`)
  check(t, !`${r.stdout}${r.stderr}`.includes(secret), 'rmq-sim pull with a wrong password: the password is in no output')
  const vhost = spawnSync(process.execPath, [BIN, 'pull', '--url', ep.mgmtUrl, '--vhost', 'no-such-vhost-here'], { encoding: 'utf8', env: { ...process.env, RABBITMQ_USER: ep.user, RABBITMQ_PASSWORD: ep.password } })
  check(t, vhost.status === 2 && /no vhost "no-such-vhost-here" on the broker/.test(vhost.stderr), 'rmq-sim pull --vhost of a missing vhost: exit 2', () => `exit ${vhost.status}: ${vhost.stderr}`)
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { topologies: { type: 'string', default: '9' }, probes: { type: 'string', default: '60' } } })
  const seed = process.env.SEED !== undefined && process.env.SEED !== '' ? Number(process.env.SEED) >>> 0 : 1
  const ep = endpointsFromEnv(process.env)
  let rules: VersionRules
  try {
    rules = rulesFor(await resolveRulesVersion(ep, 'auto'))
  } catch (e) {
    process.stderr.write(`export-conformance: the broker is not reachable: ${(e as Error).message}\n`)
    return 2
  }
  process.stdout.write(`export conformance vs RabbitMQ (core rules ${rules.label}), seed ${seed}\n`)
  const t: Tally = { passed: 0, failed: 0 }
  const cases: Case[] = []
  const samples = readdirSync(join(ROOT, 'samples')).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()
  for (const [i, file] of samples.entries()) {
    const loaded = await loadTopologyFile(join(ROOT, 'samples', file))
    const topology = loaded.topology
    check(t, topology !== undefined, `samples/${file} loads`)
    if (topology === undefined) continue
    for (const v of topology.vhosts.values()) {
      const vhost = renamed(v, `rmqsim-export-${i}-${v.name}`)
      cases.push({ label: `samples/${file}`, vhost, probes: sampleProbes(vhost) })
    }
  }
  for (let i = 0; i < Number(values.topologies); i++) {
    const c = generateCase(createRng(deriveSeed(seed, 10_000 + i)), i, seed, { probes: Number(values.probes), vhostPrefix: 'rmqsim-export' })
    cases.push({ label: `generated case ${i}`, vhost: c.vhost, probes: c.probes })
  }
  for (const [i, c] of cases.entries()) {
    try {
      await runCase(ep, rules, c, i, t, { pull: i < 3 })
    } catch (e) {
      check(t, false, `${c.label}: could not be run`, () => (e as Error).message)
    }
  }
  pullWrongPassword(ep, t)
  process.stdout.write(`export conformance: ${t.passed} passed, ${t.failed} failed\n`)
  return t.failed > 0 ? 1 : 0
}

main().then((code) => { process.exitCode = code }, (e: unknown) => {
  process.stderr.write(`export-conformance: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`)
  process.exitCode = 2
})
