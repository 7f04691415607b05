// The byte-level output of `trace --batch` writes what the string it replaces would have written.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BatchOutput, LinePrefix } from '../../src/cli/commands/batch-output.js'

type Piece = { str: string } | { raw: string }
type Op = { kind: 'text'; line: string } | { kind: 'numbered'; n: number; rest: string } | { kind: 'pieces'; n: number; pieces: Piece[] } | { kind: 'take' }
const lineNumber = fc.oneof(fc.nat(), fc.constantFrom(0, 9, 10, 99, 100, 2 ** 31, Number.MAX_SAFE_INTEGER))
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 300 }))
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), line: fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 300 })) }),
  fc.record({ kind: fc.constant('numbered' as const), n: lineNumber, rest: fc.string({ unit: 'grapheme' }) }),
  // a line written piece by piece (str: text, raw: bytes short and long), as compact results are
  fc.record({ kind: fc.constant('pieces' as const), n: lineNumber, pieces: fc.array(fc.oneof(anyText.map((str) => ({ str })), fc.oneof(anyText, fc.string({ minLength: 60, maxLength: 200 })).map((raw) => ({ raw }))), { maxLength: 6 }) }),
  fc.constant({ kind: 'take' as const }),
)

describe('BatchOutput', () => {
  it('lastLine points at the bytes of the line just written', () => {
    const out = new BatchOutput(16)
    out.text('ab')
    out.text('{"line":7,"q":["é"]}')
    const { bytes, start, end } = out.lastLine
    expect(Buffer.from(bytes.subarray(start, end)).toString('utf8')).toBe('{"line":7,"q":["é"]}\n')
  })

  it('fills a taken buffer again only after its write is done', () => {
    const out = new BatchOutput(64)
    const same = (x: Buffer, y: Buffer): boolean => x.buffer === y.buffer && x.byteOffset === y.byteOffset
    out.text('first')
    const a = out.take()
    out.text('second')
    const b = out.take()
    expect(same(a.bytes, b.bytes)).toBe(false)
    a.done()
    out.text('third!')
    const c = out.take()
    // the buffer after `c` is `a`'s, written and given back
    out.text('fourth')
    const d = out.take()
    expect([a.bytes.toString(), b.bytes.toString(), c.bytes.toString(), d.bytes.toString()]).toEqual(['fourth', 'second\n', 'third!\n', 'fourth\n'])
    expect(same(d.bytes, a.bytes)).toBe(true)
  })

  it('gathers exactly the UTF-8 of the lines, across takes and growth, a small chunk size included', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), fc.constantFrom(1, 16, 64 * 1024), (ops, chunk) => {
      const out = new BatchOutput(chunk)
      const taken: Buffer[] = []
      let expected = ''
      for (const o of ops) {
        if (o.kind === 'text') { out.text(o.line); expected += `${o.line}\n` }
        else if (o.kind === 'numbered') { out.numbered(o.n, Buffer.from(`${o.rest}\n`).subarray(0)); expected += `{"line":${o.n}${o.rest}\n` }
        else if (o.kind === 'pieces') {
          const after = out.lineStart(o.n)
          expect(after - out.lastLine.start).toBe(`{"line":${o.n}`.length)
          for (const p of o.pieces) if ('str' in p) out.str(p.str); else out.raw(new Uint8Array(Buffer.from(p.raw)))
          out.str('\n')
          expected += `{"line":${o.n}${o.pieces.map((p) => ('str' in p ? p.str : p.raw)).join('')}\n`
        }
        else { const t = out.take(); taken.push(Buffer.from(t.bytes)); t.done() }
        expect(out.size).toBeGreaterThanOrEqual(0)
      }
      taken.push(out.take().bytes)
      expect(Buffer.concat(taken).equals(Buffer.from(expected, 'utf8'))).toBe(true)
    }), { numRuns: 1000 })
  })
})

describe('LinePrefix', () => {
  it('gives {"line":N for line numbers counting up, repeating and jumping, across every change in digit count', () => {
    const step = fc.oneof({ weight: 8, arbitrary: fc.constant(1) }, fc.constant(0), fc.integer({ min: -50, max: 50 }), fc.constantFrom(1e3, 1e6))
    fc.assert(fc.property(fc.constantFrom(0, 1, 8, 95, 998, 99_990, 2 ** 31 - 3), fc.array(step, { maxLength: 200 }), (start, steps) => {
      const prefix = new LinePrefix()
      let n = start
      for (const s of [0, ...steps]) {
        n = Math.max(0, n + s)
        expect(Buffer.from(prefix.of(n)).toString('latin1')).toBe(`{"line":${n}`)
      }
    }), { numRuns: 300 })
  })
})
