/**
 * Delivery conformance: the same scripted steps (publish, consume with prefetch, get, ack/nack/reject, cancel,
 * close, waits for TTL) on the real broker through amqplib and on the simulated Broker (src/broker, waits
 * replayed on its clock). Compared line by line: what each step showed (confirms, returns, get results, channel
 * errors, queue depths, drained messages with redelivered flags and x-death), and what each consumer received
 * in which order. Scenarios: test/rabbitmq/delivery/scenarios.ts (classic queues) and
 * delivery/queue-type-scenarios.ts (quorum, priorities, single active consumer).
 *
 * Random scripts (delivery/random-scenarios.ts, seeded: SEED=<n> replays) follow the fixed scenarios.
 *
 * Usage: tsx test/rabbitmq/delivery-conformance.ts [--only NAME] [--random N] [--rules auto|VERSION] [--verbose]
 * Prints `delivery: N passed, M failed` (scenario counts). Exit 0 / 1 (a scenario disagrees) / 2 (broker or usage).
 */
import { randomInt } from 'node:crypto'
import { parseArgs } from 'node:util'
import { rulesFor } from '../../src/core/versions.js'
import type { VersionRules } from '../../src/core/versions.js'
import { endpointsFromEnv, resolveRulesVersion } from './broker-client.js'
import type { BrokerEndpoints } from './broker-client.js'
import { RealDriver } from './delivery/real-driver.js'
import { describeStep, scenario } from './delivery/scenario.js'
import type { Driver, Scenario } from './delivery/scenario.js'
import { SCENARIOS } from './delivery/scenarios.js'
import { QUEUE_TYPE_SCENARIOS } from './delivery/queue-type-scenarios.js'
import { SimDriver } from './delivery/sim-driver.js'
import { randomScenario } from './delivery/random-scenarios.js'
import { createRng, deriveSeed } from './prng.js'

/** Scenarios run side by side on the broker (each in its own vhost and connection): most time is waiting. */
const CONCURRENCY = 4

async function transcript(driver: Driver, s: Scenario): Promise<string[]> {
  const lines: string[] = []
  for (const step of s.steps) lines.push(`${describeStep(step)} -> ${await driver.step(step)}`)
  await driver.finish()
  lines.push(...driver.consumers())
  return lines
}

async function runReal(ep: BrokerEndpoints, s: Scenario): Promise<string[]> {
  const d = new RealDriver(ep, s)
  try {
    await d.open()
    return await transcript(d, s)
  } finally {
    await d.close()
  }
}

async function runSim(s: Scenario, rules: VersionRules): Promise<string[]> {
  try {
    return await transcript(new SimDriver(s, rules), s)
  } catch (e) {
    return [`simulation threw: ${e instanceof Error ? e.message : String(e)}`]
  }
}

function sideBySide(real: readonly string[], sim: readonly string[]): string {
  const out: string[] = []
  const split = (ls: readonly string[]): string[] => ls.flatMap((l) => l.split('\n'))
  const a = split(real)
  const b = split(sim)
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '(nothing)'
    const y = b[i] ?? '(nothing)'
    if (x === y) out.push(`    ${x}`)
    else out.push(`  - broker:     ${x}`, `  + simulation: ${y}`)
  }
  return out.join('\n')
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' }, random: { type: 'string', default: '16' },
      rules: { type: 'string', default: 'auto' }, verbose: { type: 'boolean', default: false },
    },
  })
  const ep = endpointsFromEnv(process.env)
  let rules: VersionRules
  try {
    rules = rulesFor(await resolveRulesVersion(ep, values.rules))
  } catch (e) {
    process.stderr.write(`delivery-conformance: --rules: ${(e as Error).message}\n`)
    return 2
  }
  const seed = process.env.SEED !== undefined && process.env.SEED !== '' ? Number(process.env.SEED) >>> 0 : randomInt(2 ** 31)
  const randomCount = Number(values.random)
  if (!Number.isInteger(randomCount) || randomCount < 0) {
    process.stderr.write(`delivery-conformance: --random: expected a non-negative integer, got "${values.random}"\n`)
    return 2
  }
  const randoms = Array.from({ length: randomCount }, (_, i) => randomScenario(createRng(deriveSeed(seed ^ 0x5eed, i)), `random-${i}`))
  const specs = [...SCENARIOS, ...QUEUE_TYPE_SCENARIOS, ...randoms].filter((s) => values.only === undefined || s.name === values.only)
  if (specs.length === 0) {
    process.stderr.write(`delivery-conformance: no scenario named "${values.only ?? ''}"\n`)
    return 2
  }
  process.stdout.write(`delivery conformance vs RabbitMQ (simulated broker with rules ${rules.label}): ${specs.length} scenarios, seed ${seed}\n`)
  const started = Date.now()
  const results: { name: string; source: string; real: string[] | Error; sim: string[] }[] = []
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < specs.length) {
      const spec = specs[next++]
      if (spec === undefined) break
      const s = scenario(spec, `rmqsim-dlv-${spec.name}`)
      const real = await runReal(ep, s).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))
      results.push({ name: spec.name, source: spec.source, real, sim: await runSim(s, rules) })
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  results.sort((a, b) => specs.findIndex((s) => s.name === a.name) - specs.findIndex((s) => s.name === b.name))

  let passed = 0
  let failed = 0
  for (const r of results) {
    if (r.real instanceof Error) {
      if ((r.real as { code?: string }).code === 'ECONNREFUSED') {
        process.stderr.write(`delivery-conformance: the broker is not reachable: ${r.real.message}\n`)
        return 2
      }
      failed++
      process.stdout.write(`\nFAIL ${r.name} (${r.source}): could not run on the broker: ${r.real.message}\n`)
      continue
    }
    const same = r.real.length === r.sim.length && r.real.every((l, i) => l === r.sim[i])
    if (same) {
      passed++
      if (values.verbose) process.stdout.write(`\nok ${r.name} (${r.source})\n${r.real.map((l) => `    ${l}`).join('\n')}\n`)
      continue
    }
    failed++
    process.stdout.write(`\nFAIL ${r.name} (${r.source})\n${sideBySide(r.real, r.sim)}\n`)
  }
  process.stdout.write(`\n${results.length} scenarios in ${((Date.now() - started) / 1000).toFixed(1)}s\n`)
  process.stdout.write(`delivery: ${passed} passed, ${failed} failed\n`)
  return failed > 0 ? 1 : 0
}

main().then((code) => { process.exitCode = code }, (e: unknown) => {
  process.stderr.write(`delivery-conformance: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`)
  process.exitCode = 2
})
