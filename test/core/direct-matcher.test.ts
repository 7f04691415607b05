// A direct exchange matches the bindings whose key equals a routing key byte for byte
// (rabbit_exchange_type_direct → rabbit_db_binding:match_routing_key/3), every routing key (key, CC, BCC) routed.
// The matcher groups binding positions by key in typed arrays; checked against a plain filter of the bindings.
import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { EMPTY_TABLE } from '../../src/core/amqp-value.js'
import type { Binding } from '../../src/core/model.js'
import { directExchangeType } from '../../src/core/direct.js'
import { rulesFor } from '../../src/core/versions.js'
import { bind } from './build.js'

const key = fc.constantFrom('', 'a', 'A', 'a.b', '*', '#', 'é', '\u0000')
const rules = rulesFor('4.3.5')

/** The reference: each binding once, in binding order of first match, with the keys that matched it in routing order. */
function reference(bindings: readonly Binding[], keys: readonly string[]): { binding: Binding; keys: string[] }[] {
  const out: { binding: Binding; keys: string[] }[] = []
  for (const k of keys) {
    for (const b of bindings) {
      if (b.routingKey !== k) continue
      const m = out.find((x) => x.binding === b)
      if (m === undefined) out.push({ binding: b, keys: [k] })
      else if (!m.keys.includes(k)) m.keys.push(k)
    }
  }
  return out
}

describe('direct matcher', () => {
  test('binding positions for one key: exactly the equal keys, in binding order', () => {
    fc.assert(fc.property(fc.array(key, { maxLength: 40 }), key, (bindingKeys, k) => {
      const bindings = bindingKeys.map((bk, i) => bind('d', `q${i}`, bk))
      const m = directExchangeType.compile(bindings, rules)
      const out: number[] = [7]
      m.matchIndices!(k, EMPTY_TABLE, out)
      expect(out).toEqual([7, ...bindingKeys.flatMap((bk, i) => (bk === k ? [i] : []))])
    }), { numRuns: 1000 })
  })

  test('match() with one or several routing keys (CC/BCC): each binding once, with the keys that matched it', () => {
    fc.assert(fc.property(fc.array(key, { maxLength: 40 }), fc.array(key, { minLength: 1, maxLength: 4 }), (bindingKeys, keys) => {
      const bindings = bindingKeys.map((bk, i) => bind('d', `q${i % 5}`, bk))
      const m = directExchangeType.compile(bindings, rules)
      expect(m.match({ routingKeys: keys, headers: EMPTY_TABLE }).map((x) => ({ binding: x.binding, keys: [...x.keys] }))).toEqual(reference(bindings, keys))
    }), { numRuns: 1000 })
  })
})
