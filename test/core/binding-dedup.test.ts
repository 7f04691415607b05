// Identical bindings are stored once (rabbit_binding:add of an existing binding record is a no-op). The dedup
// compares a destination's first bindings field by field and switches to identity strings past a few; both are
// checked against a plain pairwise comparison.
import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import type { AmqpValue } from '../../src/core/amqp-value.js'
import type { Binding } from '../../src/core/model.js'
import { BindingDedup, bindingIdentity } from '../../src/core/binding-dedup.js'
import { bind, e2e, exchange, router } from './build.js'

const name = fc.constantFrom('a', 'b', 'a\u0000b', '', 'é')
const value = fc.constantFrom<AmqpValue>(
  { type: 'longstr', value: '1' }, { type: 'long', value: 1 }, { type: 'double', value: 1 },
  { type: 'table', value: new Map([['x', { type: 'bool', value: true }]]) },
)
const args = fc.dictionary(fc.constantFrom('x-match', 'k', 'j'), value, { maxKeys: 2 })
const binding = fc.tuple(name, name, fc.boolean(), name, args).map(([s, d, toQueue, k, a]) => (toQueue ? bind(s, d, k, a) : e2e(s, d, k, a)))

/** Runs the dedup over `bs` (destinations numbered by name and kind, as the router does); the positions kept. */
function kept(bs: readonly Binding[]): number[] {
  const ids = new Map<string, number>()
  const destinationOf = (b: Binding): number => {
    const k = `${b.destinationType}:${b.destination}`
    if (!ids.has(k)) ids.set(k, ids.size)
    return ids.get(k)!
  }
  const numbers = bs.map(destinationOf)
  const dedup = new BindingDedup(bs, ids.size)
  return bs.flatMap((_, i) => (dedup.repeats(i, numbers[i]!) ? [] : [i]))
}

/** The reference: a binding repeats one kept before when every field is equal, arguments as a table (order aside). */
const sameTable = (a: ReadonlyMap<string, AmqpValue>, b: ReadonlyMap<string, AmqpValue>): boolean =>
  a.size === b.size && [...a].every(([k, v]) => b.has(k) && JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? [...x].sort() : x)) === JSON.stringify(b.get(k), (_k, x: unknown) => (x instanceof Map ? [...x].sort() : x)))
const same = (a: Binding, b: Binding): boolean =>
  a.source === b.source && a.destination === b.destination && a.destinationType === b.destinationType && a.routingKey === b.routingKey && sameTable(a.arguments, b.arguments)
function referenceKept(bs: readonly Binding[]): number[] {
  const kept: number[] = []
  bs.forEach((b, i) => { if (!kept.some((j) => same(bs[j]!, b))) kept.push(i) })
  return kept
}

describe('identical bindings kept once', () => {
  test('the same bindings kept as by pairwise comparison, however many go to one destination', () => {
    // up to 60 bindings over 5 names: one destination often collects more than the field-by-field limit
    fc.assert(fc.property(fc.array(binding, { maxLength: 60 }), (bs) => {
      expect(kept(bs)).toEqual(referenceKept(bs))
    }), { numRuns: 800 })
  })

  test('past the field-by-field limit: a queue bound with many keys, repeats found in both phases', () => {
    const bs = Array.from({ length: 75 }, (_, i) => bind('x', 'q', `k${i % 25}`))
    expect(kept(bs)).toEqual(bs.flatMap((_, i) => (i < 25 ? [i] : [])))
  })

  test('one destination with many bindings: the same kept as by pairwise comparison', () => {
    const toQ = fc.tuple(name, name, args).map(([s, k, a]) => bind(s, 'q', k, a))
    fc.assert(fc.property(fc.array(toQ, { minLength: 20, maxLength: 120 }), (bs) => {
      expect(kept(bs)).toEqual(referenceKept(bs))
    }), { numRuns: 300 })
  })

  test('names holding NUL are not confused (source a + key b\\0c differs from source a\\0b + key c)', () => {
    expect(bindingIdentity(bind('a', 'q', 'b\u0000c'))).not.toBe(bindingIdentity(bind('a\u0000b', 'q', 'c')))
    expect(kept([bind('a', 'q', 'b\u0000c'), bind('a\u0000b', 'q', 'c')])).toEqual([0, 1])
    expect(kept([...Array.from({ length: 20 }, (_, i) => bind('a', 'q', `${i}`)), bind('a', 'q', 'b\u0000c'), bind('a\u0000b', 'q', 'c')])).toHaveLength(22)
  })

  test('the router lists each source\'s bindings deduplicated, in file order', () => {
    fc.assert(fc.property(fc.array(binding, { maxLength: 50 }), (bs) => {
      const names = ['a', 'b', 'a\u0000b', 'é']
      const r = router({ exchanges: names.map((n) => exchange(n, 'topic')), queues: [...names, ''], bindings: bs })
      // the router keeps bindings whose source is an exchange (not "") and whose destination exists (the default
      // exchange "" is predeclared)
      const routable = bs.filter((b) => b.source !== '' && (b.destinationType === 'queue' || names.includes(b.destination) || b.destination === ''))
      const kept = referenceKept(routable).map((i) => routable[i]!)
      for (const n of names) expect(r.bindingsFrom(n)).toEqual(kept.filter((b) => b.source === n))
    }), { numRuns: 300 })
  })
})
