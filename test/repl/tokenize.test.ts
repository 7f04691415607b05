import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { quoteWord, tokenize } from '../../src/repl/tokenize.js'

const words = (line: string) => {
  const t = tokenize(line)
  if (!t.ok) throw new Error(t.message)
  return t.tokens.map((x) => x.value)
}

describe('tokenize', () => {
  it('splits on whitespace', () => {
    expect(words('  publish  shop\torder.created ')).toEqual(['publish', 'shop', 'order.created'])
  })
  it('"" is an empty word (the empty routing key)', () => {
    expect(words('publish notify ""')).toEqual(['publish', 'notify', ''])
    expect(words("publish notify ''")).toEqual(['publish', 'notify', ''])
  })
  it('keeps spaces and escapes inside double quotes', () => {
    expect(words('publish x "a b" --body "say \\"hi\\"\\n"')).toEqual(['publish', 'x', 'a b', '--body', 'say "hi"\n'])
  })
  it('single quotes are literal', () => {
    expect(words(`--body '{"id": 1, "x": "\\n"}'`)).toEqual(['--body', '{"id": 1, "x": "\\n"}'])
  })
  it('a backslash escapes the next character outside quotes', () => {
    expect(words('a\\ b c')).toEqual(['a b', 'c'])
  })
  it('joins adjacent quoted and bare parts into one word', () => {
    expect(words('order."created eu"x')).toEqual(['order.created eux'])
  })
  it('keeps # and * as ordinary characters', () => {
    expect(words('bind shop q order.# *.eu')).toEqual(['bind', 'shop', 'q', 'order.#', '*.eu'])
  })
  it('marks quoted words so they are never options', () => {
    const t = tokenize('publish x "--key"')
    expect(t.ok && t.tokens.map((x) => x.quoted)).toEqual([false, false, true])
  })
  it('reports an unterminated quote instead of throwing', () => {
    const t = tokenize('publish x "abc')
    expect(t.ok).toBe(false)
    expect(!t.ok && t.message).toMatch(/unterminated " quote/)
    expect(tokenize("a 'b").ok).toBe(false)
    expect(tokenize('a \\').ok).toBe(false)
  })
  it('records offsets and trailing space for completion', () => {
    const t = tokenize('consume ord')
    expect(t.ok && t.tokens[1]).toMatchObject({ start: 8, end: 11 })
    expect(t.ok && t.trailingSpace).toBe(false)
    const u = tokenize('consume ')
    expect(u.ok && u.trailingSpace).toBe(true)
  })
  it('quoteWord round-trips through tokenize (property)', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(words(quoteWord(s))).toEqual([s])
    }))
  })
})
