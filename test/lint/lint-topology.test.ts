import { describe, expect, it } from 'vitest'
import { rulesFor } from '../../src/core/versions.js'
import { lintTopology, locateNearest } from '../../src/lint/lint-topology.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'
import { ex, qu, vhost } from './helpers.js'

describe('lintTopology', () => {
  it('returns only the loader diagnostics when the file did not load', () => {
    const loaded = parseTopologyText('exchanges: [\n', 'bad.yaml')
    const ds = lintTopology(loaded, rulesFor())
    expect(ds.map((d) => d.rule)).toEqual(loaded.diagnostics.map((d) => d.rule))
    expect(ds[0]!.rule).toBe('yaml/syntax')
  })
  it('gives every finding the file and a position from the loader, sorted by position', () => {
    const text = [
      'queues:',
      '  b.orphan:',
      '  a.orphan:',
      'exchanges:',
      '  x: {type: topic}',
      'bindings:',
      '  - {source: x, destination: a.orphan, routing_key: "a..b"}',
    ].join('\n')
    const ds = lintTopology(parseTopologyText(text, 'f.yaml'), rulesFor())
    expect(ds.map((d) => `${d.rule}@${d.pos?.line}:${d.pos?.col}`)).toEqual(['queue/unbound@2:3', 'topic/empty-word@7:53'])
    expect(ds.every((d) => d.file === 'f.yaml')).toBe(true)
  })
  it('lints each vhost on its own: names and references are per vhost', () => {
    const text = [
      'vhosts:',
      '  /:',
      '    exchanges: {x: {type: fanout}}',
      '    queues: {q: }',
      '    bindings: [{source: x, destination: q}]',
      '  other:',
      '    queues: {q: }',
      '    bindings: [{source: x, destination: q}]',
    ].join('\n')
    const ds = lintTopology(parseTopologyText(text, 'v.yaml'), rulesFor())
    expect(ds.map((d) => `${d.rule}@${d.pos?.line}`)).toEqual(['ref/unknown-exchange@8'])
    expect(ds[0]!.message).toContain("in vhost 'other'")
  })
  it('uses the quorum name limit of the queue\'s own vhost ("<vhost>_<name>" ≤ 255 bytes)', () => {
    const name = 'q'.repeat(250)
    const vh = vhost({ queues: [qu(name, { args: { 'x-queue-type': 'quorum' } })] }, 'staging') // 7 + 1 + 250 = 258
    const ds = lintTopology({ file: 't.yaml', diagnostics: [], topology: { vhosts: new Map([['staging', vh]]) } }, rulesFor())
    expect(ds.find((d) => d.rule === 'name/too-long')?.message).toMatch(/at most 247/)
  })
  it('reports the loader\'s duplicates (YAML across sections, definitions lists)', () => {
    const text = 'exchanges:\n  x: {type: fanout}\nvhosts:\n  /:\n    exchanges:\n      x: {type: fanout}\n'
    const ds = lintTopology(parseTopologyText(text, 'd.yaml'), rulesFor()).filter((d) => d.rule.startsWith('duplicate/'))
    expect(ds.map((d) => `${d.rule}@${d.pos?.line}:${d.pos?.col}`)).toEqual(['duplicate/exchange@6:7'])
    expect(ds[0]!.message).toBe("exchange 'x' in vhost '/' is declared twice (first at line 2)")
  })
})

describe('user-chosen names', () => {
  it('__proto__, constructor and hasOwnProperty are ordinary names', () => {
    const text = [
      'exchanges:',
      '  __proto__: {type: topic}',
      '  constructor: {type: fanout, arguments: {alternate-exchange: hasOwnProperty}}',
      '  hasOwnProperty: {type: fanout}',
      'queues:',
      '  constructor:',
      '  toString:',
      'bindings:',
      '  - {source: __proto__, destination: constructor, routing_key: "#"}',
      '  - {source: hasOwnProperty, destination: toString}',
      '  - {source: constructor, destination: __proto__, destination_type: exchange}',
      'policies:',
      '  __proto__: {pattern: "^__proto__$", apply-to: exchanges, definition: {alternate-exchange: hasOwnProperty}}',
    ].join('\n')
    const loaded = parseTopologyText(text, 'p.yaml')
    expect(loaded.diagnostics).toEqual([])
    expect(lintTopology(loaded, rulesFor()).map((d) => d.rule)).toEqual([])
  })
})

describe('locateNearest', () => {
  it('falls back to the closest ancestor the locator knows', () => {
    const input = { file: 'f', diagnostics: [], locate: (p: readonly (string | number)[]) => (p.length <= 2 ? { line: p.length, col: 1 } : undefined) }
    expect(locateNearest(input, ['a', 'b', 'c', 'd'])).toEqual({ line: 2, col: 1 })
    expect(locateNearest({ file: 'f', diagnostics: [] }, ['a'])).toBeUndefined()
  })
  it('is used for hand-built models without a locator (no position)', () => {
    const vh = vhost({ exchanges: [ex('lonely', 'topic')] })
    const ds = lintTopology({ file: 't.yaml', diagnostics: [], topology: { vhosts: new Map([['/', vh]]) } }, rulesFor())
    expect(ds).toMatchObject([{ rule: 'exchange/no-bindings', file: 't.yaml', path: ['exchanges', 'lonely'] }])
    expect(ds[0]!.pos).toBeUndefined()
  })
})
