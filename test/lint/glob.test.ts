import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expandBraces, expandGlobs, segmentRegExp } from '../../src/cli/glob.js'

function tree(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-glob-'))
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true })
    writeFileSync(join(dir, f), '')
  }
  return dir
}

describe('glob expansion (src/cli/glob.ts)', () => {
  const cwd = tree(['a.yaml', 'b.yaml', 'c.json', '.hidden.yaml', 'sub/d.yaml', 'sub/deep/e.yaml', 'node_modules/x.yaml', '.git/y.yaml', 'x1.yml', 'x2.yml'])
  it('`*` stays within a segment and skips dot-files', () => {
    expect(expandGlobs(['*.yaml'], cwd).files).toEqual(['a.yaml', 'b.yaml'])
  })
  it('`**` descends any depth (zero included) but not into node_modules or dot-directories', () => {
    expect(expandGlobs(['**/*.yaml'], cwd).files).toEqual(['a.yaml', 'b.yaml', 'sub/d.yaml', 'sub/deep/e.yaml'])
    expect(expandGlobs(['sub/**'], cwd).files).toEqual(['sub/d.yaml', 'sub/deep/e.yaml'])
  })
  it('`?`, `[...]` and `{a,b}`', () => {
    expect(expandGlobs(['x?.yml'], cwd).files).toEqual(['x1.yml', 'x2.yml'])
    expect(expandGlobs(['x[2].yml'], cwd).files).toEqual(['x2.yml'])
    expect(expandGlobs(['{a,c}.{yaml,json}'], cwd).files).toEqual(['a.yaml', 'c.json'])
    expect(expandBraces('a{b,c{d,e}}f')).toEqual(['abf', 'acdf', 'acef'])
    expect(segmentRegExp('a.b*').test('a.bcd')).toBe(true)
    expect(segmentRegExp('a.b*').test('axbcd')).toBe(false)
  })
  it('plain paths pass through unchanged (even missing ones), duplicates are dropped', () => {
    expect(expandGlobs(['missing.yaml', 'a.yaml', '*.yaml'], cwd)).toEqual({ files: ['missing.yaml', 'a.yaml', 'b.yaml'], unmatched: [] })
  })
  it('reports globs that match nothing', () => {
    expect(expandGlobs(['*.toml', 'a.yaml'], cwd).unmatched).toEqual(['*.toml'])
    expect(expandGlobs(['nodir/*.yaml'], cwd).unmatched).toEqual(['nodir/*.yaml'])
  })
  it('dot-files match when the pattern asks for them', () => {
    expect(expandGlobs(['.*.yaml'], cwd).files).toEqual(['.hidden.yaml'])
  })
})
