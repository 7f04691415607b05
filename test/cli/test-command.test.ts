import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { junitXsdErrors } from '../helpers/junit-xsd.js'
import { runCli, tempDirWith } from './trace-helpers.js'

// `rmq-sim test`: routing cases on the router, delivery cases on the simulated broker (rabbit_dead_letter.erl:
// x-death reason rejected / expired / maxlen), reports for people, JSON and JUnit, snapshot updates.
const TOPOLOGY = `
exchanges:
  orders: { type: topic }
  dlx: { type: fanout }
  docs: { type: headers }
queues:
  orders.eu: { arguments: { x-dead-letter-exchange: dlx } }
  orders.audit:
  orders.dlq:
  short: { arguments: { x-max-length: 1, x-dead-letter-exchange: dlx } }
  slow: { arguments: { x-message-ttl: 30000, x-dead-letter-exchange: dlx } }
  pdf:
bindings:
  - { source: orders, destination: orders.eu, routing_key: "order.*.eu" }
  - { source: orders, destination: orders.audit, routing_key: "order.#" }
  - { source: orders, destination: short, routing_key: "short" }
  - { source: orders, destination: slow, routing_key: "slow" }
  - { source: dlx, destination: orders.dlq }
  - { source: docs, destination: pdf, arguments: { x-match: all, v: 1 } }
`

const PASSING = `# yaml-language-server: $schema=../schemas/spec.schema.json
topology: topology.yaml
rabbitmq: "3.12"
cases:
  - name: EU orders reach the EU queue and the audit
    publish: { exchange: orders, routing_key: order.created.eu }
    expect: { exactly: [orders.eu, orders.audit] }
  - name: audit sees every order
    publish: { exchange: orders, routing_key: order.paid }
    expect: { at_least: [orders.audit] }
  - name: US orders stay out of the EU queue
    publish: { exchange: orders, routing_key: order.created.us }
    expect: { none_of: [orders.eu] }
  - name: invoices are dropped
    publish: { exchange: orders, routing_key: invoice.sent }
    expect: { unroutable: true }
  - name: mandatory invoices come back
    publish: { exchange: orders, routing_key: invoice.sent, mandatory: true }
    expect: { returned: true }
  - name: a missing exchange is a 404
    publish: { exchange: nowhere }
    expect: { error: 404 }
  - name: CC keys route too
    publish: { exchange: orders, routing_key: invoice.sent, cc: [order.x.eu] }
    expect: { exactly: [orders.audit, orders.eu] }
  - name: 1.0 equals 1 before 3.13
    publish: { exchange: docs, headers: { v: 1.0 } }
    expect: { exactly: [pdf] }
  - name: a rejected EU order is dead-lettered
    publish: { exchange: orders, routing_key: order.created.eu }
    steps:
      - reject: orders.eu
    expect:
      in_queue: { queue: orders.dlq, count: 1, x-death: { reason: rejected, queue: orders.eu, exchange: orders, count: 1, routing-keys: [order.created.eu] } }
  - name: a nack dead-letters the same way
    publish: { exchange: orders, routing_key: order.created.eu }
    steps: [ { nack: orders.eu } ]
    expect: { in_queue: { queue: orders.dlq, x-death: { reason: rejected } } }
  - name: a message older than the queue TTL expires into the DLQ
    publish: { exchange: orders, routing_key: slow }
    steps: [ { expire: 30s } ]
    expect: { in_queue: { queue: orders.dlq, count: 1, x-death: { reason: expired, queue: slow } } }
  - name: before the TTL nothing has expired
    publish: { exchange: orders, routing_key: slow }
    steps: [ { expire: 29.999s } ]
    expect: { in_queue: { queue: orders.dlq, count: 0 } }
  - name: over max-length the oldest is dead-lettered
    publish: { exchange: orders, routing_key: short }
    steps: [ { publish: { exchange: orders, routing_key: short }, times: 2 } ]
    expect: { in_queue: { queue: orders.dlq, count: 2, x-death: { reason: maxlen, queue: short } } }
`

const dirWith = (spec: string, extra: Record<string, string> = {}): string => tempDirWith({ 'topology.yaml': TOPOLOGY, 'spec.yaml': spec, ...extra })

describe('rmq-sim test: passing and failing cases', () => {
  it('the bundled sample spec passes', async () => {
    const r = await runCli(['test', 'samples/tests/orders-service.spec.yaml'], { cwd: resolve(import.meta.dirname, '../..') })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^6 passed, 0 failed/m)
  })

  it('runs routing and delivery cases: one line per case, exit 0', async () => {
    const dir = dirWith(PASSING)
    const r = await runCli(['test', 'spec.yaml'], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('spec.yaml (RabbitMQ 3.12 rules, vhost "/")')
    expect(r.stdout.split('\n').filter((l) => l.startsWith('  ✓ '))).toHaveLength(13)
    expect(r.stdout).toMatch(/^13 passed, 0 failed \(13 cases, [\d.]+ ms\)$/m)
  })

  it('3.13 compares 1.0 and 1 by type: the same case fails with --rabbitmq 3.13, showing the actual route', async () => {
    const dir = dirWith(PASSING)
    const r = await runCli(['test', 'spec.yaml', '--rabbitmq', '3.13'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('  ✗ 1.0 equals 1 before 3.13 spec.yaml:26:5')
    expect(r.stdout).toContain('expected exactly pdf; got no queue (missing pdf)')
    expect(r.stdout).toMatch(/exchange docs \(headers\)/)
    expect(r.stdout).toMatch(/^12 passed, 1 failed/m)
  })

  it('a failing case shows why and the route it took instead, with file:line:col', async () => {
    const dir = dirWith(`topology: topology.yaml
cases:
  - name: wrong
    publish: { exchange: orders, routing_key: order.created.eu }
    expect: { exactly: [orders.eu] }
  - publish: { exchange: orders, routing_key: order.created.eu }
    expect: { none_of: [orders.audit] }
  - publish: { exchange: orders, routing_key: order.x }
    steps: [ { reject: orders.eu } ]
    expect: { in_queue: { queue: orders.dlq } }
`)
    const r = await runCli(['test', 'spec.yaml'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('  ✗ wrong spec.yaml:3:5\n      expected exactly orders.eu; got orders.audit, orders.eu (unexpected orders.audit)')
    expect(r.stdout).toContain('├─ binding "order.*.eu" → queue orders.eu')
    expect(r.stdout).toContain('  ✗ orders "order.created.eu" spec.yaml:6:5\n      expected none of orders.audit; reached orders.audit')
    expect(r.stdout).toContain('reject orders.eu: the queue is empty (nothing to reject)')
    expect(r.stdout).toMatch(/^0 passed, 3 failed/m)
  })

  it('a spec written as JSON runs the same (fast path); its failures point at JSON lines', async () => {
    const spec = JSON.stringify({ topology: 'topology.yaml', rabbitmq: '3.12', cases: [
      { name: 'ok', publish: { exchange: 'docs', headers: { v: 1 } }, expect: { exactly: ['pdf'] } },
      { name: 'bad', publish: { exchange: 'orders', routing_key: 'order.created.eu' }, expect: { exactly: ['orders.eu'] } },
    ] }, null, 2)
    const dir = dirWith('', { 'spec.json': spec })
    const r = await runCli(['test', 'spec.json'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('  ✓ ok\n')
    expect(r.stdout).toContain('  ✗ bad spec.json:19:5\n')
    const typo = await runCli(['test', 'spec.json'], { cwd: tempDirWith({ 'topology.yaml': TOPOLOGY, 'spec.json': spec.replace('"docs"', '"doc"') }) })
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain("spec.json:8:21 spec/unknown-exchange no exchange 'doc' in vhost '/' (did you mean 'docs'?)")
  })

  it('escapes control characters from the spec in human output', async () => {
    const dir = dirWith(`topology: topology.yaml
cases:
  - name: "evil\\u001b[2Kname"
    publish: { exchange: orders, routing_key: "a\\rb" }
    expect: { exactly: [orders.eu] }
`)
    const r = await runCli(['test', 'spec.yaml'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stdout).not.toMatch(/[\u001b\r]/)
    expect(r.stdout).toContain('evil\\e[2Kname')
  })
})

describe('rmq-sim test: bad specs exit 2 with file:line:col', () => {
  it('a spec naming a missing exchange (without expecting 404), with a suggestion', async () => {
    const dir = dirWith(`topology: topology.yaml
cases:
  - publish: { exchange: order, routing_key: order.created.eu }
    expect: { exactly: [orders.eu] }
`)
    const r = await runCli(['test', 'spec.yaml'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain("rmq-sim: spec.yaml:3:26 spec/unknown-exchange no exchange 'order' in vhost '/' (did you mean 'orders'?)")
  })

  it('an unknown queue in an expectation or a step', async () => {
    const dir = dirWith(`topology: topology.yaml
cases:
  - publish: { exchange: orders, routing_key: a }
    expect: { none_of: [orders.ue] }
  - publish: { exchange: orders, routing_key: a }
    steps: [ { reject: nope } ]
    expect: { in_queue: { queue: orders.dlq } }
`)
    const r = await runCli(['test', 'spec.yaml'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("spec.yaml:4:25 spec/unknown-queue no queue 'orders.ue' in vhost '/' (did you mean 'orders.eu'?)")
    expect(r.stderr).toContain("spec.yaml:6:24 spec/unknown-queue no queue 'nope'")
  })

  it('schema errors: unknown property, two expectations, a bad error code, YAML syntax', async () => {
    const dir = dirWith(`topology: topology.yaml
cases:
  - publish: { exchange: orders, key: a }
    expect: { exactly: [], none_of: [] }
  - publish: { exchange: orders }
    expect: { error: 500 }
`, { 'syntax.yaml': 'topology: [a\ncases: []\n' })
    const r = await runCli(['test', 'spec.yaml', 'syntax.yaml'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("spec.yaml:3:34 spec/unknown-property unknown property 'key'")
    expect(r.stderr).toContain('spec.yaml:4:5 spec/expectation give exactly one expectation')
    expect(r.stderr).toContain('spec.yaml:6:22 schema/enum')
    expect(r.stderr).toMatch(/syntax\.yaml:\d+:\d+ yaml\/syntax/)
    expect(r.stdout).toBe('')
  })

  it('a missing topology file, a missing spec, a bad version', async () => {
    const dir = dirWith('topology: nope.yaml\ncases: []\n', { 'v.yaml': 'topology: topology.yaml\nrabbitmq: "2.8"\ncases: []\n' })
    const r = await runCli(['test', 'spec.yaml', 'missing.yaml', 'v.yaml'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('spec.yaml:1:11 spec/topology topology file nope.yaml not found (relative to the spec)')
    expect(r.stderr).toContain('missing.yaml: cannot read the spec: no such file')
    expect(r.stderr).toMatch(/v\.yaml:2:11 spec\/rabbitmq .*2\.8/)
  })

  it('a topology with errors: exit 2 with the topology file:line:col', async () => {
    const dir = tempDirWith({ 'spec.yaml': 'topology: t.yaml\ncases: []\n', 't.yaml': 'exchanges:\n  x: { type: topic, durable: maybe }\n' })
    const r = await runCli(['test', 'spec.yaml'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^rmq-sim: t\.yaml:2:\d+ schema\/\S+ /)
  })

  it('topology paths are relative to the spec, and several files are merged; a name in two files is refused', async () => {
    const dir = tempDirWith({ 'a.yaml': 'exchanges: { x: { type: fanout } }\n', 'b.yaml': 'queues: { q: }\nbindings: [ { source: x, destination: q } ]\n', 'c.yaml': 'exchanges: { x: { type: direct } }\n' })
    mkdirSync(join(dir, 'specs'))
    writeFileSync(join(dir, 'specs/ok.yaml'), 'topology: [../a.yaml, ../b.yaml]\ncases:\n  - publish: { exchange: x }\n    expect: { exactly: [q] }\n')
    writeFileSync(join(dir, 'specs/clash.yaml'), 'topology: [../a.yaml, ../c.yaml]\ncases: []\n')
    const ok = await runCli(['test', 'specs/ok.yaml'], { cwd: dir })
    expect(ok.code).toBe(0)
    const clash = await runCli(['test', 'specs/clash.yaml'], { cwd: dir })
    expect(clash.code).toBe(2)
    expect(clash.stderr).toContain("specs/clash.yaml:1:23 spec/topology exchange 'x' (vhost '/') is declared in more than one topology file")
  })
})

describe('rmq-sim test: report formats', () => {
  it('--format json: every case with its expectation and actual route', async () => {
    const dir = dirWith(PASSING)
    const r = await runCli(['test', 'spec.yaml', '--format', 'json', '--rabbitmq', '3.13'], { cwd: dir })
    expect(r.code).toBe(1)
    const j = JSON.parse(r.stdout)
    expect(j.passed).toBe(false)
    expect(j.totals).toEqual({ cases: 13, passed: 12, failed: 1 })
    const failed = j.specs[0].cases.filter((c: { passed: boolean }) => !c.passed)
    expect(failed.map((c: { name: string }) => c.name)).toEqual(['1.0 equals 1 before 3.13'])
    expect(failed[0]).toMatchObject({ line: 26, col: 5, expect: { kind: 'exactly', queues: ['pdf'] }, actual: { queues: [], routed: false } })
    const dl = j.specs[0].cases.find((c: { name: string }) => c.name === 'a rejected EU order is dead-lettered')
    expect(dl.inQueue).toMatchObject({ queue: 'orders.dlq', count: 1, xDeath: { reason: 'rejected', queue: 'orders.eu' } })
  })

  it('--format junit: one testsuite per spec, a failure with its route; valid against the Surefire JUnit XSD', async () => {
    const dir = dirWith(PASSING)
    const r = await runCli(['test', 'spec.yaml', '--format', 'junit', '--rabbitmq', '3.13'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="rmq-sim test" tests="13" failures="1" errors="0" time="[\d.]+">/)
    expect(r.stdout).toContain('<testcase name="1.0 equals 1 before 3.13" classname="spec.yaml" time=')
    expect(r.stdout).toContain('<failure message="expected exactly pdf; got no queue (missing pdf)" type="exactly">spec.yaml:26:5:')
    expect(await junitXsdErrors(r.stdout)).toEqual([])
  })

  it('--format junit keeps names with markup and control characters well-formed', async () => {
    const dir = dirWith(`topology: topology.yaml
cases:
  - name: "<a & \\"b\\"> \\u0001"
    publish: { exchange: orders, routing_key: x }
    expect: { exactly: [orders.eu] }
`)
    const r = await runCli(['test', 'spec.yaml', '--format', 'junit'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('<testcase name="&lt;a &amp; &quot;b&quot;&gt; \\x01"')
    expect(r.stdout).not.toMatch(/[\u0001]/)
  })

  it('--output writes the report atomically, refuses to overwrite without --force, and fails clearly when unwritable', async () => {
    const dir = dirWith(PASSING)
    const first = await runCli(['test', 'spec.yaml', '--format', 'junit', '-o', 'out.xml'], { cwd: dir })
    expect(first.code).toBe(0)
    expect(first.stdout).toBe('')
    expect(first.stderr).toContain('13 passed, 0 failed; report written to out.xml')
    expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toContain('<testsuites')
    const again = await runCli(['test', 'spec.yaml', '-o', 'out.xml'], { cwd: dir })
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('exists: not overwritten (use --force to replace it)')
    expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toContain('<testsuites')
    const forced = await runCli(['test', 'spec.yaml', '-o', 'out.xml', '--force'], { cwd: dir })
    expect(forced.code).toBe(0)
    expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toMatch(/^spec\.yaml/)
    const missingDir = await runCli(['test', 'spec.yaml', '-o', 'no/such/dir/out.txt'], { cwd: dir })
    expect(missingDir.code).toBe(2)
    expect(missingDir.stderr).toMatch(/^rmq-sim: test --output: cannot write in .*no\/such\/dir: no such directory\n$/)
  })
})

describe('rmq-sim test --update (snapshot mode)', () => {
  it('writes the current answers into failing `exactly` expectations, keeping comments and layout', async () => {
    const spec = `# the orders contract
topology: topology.yaml
cases:
  # keep this comment
  - name: eu
    publish: { exchange: orders, routing_key: order.created.eu }
    expect:
      exactly: [orders.eu] # and this one
  - name: block list
    publish: { exchange: orders, routing_key: order.paid }
    expect:
      exactly:
        - nothing.yet
  - name: untouched
    publish: { exchange: orders, routing_key: invoice }
    expect: { none_of: [orders.eu] }
`
    const dir = tempDirWith({ 'topology.yaml': TOPOLOGY.replace('  pdf:\n', '  pdf:\n  nothing.yet:\n'), 'spec.yaml': spec })
    const r = await runCli(['test', 'spec.yaml', '--update'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('updated 2 expectations (snapshot mode)')
    const text = readFileSync(join(dir, 'spec.yaml'), 'utf8')
    expect(text).toContain('# the orders contract')
    expect(text).toContain('  # keep this comment')
    expect(text).toContain('      exactly: [orders.audit, orders.eu] # and this one\n')
    expect(text).toContain('      exactly:\n        - orders.audit\n  - name: untouched')
    expect(text.replace(/exactly: \[orders\.audit, orders\.eu\]/, 'exactly: [orders.eu]').replace('- orders.audit\n', '- nothing.yet\n')).toBe(spec)
    expect(text).toContain('expect: { none_of: [orders.eu] }')
    const rerun = await runCli(['test', 'spec.yaml'], { cwd: dir })
    expect(rerun.code).toBe(0)
  })

  // root ignores directory permissions, so this one needs an ordinary user
  it.skipIf(process.getuid?.() === 0)('an unwritable spec directory: exit 2, the spec unchanged', async () => {
    const dir = dirWith(`topology: topology.yaml
cases:
  - publish: { exchange: orders, routing_key: order.created.eu }
    expect: { exactly: [orders.eu] }
`)
    chmodSync(dir, 0o555)
    try {
      const r = await runCli(['test', 'spec.yaml', '--update'], { cwd: dir })
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/test --update: cannot write in .*permission denied/)
      expect(readFileSync(join(dir, 'spec.yaml'), 'utf8')).toContain('exactly: [orders.eu]')
    } finally {
      chmodSync(dir, 0o755)
    }
  })
})
