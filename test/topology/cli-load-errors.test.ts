import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The loader's diagnostics as a user sees them: the real bin (built by `npm test`), NO_COLOR, `rmq-sim lint`.
 * Every fixture's expected `{rule, line, col}` must be in the JSON output, the human output must show
 * file:line:col and the rule, and the exit code follows the severities (1 with an error).
 */
const root = fileURLToPath(new URL('../../', import.meta.url))
const bin = `${root}bin/rmq-sim.js`
const dir = 'test/fixtures/topology/invalid/'
const fixtures = readdirSync(`${root}${dir}`).filter((f) => f.endsWith('.yaml')).sort()
const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete e['FORCE_COLOR'] // set at all (even empty), it wins over NO_COLOR
  return e
}
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: env() })

describe.each(fixtures)('rmq-sim lint %s', (name) => {
  const file = `${dir}${name}`
  const expected = [...readFileSync(`${root}${file}`, 'utf8').matchAll(/^# expect: (\S+) (\d+):(\d+)$/gm)].map((m) => ({ rule: m[1], line: Number(m[2]), col: Number(m[3]) }))

  it('reports each expected rule at its line:col, in JSON and for humans', () => {
    const json = run('lint', file, '--format', 'json')
    expect(json.stderr).toBe('')
    const out = JSON.parse(json.stdout) as { files: { diagnostics: { rule: string; line: number; col: number; severity: string }[] }[] }
    const got = out.files[0]?.diagnostics ?? []
    for (const e of expected) expect(got).toContainEqual(expect.objectContaining(e))
    expect(json.status).toBe(got.some((d) => d.severity === 'error') ? 1 : 0)

    const human = run('lint', file)
    expect(human.status).toBe(json.status)
    for (const e of expected) expect(human.stdout).toContain(`${file}:${e.line}:${e.col}`)
    for (const e of expected) expect(human.stdout).toContain(e.rule as string)
    expect(human.stdout).not.toMatch(/\u001b\[/)
    expect(human.stdout + human.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/)
  })
})

describe('rmq-sim lint on unreadable input', () => {
  it('exits 2 for a missing file', () => {
    const r = run('lint', `${dir}does-not-exist.yaml`)
    expect(r.status).toBe(2)
    expect(r.stdout + r.stderr).toMatch(/does-not-exist\.yaml/)
  })
  it('exits 2 for a file over --max-file-size, with a hint', () => {
    const r = run('lint', `${dir}unknown-property.yaml`, '--max-file-size', '10')
    expect(r.status).toBe(2)
    expect(r.stdout + r.stderr).toMatch(/--max-file-size/)
  })
})
