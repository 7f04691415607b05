import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadTopologyFile } from '../../src/topology/load.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'

/**
 * Each fixture under test/fixtures/topology/invalid states what it must produce in comment lines
 * `# expect: <rule> <line>:<col>`; the loader must report exactly those (rule and position), nothing else.
 */
const dir = fileURLToPath(new URL('../fixtures/topology/invalid/', import.meta.url))
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()

describe.each(fixtures)('%s', (name) => {
  const text = readFileSync(join(dir, name), 'utf8')
  const expected = [...text.matchAll(/^# expect: (\S+) (\d+):(\d+)$/gm)].map((m) => ({ rule: m[1], line: Number(m[2]), col: Number(m[3]) }))

  it('declares at least one expectation', () => {
    expect(expected.length).toBeGreaterThan(0)
  })

  it('reports exactly the expected rules at the expected positions', async () => {
    const loaded = await loadTopologyFile(join(dir, name))
    const got = loaded.diagnostics.map((d) => ({ rule: d.rule, line: d.pos?.line, col: d.pos?.col }))
    const order = (a: { rule?: string; line?: number; col?: number }, b: typeof a) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0) || String(a.rule).localeCompare(String(b.rule))
    expect(got.sort(order)).toEqual(expected.sort(order))
    for (const d of loaded.diagnostics) {
      expect(d.file).toBe(join(dir, name))
      expect(d.message.length).toBeGreaterThan(10)
      expect(d.message).not.toMatch(/\n/)
    }
    // errors mean no model; warnings alone keep it
    const hasError = loaded.diagnostics.some((d) => d.severity === 'error')
    expect(loaded.topology === undefined).toBe(hasError)
  })
})

describe('messages say what to do', () => {
  const load = (name: string) => loadTopologyFile(join(dir, name))
  it('suggests the property name that was meant', async () => {
    const { diagnostics } = await load('unknown-property.yaml')
    expect(diagnostics.map((d) => d.message)).toContain("unknown property 'routingkey' in binding 1 (did you mean 'routing_key'?)")
    expect(diagnostics.map((d) => d.message)).toContain("unknown property 'destinaton' in binding 2 (did you mean 'destination'?)")
  })
  it('names the exchange types and suggests the closest', async () => {
    const d = (await load('exchange-type.yaml')).diagnostics.find((x) => x.rule === 'schema/exchange-type')
    expect(d?.message).toMatch(/one of direct, fanout, topic, headers/)
    expect(d?.message).toMatch(/did you mean 'topic'\?/)
  })
  it('explains YAML 1.2 booleans', async () => {
    const d = (await load('wrong-types.yaml')).diagnostics.find((x) => x.path.join('.') === 'exchanges.orders.durable')
    expect(d?.message).toBe("durable of exchange 'orders' must be a boolean, not string (\"yes\")")
    expect(d?.hint).toMatch(/true or false/)
  })
  it('points a missing property at the object that lacks it', async () => {
    const d = (await load('missing-required.yaml')).diagnostics[0]
    expect(d?.message).toBe("exchange 'orders' is missing required property 'type'")
    expect(d?.path).toEqual(['exchanges', 'orders'])
  })
  it('suggests AMQP type names', async () => {
    const d = (await load('typed-values.yaml')).diagnostics.find((x) => x.path.includes('a'))
    expect(d?.message).toBe('unknown AMQP type "foo"')
    const b = (await load('typed-values.yaml')).diagnostics.find((x) => x.path.includes('b'))
    expect(b?.hint).toMatch(/\{type: table, value/)
  })
  it('gives the end of a one-line value or key, for underlines', async () => {
    const [dt] = (await load('bad-enum.yaml')).diagnostics
    expect(dt?.pos).toEqual({ line: 10, col: 23 })
    expect(dt?.endPos).toEqual({ line: 10, col: 32 }) // "exchanges" is 9 characters
    const key = (await load('unknown-property.yaml')).diagnostics.find((d) => d.rule === 'schema/additional-property')
    expect(key?.endPos).toEqual({ line: 10, col: 15 }) // "routingkey"
  })
  it('a well-formed but unsupported version is a warning that tells the supported range; the file still loads', () => {
    const loaded = parseTopologyText('rabbitmq: "2.8"\nqueues:\n  q:\n', 'v.yaml')
    expect(loaded.diagnostics.map((d) => [d.rule, d.severity])).toEqual([['schema/unsupported-version', 'warning']])
    expect(loaded.diagnostics[0]?.message).toMatch(/3\.10 to 4\.3/)
    expect(loaded.topology?.rabbitmqVersion).toBeUndefined()
  })
})
