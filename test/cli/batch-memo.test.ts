// The batch memo keeps results by exact line text, within its bounds, and turns itself off when lines do not repeat.
import { describe, expect, it } from 'vitest'
import { BatchMemo } from '../../src/cli/commands/batch-memo.js'

describe('BatchMemo', () => {
  it('answers only the exact line text it kept', () => {
    const m = new BatchMemo()
    m.set('{"exchange":"x"}', ',"queues":[]}')
    expect(m.get('{"exchange":"x"}')).toBe(',"queues":[]}')
    expect(m.get('{"exchange":"x"} ')).toBeUndefined()
    expect(m.get('{"exchange":"X"}')).toBeUndefined()
  })

  it('keeps a copy, not the input chunk the line was sliced from', () => {
    const chunk = `${'{"exchange":"a"}\n'.repeat(1000)}`
    const m = new BatchMemo()
    const line = chunk.slice(17, 33)
    m.set(line, 'r')
    expect(m.get('{"exchange":"a"}')).toBe('r')
  })

  it('does not keep a line that does not survive a copy through UTF-8 (a lone surrogate), so no other line can match it', () => {
    const m = new BatchMemo()
    m.set('{"routingKey":"\ud800"}', 'a')
    expect(m.get('{"routingKey":"\ud800"}')).toBeUndefined()
    expect(m.get('{"routingKey":"\ufffd"}')).toBeUndefined()
  })

  it('keeps nothing past its size, nor lines over its line limit', () => {
    const m = new BatchMemo(40, 10)
    m.set('0123456789x', 'r')
    expect(m.get('0123456789x')).toBeUndefined()
    m.set('a', 'x'.repeat(30))
    m.set('b', 'y'.repeat(30))
    expect(m.get('a')).toBe('x'.repeat(30))
    expect(m.get('b')).toBeUndefined()
  })

  it('turns itself off after 8192 lines kept with fewer than one hit per 8, and stays on when lines repeat', () => {
    const distinct = new BatchMemo()
    for (let i = 0; i < 8191; i++) distinct.set(`line ${i}`, `r${i}`)
    expect(distinct.get('line 5')).toBe('r5')
    distinct.set('line 8191', 'r8191')
    expect(distinct.get('line 5')).toBeUndefined()
    distinct.set('again', 'r')
    expect(distinct.get('again')).toBeUndefined()

    const repeating = new BatchMemo()
    for (let i = 0; i < 8192; i++) {
      repeating.set(`line ${i}`, `r${i}`)
      if (i % 4 === 0) expect(repeating.get(`line ${i}`)).toBe(`r${i}`)
    }
    expect(repeating.get('line 8000')).toBe('r8000')
  })
})
