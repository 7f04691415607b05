import { describe, expect, it } from 'vitest'
import { RULES } from '../../src/lint/catalogue.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'
import { lintTopology } from '../../src/lint/lint-topology.js'
import { rulesFor } from '../../src/core/versions.js'
import { ex, lint, only, qu } from './helpers.js'

// The severity policy of docs/lint-rules.md: error = the broker refuses it or messages are certainly lost;
// warning = probably a mistake; info = worth knowing.
describe('severity policy', () => {
  it('a missing alternate exchange and a missing dead-letter exchange are both errors (both drop messages silently)', () => {
    const ds = lint({ exchanges: [ex('x', 'topic', { args: { 'alternate-exchange': 'nope' } })], queues: [qu('q', { args: { 'x-dead-letter-exchange': 'gone' } })] })
    expect(only(ds, 'ae/missing').map((d) => d.severity)).toEqual(['error'])
    expect(only(ds, 'dlx/missing-exchange').map((d) => d.severity)).toEqual(['error'])
    expect(RULES.get('ae/missing')?.severity).toBe(RULES.get('dlx/missing-exchange')?.severity)
  })
  it('both are warnings in a rabbitmqctl export, which leaves internal exchanges out', () => {
    const ds = lint({ exchanges: [ex('x', 'topic', { args: { 'alternate-exchange': 'nope' } })], queues: [qu('q', { args: { 'x-dead-letter-exchange': 'gone' } })] }, undefined, { omitsInternalExchanges: true })
    expect(only(ds, 'ae/missing').map((d) => d.severity)).toEqual(['warning'])
    expect(only(ds, 'dlx/missing-exchange').map((d) => d.severity)).toEqual(['warning'])
  })
  it('a null argument in an export is an error in lint (the import refuses it), though the file still loads', () => {
    const text = JSON.stringify({ rabbit_version: '3.13.0', vhosts: [{ name: '/' }], exchanges: [], queues: [{ name: 'q', vhost: '/', durable: true, auto_delete: false, arguments: { 'x-max-length': null } }], bindings: [] })
    const loaded = parseTopologyText(text, 'defs.json')
    expect(loaded.topology).toBeDefined()
    expect(lintTopology(loaded, rulesFor()).filter((d) => d.rule === 'defs/null-argument').map((d) => d.severity)).toEqual(['error'])
  })
  it('an exchange type the simulator cannot route is info (a limit of rmq-sim, not a mistake)', () => {
    expect(only(lint({ exchanges: [ex('x', 'x-consistent-hash')] }), 'exchange/unsupported-type').map((d) => d.severity)).toEqual(['info'])
  })
})
