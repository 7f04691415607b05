// Queue names come out of a route in RabbitMQ's order: lists:usort over the names as UTF-8 binaries
// (rabbit_exchange.erl route/2), i.e. by code point, not by the UTF-16 code units Array#sort compares.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareCodePoints, sortCodePoints } from '../../src/core/code-point-order.js'
import { createRouter, parseTopologyText, rulesFor } from '../../src/index.js'

const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
// well-formed names (UTF-8 has no lone surrogates), weighted towards the units where the two orders part
const name = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'z', '\ue000', '\uffff', '\ud7ff', '😀', '𝄞', '\u{10ffff}'), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 5 })

describe('code point order', () => {
  it('sorts as the names\' UTF-8 bytes sort (what lists:usort does with binaries)', () => {
    fc.assert(fc.property(fc.array(name, { maxLength: 30 }), (xs) => {
      expect(sortCodePoints([...xs])).toEqual([...xs].sort(byUtf8))
      for (const a of xs.slice(0, 5)) for (const b of xs.slice(0, 5)) expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(byUtf8(a, b)))
    }), { numRuns: 2000 })
  })

  it('a fanout to "\uffff" and "😀" lists "\uffff" first, as RabbitMQ does (code units would put "😀" first)', () => {
    const { topology } = parseTopologyText('exchanges:\n  f: { type: fanout }\nqueues:\n  "😀":\n  "\uffff":\n  a:\nbindings:\n  - { source: f, destination: "😀" }\n  - { source: f, destination: "\uffff" }\n  - { source: f, destination: a }\n', 't.yaml')
    const router = createRouter(topology!.vhosts.get('/')!, rulesFor('3.13'))
    expect(router.route({ exchange: 'f', routingKey: '' }).queues).toEqual(['a', '\uffff', '😀'])
    expect(router.trace({ exchange: 'f', routingKey: '' }).queues).toEqual(['a', '\uffff', '😀'])
    expect(router.route({ exchange: '', routingKey: '😀', headers: new Map([['CC', { type: 'array', value: [{ type: 'longstr', value: '\uffff' }] }]]) }).queues).toEqual(['\uffff', '😀'])
  })
})
