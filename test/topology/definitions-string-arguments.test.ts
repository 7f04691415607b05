// A definitions export's arguments made only of strings take a short path (definitions-format.ts stringTable): the
// table must be the one the general decoder makes, in document order, whatever the names.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseTopologyText } from '../../src/topology/parse-topology.js'
import { decodeTypedTable } from '../../src/topology/typed-value.js'

const name = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('x-queue-type', 'x-dead-letter-exchange', '__proto__', 'constructor', '0', '12', '01', 'é', ''))
const value = fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 6 }) }, fc.integer(), fc.constant(null), fc.boolean(), fc.constant({ nested: 'x' }))

describe('definitions export: string-only arguments', () => {
  it('equal what the general decoder reads, key order kept', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(name, value), { selector: ([k]) => k, maxLength: 5 }), (members) => {
      const body = `{${members.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`
      const text = `{"rabbit_version": "3.13.7", "rabbitmq_version": "3.13.7", "vhosts": [{"name": "/"}], "queues": [{"name": "q", "vhost": "/", "durable": true, "auto_delete": false, "arguments": ${body}}]}`
      const loaded = parseTopologyText(text, 'defs.json')
      const args = loaded.topology!.vhosts.get('/')!.queues.get('q')!.arguments
      // document order: JSON.parse lists index-like keys first, the loader does not
      expect([...args.keys()]).toEqual(members.map(([k]) => k))
      if (members.every(([, v]) => typeof v === 'string')) {
        const general = decodeTypedTable(Object.fromEntries(members), { objectsAsTables: true })
        expect(general.ok).toBe(true)
        if (general.ok) expect(Object.fromEntries(args)).toEqual(Object.fromEntries(general.value))
        for (const [k, v] of members) expect(args.get(k)).toEqual({ type: 'longstr', value: v })
      }
    }), { numRuns: 1500 })
  })
})
