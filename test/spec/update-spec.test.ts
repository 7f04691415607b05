import fc from 'fast-check'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { updateSpecText } from '../../src/spec/update-spec.js'

const SPEC = `# header comment
topology: t.yaml
cases:
  - publish: { exchange: x }   # trailing
    expect: { exactly: [a] }
  - publish: { exchange: x }
    expect:
      # before the list
      exactly:
        - a
        - b
      # after the list
  - publish: { exchange: x }
    expect: { none_of: [c] }
`

describe('updateSpecText (snapshot mode)', () => {
  it('replaces only the lists it is given; every other byte stays', () => {
    const out = updateSpecText(SPEC, [{ index: 0, queues: ['b', 'c'] }, { index: 1, queues: ['z'] }])
    expect(out).toBe(SPEC.replace('exactly: [a]', 'exactly: [b, c]').replace('        - a\n        - b\n', '        - z\n'))
  })

  it('an empty answer becomes []; names YAML would misread are quoted', () => {
    const out = updateSpecText(SPEC, [{ index: 1, queues: [] }, { index: 0, queues: ['true', '#x', 'a: b', '- y', '123'] }])
    const data = parse(out) as { cases: { expect: { exactly: string[] } }[] }
    expect(data.cases[0]!.expect.exactly).toEqual(['true', '#x', 'a: b', '- y', '123'])
    expect(data.cases[1]!.expect.exactly).toEqual([])
    expect(out).toContain('# after the list')
  })

  it('property: any queue names round-trip through the rewritten spec', () => {
    fc.assert(fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 5 }), fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 }), (flow, block) => {
      const out = updateSpecText(SPEC, [{ index: 0, queues: flow }, { index: 1, queues: block }])
      const data = parse(out) as { cases: { expect: { exactly?: string[]; none_of?: string[] } }[] }
      expect(data.cases[0]!.expect.exactly).toEqual(flow)
      expect(data.cases[1]!.expect.exactly).toEqual(block)
      expect(data.cases[2]!.expect.none_of).toEqual(['c'])
    }), { numRuns: 200 })
  })
})
