import { chmodSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli, tempDirWith } from './trace-helpers.js'

const SAMPLES = resolve(import.meta.dirname, '../../samples')

describe('rmq-sim export', () => {
  it('writes a definitions file to stdout that routes as the YAML does', async () => {
    const r = await runCli(['export', join(SAMPLES, 'orders-service.yaml')])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const data = JSON.parse(r.stdout) as { vhosts: { name: string }[]; exchanges: { name: string; vhost: string }[] }
    expect(data.vhosts).toEqual([{ name: '/' }])
    expect(data.exchanges.map((x) => x.name)).toContain('orders')
    const dir = tempDirWith({ 'defs.json': r.stdout })
    const viaExport = await runCli(['trace', 'defs.json', '-e', 'orders', '-k', 'order.shipped', '--json'], { cwd: dir })
    const viaYaml = await runCli(['trace', join(SAMPLES, 'orders-service.yaml'), '-e', 'orders', '-k', 'order.shipped', '--json'])
    expect(viaExport.code).toBe(0)
    expect(JSON.parse(viaExport.stdout).queues).toEqual(JSON.parse(viaYaml.stdout).queues)
  })
  it('writes with -o, never over an existing file without --force', async () => {
    const dir = tempDirWith({ 'old.json': 'keep me' })
    const first = await runCli(['export', join(SAMPLES, 'headers-match.yaml'), '-o', 'old.json'], { cwd: dir })
    expect(first.code).toBe(2)
    expect(first.stderr).toMatch(/^rmq-sim: export: old\.json exists: not overwritten \(use --force to replace it\)$/m)
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toBe('keep me')
    const forced = await runCli(['export', join(SAMPLES, 'headers-match.yaml'), '-o', 'old.json', '--force'], { cwd: dir })
    expect(forced.code).toBe(0)
    expect(forced.stdout).toBe('')
    // headers values keep their type: the long 2 stays an integer
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toMatch(/"schema": 2\n/)
    // the void argument JSON cannot hold is named
    expect(forced.stderr).toMatch(/rmq-sim: note: binding "documents" -> "documents.urgent" \(vhost "\/"\) argument "urgent" is void/)
  })
  it('exits 2 with a clear message for an unwritable output path', async () => {
    const dir = tempDirWith({})
    mkdirSync(join(dir, 'ro'))
    chmodSync(join(dir, 'ro'), 0o500)
    const r = await runCli(['export', join(SAMPLES, 'orders-service.yaml'), '-o', 'ro/defs.json'], { cwd: dir })
    const missing = await runCli(['export', join(SAMPLES, 'orders-service.yaml'), '-o', 'nope/defs.json'], { cwd: dir })
    chmodSync(join(dir, 'ro'), 0o700)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^rmq-sim: export: cannot write in .*nope: no such directory$/m)
    if (process.getuid?.() !== 0) {
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/^rmq-sim: export: cannot write in .*ro: permission denied$/m)
    }
  })
  it('--shape vhost writes one vhost without vhost fields; --vhost picks it', async () => {
    const dir = tempDirWith({ 't.yaml': 'vhosts:\n  a: {exchanges: {x: {type: fanout}}}\n  b: {queues: {q: {}}}\n' })
    const all = await runCli(['export', 't.yaml', '--shape', 'vhost'], { cwd: dir })
    expect(all.code).toBe(2)
    expect(all.stderr).toMatch(/several vhosts and none is "\/": pick one with --vhost/)
    const b = await runCli(['export', 't.yaml', '--shape', 'vhost', '--vhost', 'b'], { cwd: dir })
    expect(b.code).toBe(0)
    expect(JSON.parse(b.stdout)).toEqual({
      rabbitmq_definition_format: 'single_virtual_host', original_vhost_name: 'b',
      exchanges: [], queues: [{ name: 'q', durable: true, auto_delete: false, arguments: {} }], bindings: [], policies: [],
    })
    const brokerA = await runCli(['export', 't.yaml', '--vhost', 'a'], { cwd: dir })
    expect(JSON.parse(brokerA.stdout).vhosts).toEqual([{ name: 'a' }])
    const none = await runCli(['export', 't.yaml', '--vhost', 'c'], { cwd: dir })
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/no vhost "c" in this topology/)
  })
  it('exits 2 on a topology with errors, with file:line:col', async () => {
    const dir = tempDirWith({ 'bad.yaml': 'exchanges:\n  x: {type: 5}\n' })
    const r = await runCli(['export', 'bad.yaml'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^rmq-sim: bad\.yaml:2:\d+ schema\//m)
    expect(r.stdout).toBe('')
  })
})

describe('rmq-sim import', () => {
  it('converts a rabbitmqctl export to YAML and names what it left out', async () => {
    const r = await runCli(['import', join(SAMPLES, 'definitions-export.json')])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^rabbitmq: 3\.13\.7$/m)
    expect(r.stdout).toMatch(/^ {6}schema-version: 2\.0$/m)
    expect(r.stdout).toMatch(/^ {2}shop\.invoices\.pdf: \{\}$/m)
    expect(r.stdout).not.toMatch(/password|u3xTq/)
    expect(r.stderr).toBe('rmq-sim: note: left out (they do not route messages): 1 users ("shop"); 1 permissions ("shop" on "/"); 1 global parameters ("cluster_name"); the limits and metadata of 1 vhost (a vhost\'s default_queue_type is not applied)\n')
  })
  it('round trip: export of the import is the same model (every sample)', async () => {
    for (const sample of ['definitions-export.json', 'orders-service.yaml', 'topic-wildcards.yaml', 'direct-copies.yaml', 'fanout-broadcast.yaml']) {
      const dir = tempDirWith({})
      const imported = await runCli(['import', join(SAMPLES, sample), '-o', 'a.yaml'], { cwd: dir })
      expect(imported.code).toBe(0)
      const exported = await runCli(['export', 'a.yaml', '-o', 'b.json'], { cwd: dir })
      expect(exported.code).toBe(0)
      const again = await runCli(['import', 'b.json'], { cwd: dir })
      expect(again.code).toBe(0)
      // an export says its version as major.minor.patch (`rabbitmq: "3.13"` comes back as 3.13.0: the same rules)
      const version = (t: string) => t.replace(/^rabbitmq: "?(\d+\.\d+)(\.0)?"?$/m, 'rabbitmq: $1')
      expect(version(again.stdout)).toBe(version(readFileSync(join(dir, 'a.yaml'), 'utf8')))
    }
  })
  it('reads a GET /api/definitions/{vhost} export (no vhost fields)', async () => {
    const dir = tempDirWith({ 'v.json': JSON.stringify({ rabbit_version: '3.10.8', exchanges: [{ name: 'x', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} }], queues: [{ name: 'q', durable: true, auto_delete: false, arguments: { 'x-max-priority': 5 } }], bindings: [{ source: 'x', destination: 'q', destination_type: 'queue', routing_key: 'a.#', arguments: {} }], policies: [], parameters: [{ component: 'federation-upstream', name: 'up', value: {} }] }) })
    const r = await runCli(['import', 'v.json'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('rabbitmq: 3.10.8\nexchanges:\n  x:\n    type: topic\nqueues:\n  q:\n    arguments:\n      x-max-priority: 5\nbindings:\n  - source: x\n    destination: q\n    routing_key: a.#\n')
    expect(r.stderr).toBe('rmq-sim: note: left out (they do not route messages): 1 parameters (federation-upstream "up")\n')
  })
  it('exits 2 on a malformed export, with file:line:col', async () => {
    const dir = tempDirWith({ 'm.json': '{\n  "rabbit_version": "3.13.7",\n  "queues": [ { "name": "q", "vhost": "/", "durable": "yes" } ]\n}\n', 's.json': '{ "queues": [ }' })
    const r = await runCli(['import', 'm.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe("rmq-sim: m.json:3:55 defs/type 'durable' must be a boolean\n")
    expect(r.stdout).toBe('')
    const s = await runCli(['import', 's.json'], { cwd: dir })
    expect(s.code).toBe(2)
    expect(s.stderr).toMatch(/^rmq-sim: s\.json:1:\d+ json\/syntax invalid JSON/)
  })
  it('never overwrites the output without --force', async () => {
    const dir = tempDirWith({ 'out.yaml': 'mine\n' })
    const r = await runCli(['import', join(SAMPLES, 'definitions-export.json'), '-o', 'out.yaml'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(readFileSync(join(dir, 'out.yaml'), 'utf8')).toBe('mine\n')
  })
})
