// The line reader of `trace --batch` (src/cli/commands/batch-lines.ts) gives the lines of its input however the
// input is cut into pieces, stops when the sink is full and goes on where it stopped, and refuses over-long lines.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BatchLines } from '../../src/cli/commands/batch-lines.js'

/** Reads `bytes` cut at `cuts`, the sink full after every `fullEvery` lines; returns the lines it got. */
function readAll(bytes: Buffer, cuts: readonly number[], maxLineChars: number, fullEvery = Infinity): string[] {
  const got: string[] = []
  let sinceEmpty = 0
  const lines = new BatchLines({
    line(text, start, end) { got.push(text.slice(start, end)); sinceEmpty++ },
    overlong() { got.push('<overlong>'); sinceEmpty++ },
    get full() { return sinceEmpty >= fullEvery },
  }, maxLineChars)
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  let from = 0
  for (const to of [...at, bytes.length]) {
    lines.push(bytes.subarray(from, to))
    while (!lines.read()) sinceEmpty = 0
    from = to
  }
  lines.end()
  return got
}

/** What the lines should be: the decoded text split at line ends (a last line without one counts when not empty). */
function expected(bytes: Buffer, maxLineChars: number): string[] {
  const parts = new TextDecoder().decode(bytes).split('\n')
  if (parts.at(-1) === '') parts.pop()
  return parts.map((l) => (l.length > maxLineChars ? '<overlong>' : l))
}

const text = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'é', '\n', '日', '😀', '\r', '{') }), fc.string({ unit: 'grapheme' }))
const bytes = fc.oneof(text.map((t) => Buffer.from(t)), fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b)))

describe('BatchLines', () => {
  it('gives the lines of the input however it is cut, stopping and going on when the sink is full', () => {
    fc.assert(fc.property(bytes, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 4 }), (b, cuts, fullEvery) => {
      // a line over the limit only when gathered across pieces: cut nowhere, no line is refused
      expect(readAll(b, [], 1e9, fullEvery)).toEqual(expected(b, 1e9))
      expect(readAll(b, cuts, 1e9, fullEvery)).toEqual(expected(b, 1e9))
    }), { numRuns: 2000 })
  })

  it('refuses a line gathered across pieces once it is longer than the limit, and reads the next line', () => {
    const input = Buffer.from(`ok\n${'x'.repeat(50)}\nnext\n${'y'.repeat(10)}`)
    // cut every 8 bytes: the long line is gathered from pieces
    const cuts = Array.from({ length: 20 }, (_, i) => (i + 1) * 8)
    expect(readAll(input, cuts, 20)).toEqual(['ok', '<overlong>', 'next', 'yyyyyyyyyy'])
    expect(readAll(input, cuts, 60)).toEqual(['ok', 'x'.repeat(50), 'next', 'yyyyyyyyyy'])
  })
})
