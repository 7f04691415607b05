import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Each file in test/fixtures/invalid lists its expected findings as `# expect: rule@line:col` (YAML) or in
// expect.json (JSON exports); the real CLI must report exactly those, in that order. Assumes `npm test` built dist/.
const ROOT = join(import.meta.dirname, '..', '..')
const DIR = join(ROOT, 'test', 'fixtures', 'invalid')
const BIN = join(ROOT, 'bin', 'rmq-sim.js')

const jsonExpect = JSON.parse(readFileSync(join(DIR, 'expect.json'), 'utf8')) as Record<string, string[]>
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.yaml') || (f.endsWith('.json') && f !== 'expect.json')).sort()

function expected(file: string): string[] {
  if (file.endsWith('.json')) return jsonExpect[file] ?? []
  return readFileSync(join(DIR, file), 'utf8').split('\n').filter((l) => l.startsWith('# expect: ')).map((l) => l.slice('# expect: '.length).trim())
}

interface JsonOut { files: { file: string; diagnostics: { rule: string; line: number | null; col: number | null; severity: string }[] }[] }

function lintJson(files: string[]): { out: JsonOut; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, 'lint', '--format', 'json', ...files], { cwd: DIR, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' })
  if (!r.stdout) throw new Error(`rmq-sim lint printed nothing (exit ${r.status}): ${r.stderr}`)
  return { out: JSON.parse(r.stdout) as JsonOut, status: r.status }
}

describe('test/fixtures/invalid: each fixture yields its expected rule ids at line:col', () => {
  const { out, status } = lintJson(fixtures)
  it('lints every fixture in one run and exits 1 (errors found; a broken file does not stop the others)', () => {
    expect(out.files.map((f) => f.file)).toEqual(fixtures)
    expect(status).toBe(1)
  })
  it.each(fixtures)('%s', (file) => {
    const want = expected(file)
    expect(want.length).toBeGreaterThan(0)
    const got = out.files.find((f) => f.file === file)!.diagnostics.map((d) => `${d.rule}@${d.line}:${d.col}`)
    expect(got).toEqual(want)
  })
})

describe('test/fixtures/valid and samples: no error and no warning', () => {
  const valid = readdirSync(join(ROOT, 'test', 'fixtures', 'valid')).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => join('..', 'valid', f))
  const samples = readdirSync(join(ROOT, 'samples')).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => join('..', '..', '..', 'samples', f))
  const all = [...valid, ...samples]
  const { out, status } = lintJson(all)
  it('exits 0', () => {
    expect(status).toBe(0)
  })
  it.each(all)('%s', (file) => {
    const problems = out.files.find((f) => f.file === file.replaceAll('\\', '/'))!.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.rule}@${d.line}:${d.col}`)
    expect(problems).toEqual([])
  })
})
