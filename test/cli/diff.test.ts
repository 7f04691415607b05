import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli, tempDirWith } from './trace-helpers.js'

// `rmq-sim diff`: refusals follow rabbit_exchange:assert_equivalence (type, durable, auto_delete, internal,
// alternate-exchange) and rabbit_amqqueue:assert_equivalence (durable, auto_delete, exclusive, the queue type's
// declare arguments); routing impact over the probes the bindings imply.
const OLD = `rabbitmq: "3.13"
exchanges:
  orders: { type: topic, arguments: { alternate-exchange: unrouted } }
  unrouted: { type: fanout }
  docs: { type: headers }
queues:
  orders.eu: { arguments: { x-message-ttl: 60000 } }
  orders.audit:
  lost:
  jobs: { arguments: { x-queue-type: classic } }
  pdf:
policies:
  short: { pattern: "^orders\\\\.", apply-to: queues, priority: 1, definition: { max-length: 10 } }
bindings:
  - { source: orders, destination: orders.eu, routing_key: "order.*.eu" }
  - { source: orders, destination: orders.audit, routing_key: "order.#" }
  - { source: unrouted, destination: lost }
  - { source: docs, destination: pdf, arguments: { x-match: all, format: pdf } }
`

const dir = (files: Record<string, string>): string => tempDirWith(files)

describe('rmq-sim diff', () => {
  it('stdin holds one side at most: `diff - -` is a usage error, and one side from stdin works', async () => {
    const d = dir({ 'a.yaml': OLD })
    const both = await runCli(['diff', '-', '-'], { cwd: d, input: OLD })
    expect({ code: both.code, stdout: both.stdout, stderr: both.stderr }).toEqual({ code: 2, stdout: '', stderr: 'rmq-sim: diff: stdin ("-") can hold one side, not both\n' })
    const one = await runCli(['diff', 'a.yaml', '-'], { cwd: d, input: OLD })
    expect({ code: one.code, stderr: one.stderr }).toEqual({ code: 0, stderr: '' })
    expect(one.stdout).toContain('no changes')
  })

  it('identical topologies: no changes, exit 0', async () => {
    const d = dir({ 'a.yaml': OLD, 'b.yaml': OLD })
    const r = await runCli(['diff', 'a.yaml', 'b.yaml'], { cwd: d })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^rmq-sim diff a\.yaml → b\.yaml \(RabbitMQ 3\.13 rules\)\nno changes \(\d+ probes route the same\)\n$/)
  })

  it('a routing change only: listed with both routes of the first; exit 0, or 1 with --fail-on-change', async () => {
    const d = dir({ 'a.yaml': OLD, 'b.yaml': OLD.replace('routing_key: "order.#"', 'routing_key: "order.*"') })
    const r = await runCli(['diff', 'a.yaml', 'b.yaml'], { cwd: d })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('  - binding orders → orders.audit "order.#"\n  + binding orders → orders.audit "order.*"')
    expect(r.stdout).toContain('  orders "order": lost orders.audit; added lost')
    expect(r.stdout).toContain('  orders "order.any.any": lost orders.audit; added lost')
    expect(r.stdout).toContain('  orders "order.any.eu": lost orders.audit\n')
    expect(r.stdout).toContain('First change: orders "order.any.eu"\n  old:\n    → orders.audit, orders.eu\n')
    expect(r.stdout).toContain('  new:\n    → orders.eu\n')
    expect(r.stdout).toContain('3 routing changes')
    const strict = await runCli(['diff', 'a.yaml', 'b.yaml', '--fail-on-change'], { cwd: d })
    expect(strict.code).toBe(1)
  })

  it('refused redeclares: exchange type, queue type, a raised TTL, an alternate-exchange argument; with what to do instead', async () => {
    const NEW = OLD
      .replace('docs: { type: headers }', 'docs: { type: topic }')
      .replace('orders: { type: topic, arguments: { alternate-exchange: unrouted } }', 'orders: { type: topic, arguments: { alternate-exchange: lost-and-found } }\n  lost-and-found: { type: fanout }')
      .replace('jobs: { arguments: { x-queue-type: classic } }', 'jobs: { arguments: { x-queue-type: quorum } }')
      .replace('x-message-ttl: 60000', 'x-message-ttl: 120000')
    const d = dir({ 'a.yaml': OLD, 'b.yaml': NEW })
    const r = await runCli(['diff', 'a.yaml', 'b.yaml'], { cwd: d })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain("✗ exchange docs: 406 PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'docs' in vhost '/': received 'topic' but current is 'headers'")
    expect(r.stdout).toContain("✗ exchange orders: 406 PRECONDITION_FAILED - inequivalent arg 'alternate-exchange' for exchange 'orders' in vhost '/'")
    expect(r.stdout).toContain('instead: set the alternate exchange with a policy (alternate-exchange)')
    expect(r.stdout).toContain("✗ queue jobs: 406 PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue 'jobs' in vhost '/': received 'quorum' but current is 'classic'")
    expect(r.stdout).toContain('instead: the queue type cannot change in place')
    expect(r.stdout).toContain("✗ queue orders.eu: 406 PRECONDITION_FAILED - inequivalent arg 'x-message-ttl'")
    expect(r.stdout).toContain('a policy cannot do it: the smaller of argument and policy applies, so message-ttl can only be lowered')
    expect(r.stdout).toContain('  ~ queue orders.eu: arguments.x-message-ttl 60000 → 120000')
    expect(r.stdout).toMatch(/, 4 refused redeclares, /)
  })

  it('a lowered TTL can be a policy; an argument a queue type ignores in equivalence is not refused', async () => {
    const d = dir({ 'a.yaml': OLD, 'b.yaml': OLD.replace('x-message-ttl: 60000', 'x-message-ttl: 30000'), 'c.yaml': OLD.replace('orders.audit:', 'orders.audit: { arguments: { x-custom: 1 } }') })
    const r = await runCli(['diff', 'a.yaml', 'b.yaml'], { cwd: d })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('instead: keep the argument at 60000 and set message-ttl: 30000 with a policy')
    const custom = await runCli(['diff', 'a.yaml', 'c.yaml'], { cwd: d })
    expect(custom.code).toBe(0)
    expect(custom.stdout).toContain('~ queue orders.audit: arguments.x-custom (none) → 1')
    expect(custom.stdout).not.toContain('Refused')
  })

  it('effective policy per object', async () => {
    const d = dir({ 'a.yaml': OLD, 'b.yaml': OLD.replace('priority: 1, definition: { max-length: 10 } }', 'priority: 1, definition: { max-length: 10 } }\n  longer: { pattern: "^orders\\\\.eu$", apply-to: queues, priority: 5, definition: { max-length: 100 } }') })
    const r = await runCli(['diff', 'a.yaml', 'b.yaml', '--json'], { cwd: d })
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.changed).toBe(true)
    expect(j.effectivePolicies).toEqual([{ vhost: '/', kind: 'queue', name: 'orders.eu', old: 'short', new: 'longer' }])
    expect(j.entities).toEqual([{ kind: 'policy', vhost: '/', name: 'longer', change: 'added', fields: [] }])
  })

  it('--probes adds the user\'s publishes (headers typed as in trace --batch); a bad line is exit 2 with file:line', async () => {
    const d = dir({
      'a.yaml': OLD, 'b.yaml': OLD.replace('format: pdf }', 'format: pdf, pages: 1 }'),
      'probes.jsonl': '{"exchange": "docs", "headers": {"format": "pdf"}}\n\n{"exchange": "orders", "routingKey": "order.x.eu"}\n',
      'bad.jsonl': '{"exchange": "docs"}\n{"exchange": "docs", "key": "x"}\n',
    })
    const r = await runCli(['diff', 'a.yaml', 'b.yaml', '--probes', 'probes.jsonl', '--json'], { cwd: d })
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    const docs = j.routing.changes.filter((c: { probe: { exchange: string } }) => c.probe.exchange === 'docs')
    expect(docs).toEqual([expect.objectContaining({ source: 'probes.jsonl:1', lost: ['pdf'], added: [], probe: { exchange: 'docs', routingKey: '', headers: { format: 'pdf' } } })])
    expect(j.first.old.queues).toEqual(['pdf'])
    expect(j.first.new.queues).toEqual([])
    const bad = await runCli(['diff', 'a.yaml', 'b.yaml', '--probes', 'bad.jsonl'], { cwd: d })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe('rmq-sim: diff --probes: bad.jsonl:2: unknown field "key"; fields: exchange, routingKey, vhost, headers, cc, bcc, mandatory\n')
  })

  it('--format markdown: a pull-request comment with tables and both routes', async () => {
    const d = dir({ 'a.yaml': OLD, 'b.yaml': OLD.replace('routing_key: "order.#"', 'routing_key: "order.*"').replace('orders.audit:', 'orders.audit: { durable: false }') })
    const r = await runCli(['diff', 'a.yaml', 'b.yaml', '--format', 'markdown'], { cwd: d })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^### rmq-sim diff: `a\.yaml` → `b\.yaml`\n/)
    expect(r.stdout).toContain('| queue `orders.audit` | `406 PRECONDITION_FAILED - inequivalent arg \'durable\' for queue \'orders.audit\' in vhost \'/\': received \'false\' but current is \'true\'` |')
    expect(r.stdout).toContain('| publish | lost | added |\n|---|---|---|\n| `orders "order.any.eu"` | `orders.audit` |  |\n| `orders "order"` | `orders.audit` | `lost` |')
    expect(r.stdout).toContain('<details><summary>Both routes of `orders "order.any.eu"`</summary>\n\n```text\nold:\n')
    expect(r.stdout).not.toMatch(/\u001b/)
  })

  it('REV:PATH reads the old version from git; a bad rev is a clear exit 2', async () => {
    const d = dir({ 'topology.yaml': OLD })
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: d, encoding: 'utf8' })
    expect(git('init', '-q').status).toBe(0)
    expect(git('add', 'topology.yaml').status).toBe(0)
    expect(git('commit', '-q', '-m', 'one').status).toBe(0)
    writeFileSync(join(d, 'topology.yaml'), OLD.replace('routing_key: "order.*.eu"', 'routing_key: "order.*.*"'))
    const r = await runCli(['diff', 'HEAD:topology.yaml', 'topology.yaml', '--json'], { cwd: d })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.old).toBe('HEAD:topology.yaml')
    expect(j.routing.changes.some((c: { added: string[] }) => c.added.includes('orders.eu'))).toBe(true)
    const bad = await runCli(['diff', 'no-such-rev:topology.yaml', 'topology.yaml'], { cwd: d })
    expect(bad.code).toBe(2)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toMatch(/^rmq-sim: diff: cannot read no-such-rev:topology\.yaml from git: .*no-such-rev.*\n$/)
    const missing = await runCli(['diff', 'HEAD:nope.yaml', 'topology.yaml'], { cwd: d })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/cannot read HEAD:nope\.yaml from git: .*nope\.yaml/)
    const option = await runCli(['diff', '--output=x:topology.yaml', 'topology.yaml'], { cwd: d })
    expect(option.code).toBe(2)
    const dash = await runCli(['diff', '-', 'topology.yaml'], { cwd: d })
    expect(dash.code).toBe(2)
  })

  it('a side that does not load: exit 2 with file:line:col; a missing file; an unwritable --output', async () => {
    const d = dir({ 'a.yaml': OLD, 'b.yaml': 'exchanges:\n  x: { type: topic, durable: maybe }\n' })
    const r = await runCli(['diff', 'a.yaml', 'b.yaml'], { cwd: d })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^rmq-sim: b\.yaml:2:\d+ schema\/\S+ /)
    const missing = await runCli(['diff', 'a.yaml', 'c.yaml'], { cwd: d })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('c.yaml: no such file')
    const out = await runCli(['diff', 'a.yaml', 'a.yaml', '-o', 'no/dir/report.md'], { cwd: d })
    expect(out.code).toBe(2)
    expect(out.stderr).toMatch(/diff --output: cannot write in .*no\/dir: no such directory/)
    const ok = await runCli(['diff', 'a.yaml', 'a.yaml', '-o', 'report.md', '--format', 'markdown'], { cwd: d })
    expect(ok.code).toBe(0)
    expect(readFileSync(join(d, 'report.md'), 'utf8')).toContain('No destination changes.')
  })
})
