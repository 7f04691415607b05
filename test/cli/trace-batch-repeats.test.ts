// `trace --batch` answers a line it has seen before from its memo (src/cli/commands/batch-memo.ts): it must print
// exactly what the general path prints: random batches (repeated lines, odd keys, unicode, numbers, headers,
// cc/bcc, mandatory, bad lines) through the real bin.
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, tempDirWith } from './trace-helpers.js'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const TOPOLOGY = `
exchanges:
  orders: { type: topic, arguments: { alternate-exchange: unrouted } }
  events: { type: fanout }
  unrouted: { type: fanout }
  hashed: { type: x-consistent-hash }
  h: { type: headers }
  d: { type: direct }
  "日本.x": { type: topic }
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
  "é.q":
bindings:
  - { source: orders, destination: audit, routing_key: "order.#" }
  - { source: orders, destination: eu, routing_key: "order.*.eu" }
  - { source: orders, destination: events, destination_type: exchange, routing_key: "order.created.*" }
  - { source: orders, destination: hashed, destination_type: exchange, routing_key: "order.hashed" }
  - { source: events, destination: log }
  - { source: unrouted, destination: lost }
  - { source: h, destination: pdf, arguments: { x-match: all, format: pdf, n: 1 } }
  - { source: d, destination: q1, routing_key: k1 }
  - { source: d, destination: q2, routing_key: k2 }
  - { source: d, destination: "quote\\"q", routing_key: "k\\"3" }
  - { source: "日本.x", destination: "é.q", routing_key: "#.é" }
`

const EXCHANGES = ['orders', 'events', 'unrouted', 'hashed', 'h', 'd', '日本.x', 'internal-x', '', 'nope', 'Orders']
const KEYS = ['order.created.eu', 'order.created', 'order.hashed', 'misc', 'k1', 'k2', 'k"3', 'q1', 'audit', 'a.é', 'é', '', '#', 'order..eu', '\\', '\u2028', 'x1.0']
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 4 }))
const common = fc.record({ exchange: fc.constantFrom(...EXCHANGES), routingKey: key, mandatory: fc.boolean(), vhost: fc.constantFrom('/', 'nope') }, { requiredKeys: ['exchange'] })
  .chain((p) => fc.tuple(fc.shuffledSubarray(Object.keys(p), { minLength: Object.keys(p).length }), fc.boolean()).map(([order, spaced]) => {
    const text = JSON.stringify(Object.fromEntries(order.map((k) => [k, (p as Record<string, unknown>)[k]])))
    return { text: spaced ? text.replace(/,"(exchange|routingKey|mandatory|vhost)":/g, ', "$1": ') : text, common: true }
  }))
const number = fc.constantFrom('1', '1.0', '1e0', '2', '-0', '0.5', '10e-1')
const headers = fc.tuple(fc.constantFrom('pdf', 'doc'), number, fc.boolean()).map(([f, n, all]) => ({
  text: `{"exchange":"h","headers":{"format":"${f}","n":${n}${all ? '' : ',"x-match":"any"'}},"mandatory":true}`, common: false,
}))
const routingHeaders = fc.record({ exchange: fc.constantFrom('d', '', 'orders'), routingKey: key, cc: fc.array(key, { maxLength: 2 }), bcc: fc.array(key, { maxLength: 2 }) })
  .map((p) => ({ text: JSON.stringify(p), common: false }))
const bad = fc.constantFrom('not json', '[]', 'null', '"str"', '{"routing_key":"k1","exchange":"d"}', '{"exchange":1}', '{"exchange":"d","mandatory":"yes"}',
  '', '   ', '{"exchange":"d"', '{"exchange":"d","exchange":"d"}', '{"__proto__":"d"}', '{"exchange":"d","headers":{"CC":"k1"}}', '{"exchange":"d","cc":[1]}')
  .map((text) => ({ text, common: false }))
const probe = fc.oneof({ weight: 5, arbitrary: common }, headers, routingHeaders, bad)
/** Distinct probes, then a batch of them each appearing one to three times, in any order. */
const batch = fc.uniqueArray(probe, { minLength: 1, maxLength: 25, selector: (p) => p.text })
  .chain((ps) => fc.tuple(fc.constant(ps), fc.array(fc.integer({ min: 0, max: ps.length - 1 }), { maxLength: 50 })))
  .map(([ps, extra]) => [...ps, ...extra.map((i) => ps[i]!)])
  .chain((ps) => fc.shuffledSubarray(ps, { minLength: ps.length }))

const isJson = (s: string): boolean => {
  try { JSON.parse(s); return true } catch { return false }
}

const ALL = 'line,vhost,exchange,routingKey,routingKeys,mandatory,queues,routed,returned,verdict,unsupported,error'
let dir = ''
beforeAll(() => {
  dir = tempDirWith({ 't.yaml': TOPOLOGY })
})

async function run(lines: readonly string[], name: string, fields: readonly string[]) {
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`)
  const r = await runCli(['trace', 't.yaml', '--batch', name, ...fields], { cwd: dir })
  expect(r.stderr).toBe('')
  return { code: r.code, lines: r.stdout === '' ? [] : r.stdout.slice(0, -1).split('\n') }
}

/** Each repeated probe's result equals its first result but for `line`; results are in input order. */
function expectRepeatsAgree(input: readonly string[], out: readonly string[]) {
  const first = new Map<string, string>()
  const numbers = out.map((l) => (JSON.parse(l) as { line: number }).line)
  expect(numbers).toEqual([...numbers].sort((a, b) => a - b))
  for (const l of out) {
    const n = (JSON.parse(l) as { line: number }).line
    const rest = l.slice(`{"line":${n}`.length)
    const text = input[n - 1]!
    const seen = first.get(text)
    if (seen === undefined) first.set(text, rest)
    else expect([text, rest]).toEqual([text, seen])
  }
  // blank lines have no result, every other line one
  expect(out.length).toBe(input.filter((l) => l.trim() !== '').length)
}

describe('trace --batch: repeated lines print what the general path prints', () => {
  it.each([
    ['--fields (every field)', ['--fields', ALL], 12],
    ['the full shape', [], 6],
  ])('%s', async (_name, fields, runs) => {
    await fc.assert(fc.asyncProperty(batch, async (probes) => {
      const input = probes.map((p) => p.text)
      const fast = await run(input, 'fast.jsonl', fields)
      expectRepeatsAgree(input, fast.lines)
      // the general path: no line answered from the memo (each repeat of valid JSON made distinct by trailing spaces;
      // an invalid line's message quotes its text, so those stay as they are)
      const times = new Map<string, number>()
      const general = await run(probes.map((p) => {
        const n = times.get(p.text) ?? 0
        times.set(p.text, n + 1)
        return p.text + (isJson(p.text) ? ' '.repeat(n) : '')
      }), 'general.jsonl', fields)
      expect(general).toEqual(fast)
      expect(fast.code).toBe(fast.lines.some((l) => l.includes('"error":{')) ? 1 : 0)
    }), { numRuns: runs })
  }, 120_000)

  it('a batch that does not repeat turns the memo off midway; results stay the same, repeats included', async () => {
    const distinct = Array.from({ length: 9000 }, (_, i) => JSON.stringify({ exchange: i % 3 === 0 ? 'orders' : 'd', routingKey: i % 5 === 0 ? 'k1' : `order.k${i}`, mandatory: i % 7 === 0 }))
    const input = [...distinct, ...distinct.slice(0, 300), ...distinct.slice(8800)]
    const r = await run(input, 'many.jsonl', ['--fields', ALL])
    expect(r.code).toBe(0)
    expectRepeatsAgree(input, r.lines)
    expect(r.lines[9000]).toBe(`{"line":9001${r.lines[0]!.slice('{"line":1'.length)}`)
  })
})
