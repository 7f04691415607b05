// The batch memo keeps results by exact line text, within its bounds, and turns itself off when lines do not repeat.
import { describe, expect, it } from 'vitest'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { BatchMemo } from '../../src/cli/commands/batch-memo.js'

/** Keeps `rest` (as UTF-8) for `line`; reads back what is kept for a line. */
const set = (m: BatchMemo, line: string, rest: string): void => {
  const bytes = Buffer.from(rest)
  m.set(line, bytes, 0, bytes.length)
}
const get = (m: BatchMemo, line: string): string | undefined => {
  const bytes = m.find(line)
  return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8')
}

describe('BatchMemo', () => {
  it('answers only the exact line text it kept, with the bytes it was given', () => {
    const m = new BatchMemo()
    set(m, '{"exchange":"x"}', ',"queues":[]}')
    expect(get(m, '{"exchange":"x"}')).toBe(',"queues":[]}')
    expect(get(m, '{"exchange":"x"} ')).toBeUndefined()
    expect(get(m, '{"exchange":"X"}')).toBeUndefined()
  })

  it('keeps a copy, not the input chunk the line was sliced from', () => {
    const chunk = `${'{"exchange":"a"}\n'.repeat(1000)}`
    const m = new BatchMemo()
    const line = chunk.slice(17, 33)
    // the source bytes may change afterwards (the output buffer is reused): the memo has its own copy
    const src = Buffer.from('xxrxx')
    m.set(line, src, 2, 3)
    src.fill(0)
    expect(get(m, '{"exchange":"a"}')).toBe('r')
  })

  it('keeps a line apart from the text it was sliced from: the memo does not keep input chunks alive', () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const m = new BatchMemo()
    const line = (i: number): string => `{"exchange":"x${i}","routingKey":"k"}`
    gc()
    const before = process.memoryUsage().heapUsed
    for (let i = 0; i < 40; i++) {
      // a 1 MiB chunk with one short line at its start, as a batch reads them; the memo keeps only the line
      const chunk = `${line(i)}\n${'y'.repeat(1 << 20)}`
      set(m, chunk.slice(0, line(i).length), `r${i}`)
    }
    gc()
    // 40 MiB of chunks were made; kept alive they would still be there
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(8 * 1024 * 1024)
    expect(get(m, line(7))).toBe('r7')
  })

  it('keeps any line text exactly, a lone surrogate included', () => {
    const m = new BatchMemo()
    set(m, '{"routingKey":"\ud800"}', 'lone')
    expect(get(m, '{"routingKey":"\ud800"}')).toBe('lone')
    expect(get(m, '{"routingKey":"\ufffd"}')).toBeUndefined()
  })

  it('keeps results across its storage blocks, long ones included', () => {
    const m = new BatchMemo()
    const rests = Array.from({ length: 6 }, (_, i) => String.fromCharCode(97 + i).repeat(i % 2 === 0 ? 200_000 : 300_000))
    rests.forEach((r, i) => set(m, `line ${i}`, r))
    rests.forEach((r, i) => expect(get(m, `line ${i}`)).toBe(r))
  })

  it('keeps nothing past its size, nor lines over its line limit', () => {
    const m = new BatchMemo(40, 10)
    set(m, '0123456789x', 'r')
    expect(get(m, '0123456789x')).toBeUndefined()
    set(m, 'a', 'x'.repeat(30))
    set(m, 'b', 'y'.repeat(30))
    expect(get(m, 'a')).toBe('x'.repeat(30))
    expect(get(m, 'b')).toBeUndefined()
  })

  it('turns itself off after 8192 lines kept with fewer than one hit per 8, and stays on when lines repeat', () => {
    const distinct = new BatchMemo()
    for (let i = 0; i < 8191; i++) set(distinct, `line ${i}`, `r${i}`)
    expect(get(distinct, 'line 5')).toBe('r5')
    expect(distinct.taking).toBe(true)
    set(distinct, 'line 8191', 'r8191')
    expect(distinct.taking).toBe(false)
    expect(get(distinct, 'line 5')).toBeUndefined()
    set(distinct, 'again', 'r')
    expect(get(distinct, 'again')).toBeUndefined()

    const repeating = new BatchMemo()
    for (let i = 0; i < 8192; i++) {
      set(repeating, `line ${i}`, `r${i}`)
      if (i % 4 === 0) expect(get(repeating, `line ${i}`)).toBe(`r${i}`)
    }
    expect(get(repeating, 'line 8000')).toBe('r8000')
  })
})
