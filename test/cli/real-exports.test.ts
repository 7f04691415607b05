import { describe, expect, it } from 'vitest'
import { runCli, tempDirWith } from './trace-helpers.js'

// Real export shapes and routing as an importing broker would do it, through the built bin/rmq-sim.js.

/** GET /api/definitions/{vhost} from RabbitMQ 3.10.8 (saved from a live broker): no vhost fields but on policies. */
const PER_VHOST = JSON.stringify({
  rabbit_version: '3.10.8', parameters: [],
  policies: [{ vhost: 'v1', name: 'ae', pattern: '^x$', 'apply-to': 'exchanges', definition: { 'alternate-exchange': 'ae' }, priority: 0 }],
  queues: [{ name: 'q1', durable: true, auto_delete: false, arguments: {} }, { name: 'unrouted', durable: true, auto_delete: false, arguments: {} }],
  exchanges: [
    { name: 'x', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} },
    { name: 'ae', type: 'fanout', durable: true, auto_delete: false, internal: false, arguments: {} },
  ],
  bindings: [
    { source: 'x', destination: 'q1', destination_type: 'queue', routing_key: 'a.#', arguments: {} },
    { source: 'ae', destination: 'unrouted', destination_type: 'queue', routing_key: '', arguments: {} },
  ],
})

const json = (s: string): { queues: string[]; vhost: string } => JSON.parse(s) as { queues: string[]; vhost: string }

describe('per-vhost exports (GET /api/definitions/{vhost}) with policies', () => {
  const dir = tempDirWith({ 'v1.json': PER_VHOST })
  it('trace loads it, names the vhost from its policies and applies the policy', async () => {
    const routed = await runCli(['trace', 'v1.json', '-e', 'x', '-k', 'a.b', '--json'], { cwd: dir })
    expect(routed.stderr).toBe('')
    expect(routed.code).toBe(0)
    expect(json(routed.stdout)).toMatchObject({ vhost: 'v1', queues: ['q1'] })
    const viaAe = await runCli(['trace', 'v1.json', '-e', 'x', '-k', 'b', '--json'], { cwd: dir })
    expect(json(viaAe.stdout).queues).toEqual(['unrouted'])
  })
  it('lint finds no load error in it', async () => {
    const r = await runCli(['lint', 'v1.json', '--format', 'json'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(/defs\//)
  })
  it('repl loads it', async () => {
    const r = await runCli(['repl', 'v1.json', '--script', '-'], { cwd: dir, input: 'publish x a.b\n' })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('q1')
  })
  it('an export with vhost fields on its exchanges is still a multi-vhost export', async () => {
    const multi = JSON.stringify({
      rabbit_version: '3.10.8', rabbitmq_version: '3.10.8', vhosts: [{ name: 'a' }],
      exchanges: [{ vhost: 'a', name: 'x', type: 'fanout' }], queues: [{ vhost: 'a', name: 'q' }],
      bindings: [{ vhost: 'a', source: 'x', destination: 'q', destination_type: 'queue', routing_key: '' }],
      policies: [{ vhost: 'a', name: 'p', pattern: '.*', definition: { 'message-ttl': 1 }, priority: 0 }],
    })
    const r = await runCli(['trace', 'm.json', '-e', 'x', '--json'], { cwd: tempDirWith({ 'm.json': multi }) })
    expect(json(r.stdout)).toMatchObject({ vhost: 'a', queues: ['q'] })
  })
})

/** Two policies set different alternate exchanges on `x`; the higher priority one decides where unroutable messages go. */
const prioritiesYaml = (low: number, high: number): string => `exchanges:
  x: {type: direct}
  ae-low: {type: fanout}
  ae-high: {type: fanout}
queues: {low: {}, high: {}}
bindings:
  - {source: ae-low, destination: low}
  - {source: ae-high, destination: high}
policies:
  low: {pattern: '^x$', apply-to: exchanges, priority: ${low}, definition: {alternate-exchange: ae-low}}
  high: {pattern: '^x$', apply-to: exchanges, priority: ${high}, definition: {alternate-exchange: ae-high}}
`
const prioritiesJson = (low: number, high: number): string => JSON.stringify({
  rabbit_version: '3.10.8', rabbitmq_version: '3.10.8',
  exchanges: ['x:direct', 'ae-low:fanout', 'ae-high:fanout'].map((s) => ({ vhost: '/', name: s.split(':')[0], type: s.split(':')[1] })),
  queues: [{ vhost: '/', name: 'low' }, { vhost: '/', name: 'high' }],
  bindings: [
    { vhost: '/', source: 'ae-low', destination: 'low', destination_type: 'queue', routing_key: '' },
    { vhost: '/', source: 'ae-high', destination: 'high', destination_type: 'queue', routing_key: '' },
  ],
  // the higher priority first, so file order cannot be what picks it
  policies: [
    { vhost: '/', name: 'high', pattern: '^x$', 'apply-to': 'exchanges', priority: high, definition: { 'alternate-exchange': 'ae-high' } },
    { vhost: '/', name: 'low', pattern: '^x$', 'apply-to': 'exchanges', priority: low, definition: { 'alternate-exchange': 'ae-low' } },
  ],
})

describe('policy priority is any number (rabbit_policy.erl: number/2 validation, sort by >=)', () => {
  const cases: [string, number, number][] = [['1.5 beats 1', 1, 1.5], ['-1 beats -2', -2, -1], ['0.25 beats -0.5', -0.5, 0.25]]
  for (const [title, low, high] of cases) {
    it(`${title} in YAML and in a definitions export`, async () => {
      const dir = tempDirWith({ 't.yaml': prioritiesYaml(low, high), 't.json': prioritiesJson(low, high) })
      for (const file of ['t.yaml', 't.json']) {
        const r = await runCli(['trace', file, '-e', 'x', '-k', 'nowhere', '--json'], { cwd: dir })
        expect(r.stderr).toBe('')
        expect(json(r.stdout).queues).toEqual(['high'])
        const lint = await runCli(['lint', file], { cwd: dir })
        expect(lint.stdout).not.toMatch(/must be an integer/)
        expect(lint.code).toBe(0)
      }
    })
  }
  it('still refuses a priority that is not a number', async () => {
    const dir = tempDirWith({ 't.yaml': prioritiesYaml(1, 2).replace('priority: 2', 'priority: high') })
    const r = await runCli(['lint', 't.yaml'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/priority.*must be (a )?number/)
  })
})

/** The example: topic x with an AE, a `#` binding to an exchange the file does not declare. */
const DANGLING = `exchanges:
  x: {type: topic, arguments: {alternate-exchange: ae}}
  ae: {type: fanout}
queues:
  unrouted: {}
bindings:
  - {source: x, destination: nowhere, destination_type: exchange, routing_key: '#'}
  - {source: x, destination: ghost, routing_key: 'a.*'}
  - {source: ae, destination: unrouted}
`

describe('bindings to undeclared destinations: routed as a broker that imported the file (the import skips them)', () => {
  const dir = tempDirWith({ 'd.yaml': DANGLING })
  it('the alternate exchange fires', async () => {
    const r = await runCli(['trace', 'd.yaml', '-e', 'x', '-k', 'a.b', '--json'], { cwd: dir })
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { queues: string[]; hops: { exchange: string; alternate?: { used: boolean }; skipped?: unknown }[] }
    expect(out.queues).toEqual(['unrouted'])
    expect(out.hops[0]).toMatchObject({ exchange: 'x', alternate: { used: true } })
    expect(out.hops[0]!.skipped).toBeUndefined()
  })
  it('--verbose shows each skipped binding, in text and in JSON', async () => {
    const text = await runCli(['trace', 'd.yaml', '-e', 'x', '-k', 'a.b', '--verbose'], { cwd: dir })
    expect(text.stdout).toMatch(/✗ binding "#" → exchange nowhere: skipped \(destination not declared/)
    expect(text.stdout).toMatch(/✗ binding "a\.\*" → queue ghost: skipped \(destination not declared/)
    const json = await runCli(['trace', 'd.yaml', '-e', 'x', '-k', 'a.b', '--verbose', '--json'], { cwd: dir })
    const hop = (JSON.parse(json.stdout) as { hops: { skipped?: unknown[] }[] }).hops[0]!
    expect(hop.skipped).toEqual([
      { destination: 'nowhere', destinationType: 'exchange', routingKey: '#', arguments: {}, reason: 'destination not declared' },
      { destination: 'ghost', destinationType: 'queue', routingKey: 'a.*', arguments: {}, reason: 'destination not declared' },
    ])
  })
  it('explain -e lists them as skipped', async () => {
    const r = await runCli(['explain', 'd.yaml', '-e', 'x', '-k', 'a.b'], { cwd: dir })
    expect(r.stdout).toMatch(/"#" → exchange nowhere\n\s+skipped: destination not declared/)
  })
  it('lint keeps reporting them', async () => {
    const r = await runCli(['lint', 'd.yaml'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('ref/unknown-exchange')
    expect(r.stdout).toContain('ref/unknown-queue')
  })
})
