import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { topicWordsMatch } from '../../src/core/topic-match.js'
import { splitTopicKey } from '../../src/core/topic-words.js'
import { rulesFor } from '../../src/core/versions.js'
import { checkTopicPattern, exampleKeys, topicCheckLines } from '../../src/init/topic-check.js'

const rules = rulesFor('4.3')

describe('live check of a topic binding key (rabbit_exchange_type_topic semantics via explainTopic)', () => {
  it('order.* matches order.<word>, not a key one word longer or shorter, and says why', () => {
    const c = checkTopicPattern('order.*', rules)
    expect(c.errors).toEqual([])
    expect(c.warnings).toEqual([])
    const byKey = new Map(c.examples.map((e) => [e.key, e]))
    expect(byKey.get('order.created')?.matches).toBe(true)
    expect(byKey.get('order.created.extra')?.matches).toBe(false)
    expect(byKey.get('order.created.extra')?.reason).toMatch(/'order\.#' would match/)
    expect(byKey.get('order')?.matches).toBe(false)
    expect(byKey.get('other.created')?.reason).toMatch(/word 1 of the key is 'other'/)
  })

  it('# matches every example, the empty key included', () => {
    const c = checkTopicPattern('#', rules)
    expect(c.examples.length).toBeGreaterThanOrEqual(2)
    expect(c.examples.every((e) => e.matches)).toBe(true)
    expect(c.examples.map((e) => e.key)).toContain('')
  })

  it('warns on glued wildcards, empty words and the empty key; these stay legal', () => {
    expect(checkTopicPattern('order*', rules).warnings.join()).toMatch(/'order\*' is a literal word/)
    expect(checkTopicPattern('order.#*', rules).warnings.join()).toMatch(/'#\*' is a literal word/)
    expect(checkTopicPattern('a..b', rules).warnings.join()).toMatch(/empty word/)
    expect(checkTopicPattern('.a', rules).warnings.join()).toMatch(/empty word/)
    expect(checkTopicPattern('', rules).warnings.join()).toMatch(/empty key matches only the empty routing key/)
    for (const p of ['order*', 'a..b', '']) expect(checkTopicPattern(p, rules).errors).toEqual([])
  })

  it('more than two # words is an error only from 4.3.5 (validate_binding), and over 255 bytes always', () => {
    expect(checkTopicPattern('#.a.#.#', rulesFor('4.3.5')).errors.join()).toMatch(/more than 2 '#' words/)
    expect(checkTopicPattern('#.a.#.#', rulesFor('4.3.4')).errors).toEqual([])
    expect(checkTopicPattern('#.a.#.#', rulesFor('3.10')).errors).toEqual([])
    expect(checkTopicPattern('a'.repeat(256), rules).errors.join()).toMatch(/255 bytes/)
  })

  it('lines: errors, warnings, then one line per example', () => {
    const lines = topicCheckLines(checkTopicPattern('order*', rules))
    expect(lines[0]).toMatch(/^⚠ 'order\*'/)
    expect(lines.some((l) => /^✔ matches order\*$/.test(l))).toBe(true)
    expect(lines.some((l) => /^✘ not /.test(l))).toBe(true)
  })

  it('property: each example verdict agrees with the plain matcher, and the first example always matches', () => {
    const word = fc.constantFrom('a', 'b', 'order', '*', '#', '')
    fc.assert(fc.property(fc.array(word, { minLength: 0, maxLength: 6 }), (words) => {
      const pattern = words.join('.')
      const c = checkTopicPattern(pattern, rulesFor('3.13'))
      for (const e of c.examples) expect(e.matches).toBe(topicWordsMatch(splitTopicKey(pattern), splitTopicKey(e.key)))
      expect(c.examples[0]?.key).toBe(exampleKeys(pattern)[0])
      expect(c.examples[0]?.matches).toBe(true)
      expect(new Set(c.examples.map((e) => e.key)).size).toBe(c.examples.length)
    }), { numRuns: 300 })
  })
})
