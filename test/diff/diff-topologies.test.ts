import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Topology, VhostTopology } from '../../src/core/model.js'
import { rulesFor } from '../../src/core/versions.js'
import { diffTopologies, isUnchanged } from '../../src/diff/diff-topologies.js'
import { impliedProbes } from '../../src/diff/routing.js'
import { bind, e2e, exchange, policy, queue } from '../core/build.js'
import { long, str } from '../../src/core/amqp-value.js'

const rules = rulesFor('3.13')
const topo = (v: Partial<VhostTopology>): Topology => ({
  vhosts: new Map([['/', { name: '/', exchanges: new Map((v.exchanges ?? new Map()) as Map<string, never>), queues: v.queues ?? new Map(), bindings: v.bindings ?? [], policies: v.policies ?? [] }]]),
})
const byName = <T extends { name: string }>(...xs: T[]): Map<string, T> => new Map(xs.map((x) => [x.name, x]))

describe('diffTopologies', () => {
  it('property: a topology diffed with itself has no change, whatever its bindings', () => {
    const words = fc.constantFrom('a', 'b', '*', '#')
    fc.assert(fc.property(fc.array(fc.tuple(fc.array(words, { minLength: 1, maxLength: 4 }), fc.constantFrom('q1', 'q2', 'q3')), { maxLength: 12 }), (bs) => {
      const t = topo({ exchanges: byName(exchange('x', 'topic')), queues: byName(queue('q1'), queue('q2'), queue('q3')), bindings: bs.map(([w, q]) => bind('x', q, w.join('.'))) })
      expect(isUnchanged(diffTopologies(t, t, rules, rules).diff)).toBe(true)
    }), { numRuns: 100 })
  })

  it('property: a removed topic binding (any pattern) makes the probes it implies lose its queue, and nothing else', () => {
    const words = fc.constantFrom('a', 'b', '*', '#')
    fc.assert(fc.property(fc.array(words, { minLength: 1, maxLength: 4 }), (w) => {
      const key = w.join('.')
      const a = topo({ exchanges: byName(exchange('x', 'topic')), queues: byName(queue('q')), bindings: [bind('x', 'q', key)] })
      const b = topo({ exchanges: byName(exchange('x', 'topic')), queues: byName(queue('q')), bindings: [] })
      const { diff } = diffTopologies(a, b, rules, rules)
      expect(diff.entities).toEqual([{ kind: 'binding', vhost: '/', name: `x → q ${JSON.stringify(key)}`, change: 'removed', fields: [] }])
      expect(diff.routing.changes.length).toBeGreaterThan(0)
      expect(diff.routing.changes.every((c) => c.lost.length === 1 && c.lost[0] === 'q' && c.added.length === 0)).toBe(true)
    }), { numRuns: 100 })
  })

  it('implied probes: topic # as zero, one and two words, * as one; headers bindings their own headers without x-*; queues on the default exchange', () => {
    const t = topo({
      exchanges: byName(exchange('x', 'topic'), exchange('h', 'headers'), exchange('f', 'fanout')),
      queues: byName(queue('q')),
      bindings: [bind('x', 'q', 'a.#.*'), bind('h', 'q', '', { 'x-match': str('any'), n: long(1) }), e2e('f', 'x', 'ignored')],
    })
    const probes = impliedProbes(t, t).map((p) => [p.publish.exchange, p.publish.routingKey, p.publish.headers ? [...p.publish.headers.keys()] : []])
    expect(probes).toEqual([
      ['x', 'a.any', []], ['x', 'a.any.any', []], ['x', 'a.any.any.any', []],
      ['h', '', ['n']],
      ['f', 'ignored', []],
      ['', 'q', []],
    ])
  })

  it('a policy whose definition changes changes the effective policy of the objects it applies to', () => {
    const a = topo({ queues: byName(queue('q')), policies: [policy('p', '^q$', { 'max-length': 1 }, { applyTo: 'queues' })] })
    const b = topo({ queues: byName(queue('q')), policies: [policy('p', '^q$', { 'max-length': 2 }, { applyTo: 'queues' })] })
    const { diff } = diffTopologies(a, b, rules, rules)
    expect(diff.entities).toEqual([{ kind: 'policy', vhost: '/', name: 'p', change: 'changed', fields: [{ field: 'definition.max-length', old: 1, new: 2 }] }])
    expect(diff.effectivePolicies).toEqual([{ vhost: '/', kind: 'queue', name: 'q', old: 'p', new: 'p' }])
    expect(diff.refused).toEqual([])
  })

  it('refusals follow assert_equivalence: durable and internal of an exchange; a queue argument the type does not declare is not compared', () => {
    const a = topo({ exchanges: byName(exchange('x', 'direct')), queues: byName(queue('q', 'classic', { 'x-foo': long(1) })) })
    const b = topo({ exchanges: byName({ ...exchange('x', 'direct'), internal: true }), queues: byName(queue('q', 'classic', { 'x-foo': long(2) })) })
    const { diff } = diffTopologies(a, b, rules, rules)
    expect(diff.refused.map((r) => [r.kind, r.name, r.code, r.message])).toEqual([
      ['exchange', 'x', 406, "PRECONDITION_FAILED - inequivalent arg 'internal' for exchange 'x' in vhost '/': received 'true' but current is 'false'"],
    ])
  })
})
