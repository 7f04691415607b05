// Headers exchange cases from exchanges_SUITE.erl (headers_exchange/1, headers_exchange_key_presence_only/1)
// and derived edge cases, each with its expected result for 3.10–3.12 (`==`) and 3.13+ (`=:=`),
// kept with provenance in test/fixtures/vectors/headers-vectors.json.
import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import type { AmqpValue } from '../../src/core/amqp-value.js'
import { bind, exchange, router } from './build.js'

type Tagged = [string, unknown]
interface Case { id: string; binding_arguments: Record<string, Tagged>; message_headers: Record<string, Tagged>; match_3_13_plus: boolean; match_3_10_to_3_12: boolean }
const vectors = JSON.parse(readFileSync(new URL('../fixtures/vectors/headers-vectors.json', import.meta.url), 'utf8')) as { cases: Case[] }

function value([type, v]: Tagged): AmqpValue {
  if (type === 'void') return { type: 'void' }
  if (type === 'array') return { type: 'array', value: (v as Tagged[]).map(value) }
  return { type, value: v } as AmqpValue
}
const values = (o: Record<string, Tagged>): Record<string, AmqpValue> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, value(v)]))

const families = [
  ['3.10', 'match_3_10_to_3_12'], ['3.12', 'match_3_10_to_3_12'], ['3.13', 'match_3_13_plus'], ['4.3.5', 'match_3_13_plus'],
] as const

describe.each(families)('headers vectors with RabbitMQ %s rules', (version, field) => {
  test.each(vectors.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = router({
      exchanges: [exchange('h', 'headers')],
      queues: ['q'],
      bindings: [bind('h', 'q', '', values(c.binding_arguments))],
    }, version)
    const res = r.route({ exchange: 'h', routingKey: 'ignored', headers: new Map(Object.entries(values(c.message_headers))) })
    expect(res.routed).toBe(c[field])
  })
})
