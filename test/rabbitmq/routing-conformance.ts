/**
 * Routing conformance against a real RabbitMQ broker (run by test/rabbitmq/run.sh, which starts one).
 *
 * For each seeded case: a generated vhost topology is declared on the broker (fresh vhost, policies via the
 * management API, the rest via amqplib), every probe is published with mandatory=true and confirms, the
 * queues are drained, and what each probe reached (queues, basic.return, channel error) is compared with
 * `createRouter(vhost, rulesFor(<broker version>)).route(publish)`: Debian's broker is 3.10.8, so the 3.10 rules
 * (`--rules auto`, the default, reads the version from the broker; `--rules 3.13` forces other rules).
 *
 * Usage: tsx test/rabbitmq/routing-conformance.ts [--rules auto|VERSION] [--topologies N] [--probes N] [--only I] [--show N] [--no-minimise] [--no-edge]
 * The fixed edge cases (edge-cases.ts) run first unless --only or --no-edge is given.
 * SEED=<n> replays a run. Prints every mismatch with its topology fragment, then exactly `N passed, M failed`.
 * Exit: 0 all agree, 1 some probe disagrees (or a case could not be run), 2 usage or the broker is unreachable.
 */
import { randomInt } from 'node:crypto'
import { parseArgs } from 'node:util'
import type { VhostTopology } from '../../src/core/model.js'
import type { Publish, RouteResult } from '../../src/core/route-types.js'
import { rulesFor } from '../../src/core/versions.js'
import type { VersionRules } from '../../src/core/versions.js'
import { endpointsFromEnv, HarnessError, observeCase, resolveRulesVersion } from './broker-client.js'
import type { Observation } from './broker-client.js'
import { differences, formatPublish, topologyFragment } from './compare.js'
import { Coverage } from './coverage.js'
import { edgeCases } from './edge-cases.js'
import { generateCase } from './generate-topology.js'
import type { ConformanceCase, Probe } from './generate-topology.js'
import { minimiseMismatch } from './minimise.js'
import { createRng, deriveSeed } from './prng.js'

/** The core's routing entry point as the contract in src/core/route-types.ts describes it. */
export type RouteFn = (vhost: VhostTopology, rules: VersionRules) => (publish: Publish) => RouteResult

interface Options {
  readonly topologies: number
  readonly probes: number
  readonly only: number | undefined
  readonly show: number
  readonly minimise: boolean
  readonly edge: boolean
  readonly rules: string
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      topologies: { type: 'string', default: '40' },
      probes: { type: 'string', default: '110' },
      only: { type: 'string' },
      show: { type: 'string', default: '25' },
      'no-minimise': { type: 'boolean', default: false },
      'no-edge': { type: 'boolean', default: false },
      rules: { type: 'string', default: 'auto' },
    },
  })
  const int = (name: string, text: string): number => {
    const n = Number(text)
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: expected a non-negative integer, got "${text}"`)
    return n
  }
  return {
    topologies: int('topologies', values.topologies),
    probes: int('probes', values.probes),
    only: values.only === undefined ? undefined : int('only', values.only),
    show: int('show', values.show),
    minimise: !values['no-minimise'],
    edge: !values['no-edge'] && values.only === undefined,
    rules: values.rules,
  }
}

async function loadRouter(): Promise<RouteFn> {
  // A computed specifier: this file type-checks (and reports clearly) while the core's router is being written.
  const specifier = process.env.RMQ_SIM_ROUTER ?? '../../src/core/router.js'
  const mod = await import(specifier) as {
    createRouter: (v: VhostTopology, r: VersionRules) => { route: (p: Publish) => RouteResult }
  }
  return (vhost, rules) => {
    const router = mod.createRouter(vhost, rules)
    return (publish) => router.route(publish)
  }
}

function routeSafely(route: ((p: Publish) => RouteResult) | Error, probe: Probe): RouteResult | Error {
  if (route instanceof Error) return route
  try {
    return route(probe.publish)
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e))
  }
}

async function main(): Promise<number> {
  let options: Options
  try {
    options = parseOptions(process.argv.slice(2))
  } catch (e) {
    process.stderr.write(`routing-conformance: ${(e as Error).message}\n`)
    return 2
  }
  const seed = process.env.SEED !== undefined && process.env.SEED !== '' ? Number(process.env.SEED) >>> 0 : randomInt(2 ** 31)
  const ep = endpointsFromEnv(process.env)
  let rules: VersionRules
  try {
    rules = rulesFor(await resolveRulesVersion(ep, options.rules))
  } catch (e) {
    process.stderr.write(`routing-conformance: --rules: ${(e as Error).message}\n`)
    return 2
  }
  process.stdout.write(`routing conformance vs RabbitMQ (core rules ${rules.label}), seed ${seed} (replay: SEED=${seed} npm run test:rabbitmq)\n`)

  let makeRoute: RouteFn
  try {
    makeRoute = await loadRouter()
  } catch (e) {
    process.stderr.write(`routing-conformance: cannot load the core router (src/core/router.ts): ${(e as Error).message}\n`)
    return 2
  }

  let passed = 0
  let failed = 0
  let shown = 0
  let minimised = 0
  const byKind = new Map<string, number>()
  const started = Date.now()
  const coverage = new Coverage()
  const indices = options.only !== undefined ? [options.only] : Array.from({ length: options.topologies }, (_, i) => i)
  const cases = function* (): Generator<ConformanceCase> {
    if (options.edge) yield* edgeCases(seed)
    for (const index of indices) yield generateCase(createRng(deriveSeed(seed, index)), index, seed, { probes: options.probes })
  }
  let caseCount = 0
  for (const c of cases()) {
    caseCount++
    const index = c.index
    let seen: Map<string, Observation>
    try {
      seen = await observeCase(ep, c.vhost, c.probes)
    } catch (e) {
      if (!(e instanceof HarnessError) && isConnectionRefused(e)) {
        process.stderr.write(`routing-conformance: the broker is not reachable: ${(e as Error).message}\n`)
        return 2
      }
      failed += c.probes.length
      process.stdout.write(`\ncase ${index}: could not be run on the broker: ${(e as Error).message}\n${topologyFragment(c.vhost).map((l) => `  ${l}`).join('\n')}\n`)
      continue
    }
    let route: ((p: Publish) => RouteResult) | Error
    try {
      route = makeRoute(c.vhost, rules)
    } catch (e) {
      route = e instanceof Error ? e : new Error(String(e))
    }
    for (const probe of c.probes) {
      const observation = seen.get(probe.id) as Observation
      const core = routeSafely(route, probe)
      const diffs = core instanceof Error ? [`core threw: ${core.message}`] : differences(core, observation)
      if (diffs.length === 0) {
        passed++
        if (!(core instanceof Error)) coverage.add(probe.publish, core)
        continue
      }
      failed++
      const kind = diffs[0]?.split(':')[0] ?? 'other'
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1)
      if (shown >= options.show) continue
      shown++
      const replay = index >= 0 ? `replay: SEED=${seed} ... --only ${index}` : 'fixed edge case'
      const lines = [`\nMISMATCH case ${index} probe ${probe.id} (${replay})`, `  ${formatPublish(probe.publish)}`]
      for (const d of diffs) lines.push(`  ${d}`)
      if (options.minimise && minimised < 5 && !(route instanceof Error)) {
        minimised++
        const small = await minimiseMismatch(ep, makeRoute, rules, c.vhost, probe).catch((e: Error) => e)
        if (small instanceof Error) lines.push(`  (minimising failed: ${small.message})`)
        else {
          lines.push(`  minimised (${small.steps} broker runs): ${formatPublish(small.probe.publish)}`)
          lines.push(...topologyFragment(small.vhost, probe.publish.exchange).map((l) => `    ${l}`))
          for (const d of small.diffs) lines.push(`    ${d}`)
        }
      } else {
        lines.push('  topology fragment:')
        lines.push(...topologyFragment(c.vhost, probe.publish.exchange).map((l) => `    ${l}`))
      }
      process.stdout.write(`${lines.join('\n')}\n`)
    }
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  if (shown < failed) process.stdout.write(`\n(${failed - shown} more mismatches not shown; --show N)\n`)
  if (byKind.size > 0) process.stdout.write(`\nmismatches by kind: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}\n`)
  process.stdout.write(`\ncoverage of agreeing probes: ${coverage.summary()}\n`)
  process.stdout.write(`${caseCount} topologies in ${secs}s, seed ${seed}\n`)
  process.stdout.write(`${passed} passed, ${failed} failed\n`)
  return failed > 0 ? 1 : 0
}

function isConnectionRefused(e: unknown): boolean {
  const code = (e as { code?: unknown; cause?: { code?: unknown } })?.code ?? (e as { cause?: { code?: unknown } })?.cause?.code
  return code === 'ECONNREFUSED'
}

main().then((code) => { process.exitCode = code }, (e: unknown) => {
  process.stderr.write(`routing-conformance: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`)
  process.exitCode = 2
})
