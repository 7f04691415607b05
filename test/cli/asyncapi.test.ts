import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './trace-helpers.js'

const FIXTURES = resolve(import.meta.dirname, '../fixtures/asyncapi')

describe('AsyncAPI documents through the CLI', () => {
  it('trace and lint read them; import writes rmq-sim YAML with the unmappable parts as notes', async () => {
    const trace = await runCli(['trace', `${FIXTURES}/orders-3.0.yaml`, '--vhost', 'shop', '-e', 'orders', '-k', 'order.shipped.ups', '--json'])
    expect(trace.code).toBe(0)
    expect(JSON.parse(trace.stdout).queues).toEqual(['shipping'])
    const lint = await runCli(['lint', `${FIXTURES}/orders-2.6.yaml`, '--format', 'json'])
    const rules = JSON.parse(lint.stdout).files[0].diagnostics.map((d: { rule: string; line: number; col: number }) => `${d.rule}@${d.line}:${d.col}`)
    expect(rules).toEqual(expect.arrayContaining(['asyncapi/parameter@6:3', 'asyncapi/no-amqp-binding@47:3', 'asyncapi/publish-option@29:11']))
    const imported = await runCli(['import', `${FIXTURES}/orders-2.6.yaml`])
    expect(imported.code).toBe(0)
    expect(imported.stdout).toContain('bindings:\n  - source: orders\n    destination: orders.created\n    routing_key: order.created.*\n')
    expect(imported.stderr).toMatch(/orders-2\.6\.yaml:47:3 asyncapi\/no-amqp-binding channel "legacy"/)
  })
})
