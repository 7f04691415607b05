// A definitions export's entities are checked field by field; well-formed ones take a quick check (fieldsOk in
// definitions-format.ts) and only the others the reporting one. Either way: an entity with a missing or mistyped
// field is reported and left out, any other is kept without a word.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseTopologyText } from '../../src/topology/parse-topology.js'

type Spec = readonly [string, 'string' | 'boolean', boolean]
const LISTS: Record<'exchanges' | 'queues' | 'bindings', readonly Spec[]> = {
  exchanges: [['name', 'string', true], ['type', 'string', true], ['durable', 'boolean', false], ['auto_delete', 'boolean', false], ['internal', 'boolean', false]],
  queues: [['name', 'string', true], ['durable', 'boolean', false], ['auto_delete', 'boolean', false], ['exclusive', 'boolean', false], ['type', 'string', false]],
  bindings: [['source', 'string', true], ['destination', 'string', true], ['destination_type', 'string', true], ['routing_key', 'string', true]],
}
const wrong = fc.constantFrom<unknown>(1, null, [], {}, 'x', true)
const field = fc.constantFrom('absent', 'ok', 'wrong')

describe('definitions export entity checks', () => {
  it.each(Object.keys(LISTS) as (keyof typeof LISTS)[])('%s: reported and left out exactly when a field is missing or mistyped', (list) => {
    const specs = LISTS[list]
    fc.assert(fc.property(fc.array(field, { minLength: specs.length, maxLength: specs.length }), fc.array(wrong, { minLength: specs.length, maxLength: specs.length }), fc.boolean(), (how, bad, withVhost) => {
      const entity: Record<string, unknown> = withVhost ? { vhost: '/' } : {}
      let good = withVhost
      specs.forEach(([name, type, required], i) => {
        if (how[i] === 'absent') { if (required) good = false; return }
        const okValue = name === 'destination_type' ? 'queue' : name === 'type' && list === 'exchanges' ? 'fanout' : type === 'string' ? 'q' : true
        const v = how[i] === 'ok' ? okValue : bad[i]
        if (how[i] === 'wrong' && typeof v !== type) good = false
        entity[name] = how[i] === 'wrong' && typeof v === type ? okValue : v
      })
      const text = JSON.stringify({ rabbit_version: '3.13.7', rabbitmq_version: '3.13.7', vhosts: [{ name: '/' }], queues: list === 'queues' ? [entity] : [{ name: 'q', vhost: '/' }], exchanges: list === 'exchanges' ? [entity] : [], bindings: list === 'bindings' ? [entity] : [] })
      const loaded = parseTopologyText(text, 'defs.json')
      const problems = loaded.diagnostics.filter((d) => d.rule === 'defs/type' || d.rule === 'defs/missing-field')
      expect(problems.length > 0).toBe(!good)
      if (good) {
        const vh = loaded.topology!.vhosts.get('/')!
        const count = list === 'bindings' ? vh.bindings.length : list === 'queues' ? vh.queues.size : vh.exchanges.size
        expect(count).toBe(1)
      }
    }), { numRuns: 600 })
  })
})
