// `trace --batch` decodes its probes with node's StringDecoder (cheaper than TextDecoder): the text must be what
// TextDecoder gives (U+FFFD for each bad UTF-8 sequence), wherever the input is split into pieces.
import fc from 'fast-check'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import { describe, expect, it } from 'vitest'
import { runCli, tempDirWith } from './trace-helpers.js'

/** Bytes rich in UTF-8 lead, continuation, surrogate and overlong bytes, with a few letters. */
const messyBytes = fc.array(fc.oneof(
  fc.integer({ min: 0x80, max: 0xff }),
  fc.constantFrom(0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9, 0xed, 0xa0, 0xc0, 0xc1, 0xf5, 0xff, 0x61),
), { maxLength: 24 })

describe('batch input decoding', () => {
  it('StringDecoder gives the text TextDecoder gives, split anywhere', () => {
    fc.assert(fc.property(fc.array(fc.oneof(messyBytes, fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }))), fc.array(fc.nat(), { maxLength: 6 }), (parts, cuts) => {
      const buf = Buffer.concat(parts.map((p) => Buffer.from(p)))
      const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b)
      const pieces: Buffer[] = []
      let prev = 0
      for (const p of points) { pieces.push(buf.subarray(prev, p)); prev = p }
      pieces.push(buf.subarray(prev))
      const td = new TextDecoder()
      let expected = ''
      for (const p of pieces) expected += td.decode(p, { stream: true })
      expected += td.decode()
      const sd = new StringDecoder('utf8')
      let got = ''
      for (const p of pieces) got += sd.write(p)
      got += sd.end()
      expect(got).toBe(expected)
    }), { numRuns: 5000 })
  })

  it('through the bin: bad UTF-8 across the 64 KiB read boundary reads as TextDecoder reads the line', async () => {
    const dir = tempDirWith({ 't.yaml': 'exchanges:\n  d: { type: direct }\nqueues:\n  q:\nbindings:\n  - { source: d, destination: q, routing_key: k }\n' })
    await fc.assert(fc.asyncProperty(messyBytes, fc.integer({ min: 0, max: 8 }), async (bytes, shift) => {
      const head = Buffer.from('{"exchange":"d","routingKey":"')
      const pad = Buffer.alloc(65536 - head.length - shift, 0x61)
      const line = Buffer.concat([head, pad, Buffer.from(bytes), Buffer.from('"}')])
      writeFileSync(join(dir, 'p.jsonl'), Buffer.concat([line, Buffer.from('\n{"exchange":"d","routingKey":"k"}\n')]))
      const r = await runCli(['trace', 't.yaml', '--batch', 'p.jsonl', '--fields', 'routingKey,queues'], { cwd: dir })
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' })
      const [first, second] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { routingKey: string; queues: string[] })
      expect(first!.routingKey).toBe((JSON.parse(new TextDecoder().decode(line)) as { routingKey: string }).routingKey)
      expect(second).toEqual({ line: 2, routingKey: 'k', queues: ['q'] })
    }), { numRuns: 8 })
  }, 60_000)
})
