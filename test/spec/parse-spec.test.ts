import { describe, expect, it } from 'vitest'
import { parseSpecText } from '../../src/spec/parse-spec.js'

const YAML = `topology: t.yaml
rabbitmq: "3.12"
cases:
  - name: typed
    publish: { exchange: docs, routing_key: k, headers: { d: 1.0, l: 1, s: "1", n: null, i: { type: signedint, value: 5 } }, cc: [a], bcc: [b], mandatory: true }
    expect: { exactly: [q] }
  - publish: { exchange: "" , routing_key: q }
    steps: [ { publish: { exchange: x }, times: 3 }, { reject: q }, { nack: q }, { expire: 1.5s } ]
    expect: { in_queue: { queue: dlq, count: 2, x-death: { reason: rejected, routing-keys: [q] } } }
`

describe('parseSpecText', () => {
  it('reads a YAML spec: headers keep their AMQP types (1.0 is a double), CC/BCC become headers, steps and expectations', () => {
    const { spec, diagnostics } = parseSpecText(YAML, 's.yaml')
    expect(diagnostics).toEqual([])
    const c = spec!.cases[0]!
    expect(c.name).toBe('typed')
    const h = c.publish.publish.headers!
    expect(h.get('d')).toEqual({ type: 'double', value: 1 })
    expect(h.get('l')).toEqual({ type: 'long', value: 1 })
    expect(h.get('s')).toEqual({ type: 'longstr', value: '1' })
    expect(h.get('n')).toEqual({ type: 'void' })
    expect(h.get('i')).toEqual({ type: 'signedint', value: 5 })
    expect(h.get('CC')).toEqual({ type: 'array', value: [{ type: 'longstr', value: 'a' }] })
    expect(h.get('BCC')).toEqual({ type: 'array', value: [{ type: 'longstr', value: 'b' }] })
    expect(c.publish.publish.mandatory).toBe(true)
    const d = spec!.cases[1]!
    expect(d.name).toBe('(default) "q"')
    expect(d.steps!.map((s) => s.kind)).toEqual(['publish', 'reject', 'nack', 'expire'])
    expect(d.steps![0]).toMatchObject({ kind: 'publish', times: 3 })
    expect(d.steps![3]).toMatchObject({ kind: 'expire', ms: 1500 })
    expect(d.expect).toEqual({ kind: 'in_queue', queue: 'dlq', count: 2, xDeath: { reason: 'rejected', routingKeys: ['q'] } })
    expect(spec!.locate(['cases', 1])).toEqual({ line: 7, col: 5 })
  })

  it('reads the same spec written as JSON (the fast path) to the same cases, 1.0 still a double', () => {
    const json = JSON.stringify({
      topology: 't.yaml', rabbitmq: '3.12',
      cases: [{ name: 'typed', publish: { exchange: 'docs', routing_key: 'k', headers: { d: 1, l: 1 } }, expect: { exactly: ['q'] } }],
    }, null, 2).replace('"d": 1', '"d": 1.0')
    const { spec, diagnostics } = parseSpecText(json, 's.json')
    expect(diagnostics).toEqual([])
    expect(spec!.cases[0]!.publish.publish.headers!.get('d')).toEqual({ type: 'double', value: 1 })
    expect(spec!.cases[0]!.publish.publish.headers!.get('l')).toEqual({ type: 'long', value: 1 })
    expect(spec!.locate(['cases', 0])).toEqual({ line: 5, col: 5 })
  })

  it('an invalid JSON spec is reported with positions (through the YAML reader)', () => {
    const { spec, diagnostics } = parseSpecText('{\n  "topology": "t.yaml",\n  "cases": [ { "publish": {}, "expect": { "unroutable": true } } ]\n}\n', 's.json')
    expect(spec).toBeUndefined()
    expect(diagnostics).toEqual([expect.objectContaining({ rule: 'spec/missing-property', message: "missing property 'exchange'", pos: { line: 3, col: 16 } })])
  })

  it('a case needs exactly one expectation; in_queue needs steps; steps need in_queue; bad typed headers', () => {
    const { diagnostics } = parseSpecText(`topology: t.yaml
cases:
  - publish: { exchange: x }
    expect: {}
  - publish: { exchange: x }
    expect: { in_queue: { queue: q } }
  - publish: { exchange: x }
    steps: []
    expect: { unroutable: true }
  - publish: { exchange: x, headers: { n: { type: byte, value: 300 } } }
    expect: { unroutable: true }
`, 's.yaml')
    expect(diagnostics.map((d) => [d.rule, d.pos?.line])).toEqual([['spec/expectation', 4]])
    const second = parseSpecText(`topology: t.yaml
cases:
  - publish: { exchange: x }
    expect: { in_queue: { queue: q } }
  - publish: { exchange: x }
    steps: []
    expect: { unroutable: true }
  - publish: { exchange: x, headers: { n: { type: byte, value: 300 } } }
    expect: { unroutable: true }
`, 's.yaml').diagnostics
    expect(second.map((d) => [d.rule, d.pos?.line])).toEqual([['spec/expectation', 4], ['spec/expectation', 7], ['spec/header', 8]])
    expect(second[2]!.message).toContain('300 is out of range for byte')
  })

  it('__proto__ is an ordinary header name', () => {
    const { spec } = parseSpecText('topology: t.yaml\ncases:\n  - publish: { exchange: x, headers: { __proto__: 1 } }\n    expect: { unroutable: true }\n', 's.yaml')
    expect(spec!.cases[0]!.publish.publish.headers!.get('__proto__')).toEqual({ type: 'long', value: 1 })
  })
})
