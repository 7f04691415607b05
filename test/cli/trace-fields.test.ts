// `rmq-sim trace --batch --fields`: one compact JSON line per probe, through the real bin/rmq-sim.js. Every compact
// line must say what the full line says for the same probe (queues, routed, returned, verdict, error, ...).
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, tempDirWith } from './trace-helpers.js'

const TOPOLOGY = `
exchanges:
  orders: { type: topic, arguments: { alternate-exchange: unrouted } }
  events: { type: fanout }
  unrouted: { type: fanout }
  hashed: { type: x-consistent-hash }
  h: { type: headers }
  d: { type: direct }
  internal-x: { type: fanout, internal: true }
queues:
  audit:
  eu:
  log:
  lost:
  pdf:
  q1:
  q2:
  "quote\\"q":
bindings:
  - { source: orders, destination: audit, routing_key: "order.#" }
  - { source: orders, destination: eu, routing_key: "order.*.eu" }
  - { source: orders, destination: events, destination_type: exchange, routing_key: "order.created.*" }
  - { source: orders, destination: hashed, destination_type: exchange, routing_key: "order.hashed" }
  - { source: events, destination: log }
  - { source: unrouted, destination: lost }
  - { source: h, destination: pdf, arguments: { x-match: all, format: pdf } }
  - { source: d, destination: q1, routing_key: k1 }
  - { source: d, destination: q2, routing_key: k2 }
  - { source: d, destination: "quote\\"q", routing_key: k3 }
`

const PROBES = [
  '{"exchange": "orders", "routingKey": "order.created.eu"}',
  '',
  'not json',
  '{"exchange": "nope", "routingKey": "x"}',
  '{"exchange": "orders", "routingKey": "misc"}',
  '{"exchange": "orders", "routingKey": "order.hashed"}',
  '{"exchange": "h", "headers": {"format": "pdf"}, "bcc": ["k1"]}',
  '{"exchange": "d", "routingKey": "zz", "cc": ["k1"], "bcc": ["k2"], "mandatory": true}',
  '{"exchange": "d", "routingKey": "none", "mandatory": true}',
  '{"exchange": "d", "routingKey": "k3"}',
  '{"exchange": "internal-x"}',
  '{"exchange": "", "routingKey": "q1", "cc": ["q2", "nope"]}',
  '{"exchange": "d", "routingKey": "k1", "headers": {"CC": "not-an-array"}}',
  '{"exchange": "d", "routing_key": "k1"}',
].join('\n') + '\n'

let dir = ''
beforeAll(() => {
  dir = tempDirWith({ 't.yaml': TOPOLOGY, 'probes.jsonl': PROBES })
})

const ALL = 'line,vhost,exchange,routingKey,routingKeys,mandatory,queues,routed,returned,verdict,unsupported,error'
const parse = (stdout: string): Record<string, unknown>[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)

describe('rmq-sim trace --batch --fields', () => {
  it('prints only line, the fields named and error, one short line per probe, in order; exit 1 when a probe failed', async () => {
    const r = await runCli(['trace', 't.yaml', '--batch', 'probes.jsonl', '--fields', 'queues,returned,error'], { cwd: dir })
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: '' })
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toBe('{"line":1,"queues":["audit","eu","log"],"returned":false}')
    const bad = JSON.parse(lines[1]!) as Record<string, unknown>
    expect(Object.keys(bad)).toEqual(['line', 'queues', 'returned', 'error'])
    expect(bad).toMatchObject({ line: 3, queues: [], returned: false, error: { code: 400, name: 'BAD_PROBE', message: expect.stringContaining('invalid JSON') } })
    expect(JSON.parse(lines[2]!)).toEqual({ line: 4, queues: [], returned: false, error: { code: 404, name: 'NOT_FOUND', message: "NOT_FOUND - no exchange 'nope' in vhost '/'" } })
    expect(JSON.parse(lines[8]!)).toEqual({ line: 10, queues: ['quote"q'], returned: false })
    expect(lines).toHaveLength(13) // the blank line 2 has no result
  })

  it('every compact field equals the same field of the full output, probe by probe', async () => {
    const full = parse((await runCli(['trace', 't.yaml', '--batch', 'probes.jsonl'], { cwd: dir })).stdout)
    const compact = parse((await runCli(['trace', 't.yaml', '--batch', 'probes.jsonl', '--fields', ALL], { cwd: dir })).stdout)
    expect(compact.map((l) => l.line)).toEqual(full.map((l) => l.line))
    for (let i = 0; i < full.length; i++) {
      const f = full[i]!
      const c = compact[i]!
      for (const k of Object.keys(c)) if (k in f) expect([k, c[k]]).toEqual([k, f[k]])
      expect('error' in c).toBe('error' in f)
      // full-detail fields never appear in a compact line
      expect(c).not.toHaveProperty('hops')
      expect(c).not.toHaveProperty('routes')
    }
    // spot checks: routed via the AE, partial (plugin type), CC/BCC, returned, 403, default exchange with CC, 406
    expect(compact.map((l) => l.verdict)).toEqual(['routed', 'error', 'error', 'routed', 'routed', 'routed', 'routed', 'returned', 'routed', 'error', 'routed', 'error', 'error'])
    expect(compact[3]).toMatchObject({ line: 5, queues: ['lost'], routed: true })
    expect(compact[4]).toMatchObject({ line: 6, unsupported: ['hashed'], queues: ['audit'] })
    expect(compact[6]).toMatchObject({ line: 8, routingKeys: ['zz', 'k1', 'k2'], queues: ['q1', 'q2'] })
    expect(compact[10]).toMatchObject({ line: 12, queues: ['q1', 'q2'], routingKeys: ['q1', 'q2', 'nope'] })
    expect(compact[9]!.error).toMatchObject({ code: 403 })
    expect(compact[11]!.error).toMatchObject({ code: 406 })
  })

  it('reads stdin and takes --exchange / --key defaults like the full output', async () => {
    const r = await runCli(['trace', 't.yaml', '--batch', '-', '-e', 'd', '-k', 'k1', '--fields', 'routingKey,queues'], { cwd: dir, input: '{}\n{"routingKey": "k2"}\n' })
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' })
    expect(r.stdout).toBe('{"line":1,"routingKey":"k1","queues":["q1"]}\n{"line":2,"routingKey":"k2","queues":["q2"]}\n')
  })

  it('20k probes come out in order, none lost or repeated, across many output chunks', async () => {
    const probes = Array.from({ length: 20_000 }, (_, i) => `{"exchange": "d", "routingKey": "k${(i % 3) + 1}"}`).join('\n')
    const r = await runCli(['trace', 't.yaml', '--batch', '-', '--fields', 'queues'], { cwd: dir, input: probes })
    expect(r.code).toBe(0)
    const out = r.stdout.trim().split('\n')
    expect(out).toHaveLength(20_000)
    expect(out[19_999]).toBe(`{"line":20000,"queues":${JSON.stringify((19_999 % 3) === 2 ? ['quote"q'] : [`q${(19_999 % 3) + 1}`])}}`)
  })

  it.each([
    ['an unknown field, with a suggestion', ['--batch', 'probes.jsonl', '--fields', 'queues,retuned'], /unknown field "retuned" in --fields \(did you mean "returned"\?\)/],
    ['an empty list', ['--batch', 'probes.jsonl', '--fields', ','], /--fields needs at least one field/],
    ['--fields without --batch', ['-e', 'd', '--fields', 'queues'], /--fields applies to --batch/],
    ['--fields with --verbose', ['--batch', 'probes.jsonl', '--fields', 'queues', '--verbose'], /--verbose adds bindings to hops/],
  ])('usage error, exit 2: %s', async (_name, args, message) => {
    const r = await runCli(['trace', 't.yaml', ...args], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.stdout).toBe('')
  })
})
