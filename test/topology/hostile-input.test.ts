import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadTopologyFile } from '../../src/topology/load.js'
import { parseTopologyBytes, parseTopologyText } from '../../src/topology/parse-topology.js'

/** Bad input never throws, never hangs: each case ends as diagnostics with a rule id. */
const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-hostile-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const rulesOf = (text: string) => {
  const l = parseTopologyText(text, 'hostile.yaml')
  expect(l.topology).toBeUndefined()
  return l.diagnostics.map((d) => d.rule)
}

describe('hostile YAML', () => {
  it('refuses a billion-laughs alias bomb quickly', () => {
    let bomb = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for (let i = 1; i < 10; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`
    const start = performance.now()
    expect(rulesOf(bomb)).toEqual(['yaml/alias-limit'])
    expect(performance.now() - start).toBeLessThan(2000)
  })
  it('still accepts a few ordinary aliases', () => {
    const l = parseTopologyText('queues:\n  a: &q {durable: true}\n  b: *q\n', 'ok.yaml')
    expect(l.diagnostics).toEqual([])
    expect(l.topology?.vhosts.get('/')?.queues.size).toBe(2)
  })
  it.each([
    ['flow sequences', 'queues:\n  q:\n    arguments:\n      x: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n'],
    ['flow mappings', 'x: ' + '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000) + '\n'],
    ['JSON arrays in our format', '{"queues":{"q":{"arguments":{"x":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}}}}'],
  ])('reports 10k levels of nested %s as too deep', (_name, text) => {
    expect(rulesOf(text)).toContain('yaml/too-deep')
  })
  it('reports 10k levels of nesting inside a definitions export', () => {
    const text = '{"rabbit_version":"3.13.0","queues":[{"name":"q","vhost":"/","arguments":{"x":' + '['.repeat(10_000) + '1.0' + ']'.repeat(10_000) + '}}]}'
    expect(rulesOf(text)).toEqual(['defs/argument'])
  })
  it('reports a typed value nested deeper than 64 levels in YAML', () => {
    const text = 'queues:\n  q:\n    arguments:\n      x: ' + '['.repeat(100) + ']'.repeat(100) + '\n'
    expect(rulesOf(text)).toEqual(['schema/typed-value'])
  })
  it.each([
    ['an empty file', '', 'yaml/empty'],
    ['only whitespace', ' \n\n\t\n', 'yaml/empty'],
    ['only comments', '# nothing\n', 'yaml/empty'],
    ['a scalar', 'hello', 'yaml/not-a-mapping'],
    ['a list', '- a\n', 'yaml/not-a-mapping'],
    ['punctuation soup', '\u0001}{][:-!&*%@', 'yaml/not-a-mapping'],
    ['two documents', 'queues: {}\n---\nqueues: {}\n', 'yaml/syntax'],
    ['tabs as indentation', 'queues:\n\tq:\n', 'yaml/syntax'],
    ['an unknown tag', 'queues: !!binary |\n  AAAA\n', 'schema/type'],
  ])('turns %s into %s', (_name, text, rule) => {
    expect(rulesOf(text)).toContain(rule)
  })
})

describe('hostile bytes', () => {
  it('refuses NUL bytes as binary', () => {
    const l = parseTopologyBytes(new TextEncoder().encode('queues:\n  q\u0000:\n'), 'nul.yaml')
    expect(l.diagnostics.map((d) => [d.rule, d.message])).toEqual([['io/binary', 'nul.yaml contains NUL bytes (offset 11): not a text file']])
  })
  it('refuses invalid UTF-8 and says where', () => {
    const l = parseTopologyBytes(new Uint8Array([0x71, 0x3a, 0x20, 0x61, 0xc3, 0x28, 0x0a]), 'latin.yaml')
    expect(l.diagnostics.map((d) => [d.rule, d.message])).toEqual([['io/encoding', 'latin.yaml is not valid UTF-8 (first bad byte at offset 4)']])
  })
  it('refuses random binary garbage', () => {
    const bytes = new Uint8Array(64 * 1024)
    let x = 12345
    for (let i = 0; i < bytes.length; i++) { x = (x * 1103515245 + 12345) >>> 0; bytes[i] = x >>> 24 }
    const rules = parseTopologyBytes(bytes, 'garbage.bin').diagnostics.map((d) => d.rule)
    expect(rules.length).toBe(1)
    expect(['io/binary', 'io/encoding']).toContain(rules[0])
  })
  it('accepts a UTF-8 byte order mark', () => {
    const l = parseTopologyBytes(new TextEncoder().encode('\ufeffqueues: {q: }\n'), 'bom.yaml')
    expect(l.diagnostics).toEqual([])
  })
})

describe('files', () => {
  it('refuses a 25 MiB file over the default 20 MiB limit, with a hint', async () => {
    const file = join(dir, 'huge.yaml')
    writeFileSync(file, Buffer.alloc(25 * 1024 * 1024, 0x20))
    const l = await loadTopologyFile(file)
    expect(l.diagnostics).toHaveLength(1)
    expect(l.diagnostics[0]).toMatchObject({ rule: 'io/too-large', severity: 'error', message: `${file} is 25 MiB, over the 20 MiB limit` })
    expect(l.diagnostics[0]?.hint).toMatch(/--max-file-size/)
  })
  it('honours maxFileSize', async () => {
    const file = join(dir, 'small.yaml')
    writeFileSync(file, 'queues:\n  q:\n')
    expect((await loadTopologyFile(file, { maxFileSize: 5 })).diagnostics.map((d) => d.rule)).toEqual(['io/too-large'])
    expect((await loadTopologyFile(file, { maxFileSize: 100 })).diagnostics).toEqual([])
  })
  it('resolves relative names against cwd', async () => {
    writeFileSync(join(dir, 'rel.yaml'), 'queues:\n  q:\n')
    const l = await loadTopologyFile('rel.yaml', { cwd: dir })
    expect(l.diagnostics).toEqual([])
    expect(l.file).toBe('rel.yaml')
  })
  it('reports a missing file and a directory', async () => {
    expect((await loadTopologyFile(join(dir, 'nope.yaml'))).diagnostics.map((d) => d.rule)).toEqual(['io/not-found'])
    expect((await loadTopologyFile(dir)).diagnostics.map((d) => d.rule)).toEqual(['io/unreadable'])
  })
})

describe('fuzzing (properties): the loader never throws, and every position is inside the file', async () => {
  const { readFileSync } = await import('node:fs')
  const { default: fc } = await import('fast-check')
  const samples = ['orders-service.yaml', 'headers-match.yaml', 'definitions-export.json'].map((n) => readFileSync(new URL(`../../samples/${n}`, import.meta.url), 'utf8'))
  const check = (text: string, name: string) => {
    const l = parseTopologyText(text, name)
    const lines = text.split('\n').length
    for (const d of l.diagnostics) {
      expect(d.rule).toMatch(/^[a-z]+\/[a-z-]+$/)
      if (d.pos) {
        expect(d.pos.line).toBeGreaterThanOrEqual(1)
        expect(d.pos.line).toBeLessThanOrEqual(lines)
        expect(d.pos.col).toBeGreaterThanOrEqual(1)
      }
    }
    expect(l.topology === undefined).toBe(l.diagnostics.some((d) => d.severity === 'error'))
  }
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ':', ' ', '\n', '-', '"', '&a', '*a', '1.0', 'x', '#', ',', '\t', '!!', '__proto__') , maxLength: 6 }))
  it('mutated samples', () => {
    fc.assert(fc.property(fc.nat({ max: samples.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (which, edits) => {
      let text = samples[which] as string
      for (const [at, del, ins] of edits) {
        const i = at % (text.length + 1)
        text = text.slice(0, i) + ins + text.slice(i + del)
      }
      check(text, which === 2 ? 'fuzz.json' : 'fuzz.yaml')
    }), { numRuns: 300 })
  })
  it('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => check(text, 'fuzz.yaml')), { numRuns: 300 })
  })
})
