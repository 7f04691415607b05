import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { inputBytes, SHORT_RUN_BYTES } from '../../src/cli/lint/short-run.js'
import { BIN } from './trace-helpers.js'

// `lint` of a small input turns TurboFan off (src/cli/lint/short-run.ts, docs/start-up.md), a process-wide V8 flag
// set after the launcher compiled the bundle with its code cache. V8 stamps each cache with the flags it was made
// under and silently rejects it under others, so a flag left changed when a cache is trained would make every later
// run compile from source: these tests see the caches accepted and the flag set only where it should be.
const ROOT = resolve(import.meta.dirname, '../..')
const SAMPLES = join(ROOT, 'samples')
const LAUNCH = join(ROOT, 'dist/bundle/launch.cjs')
const SIX = readdirSync(SAMPLES).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(SAMPLES, f))
const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-short-run-'))
const ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
delete ENV.RMQ_SIM_V8_DEFAULTS
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the launcher as bin/rmq-sim.cjs does, and reports whether V8 rejected the code cache it handed over. */
function cacheRejected(args: readonly string[]): boolean {
  const probe = [
    "const vm = require('node:vm'); const Script = vm.Script",
    "vm.Script = class extends Script { constructor(...a) { super(...a); process.on('exit', () => require('node:fs').writeSync(2, `\\ncache-rejected=${this.cachedDataRejected}\\n`)) } }",
    `process.argv.splice(1, 0, 'rmq-sim'); require(${JSON.stringify(LAUNCH)}).launch()`,
  ].join('\n')
  const r = spawnSync(process.execPath, ['-e', probe, '--', ...args], { cwd: dir, encoding: 'utf8', env: ENV })
  expect([0, 1], r.stderr).toContain(r.status)
  const m = /cache-rejected=(true|false)/.exec(r.stderr)
  expect(m, r.stderr).not.toBeNull()
  return m![1] === 'true'
}

/** A valid topology of about `bytes` bytes (queues bound to one direct exchange). */
function bigTopology(bytes: number): string {
  const n = Math.ceil(bytes / 90)
  const queues = Array.from({ length: n }, (_, i) => `  q${i}:\n`).join('')
  const bindings = Array.from({ length: n }, (_, i) => `  - source: x\n    destination: q${i}\n    routing_key: k${i}\n`).join('')
  return `exchanges:\n  x:\n    type: direct\nqueues:\n${queues}bindings:\n${bindings}`
}

/** How many TurboFan compiles V8 started in `rmq-sim ...args` (--trace-opt; the flag also makes V8 refuse the cache). */
function turbofanCompiles(args: readonly string[], env: NodeJS.ProcessEnv = ENV): number {
  const r = spawnSync(process.execPath, ['--trace-opt', BIN, ...args], { cwd: dir, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 })
  expect([0, 1], r.stderr).toContain(r.status)
  return r.stdout.split('\n').filter((l) => l.startsWith('[compiling method') && l.includes('TURBOFAN')).length
}

describe('lint of a small input runs without TurboFan', () => {
  it.each([
    ['lint of the six samples', ['lint', ...SIX]],
    ['lint of one sample, JSON', ['lint', SIX[0]!, '--format', 'json']],
    ['trace of a YAML sample', ['trace', join(SAMPLES, 'topic-wildcards.yaml'), '-e', 'events', '-k', 'order.created']],
    ['trace of an export', ['trace', join(SAMPLES, 'definitions-export.json'), '-e', 'shop.orders', '-k', 'order.created']],
    ['explain', ['explain', 'order.*', 'order.created']],
    ['--help', ['--help']],
  ])('the code cache trained for %s is accepted', (_name, args) => {
    expect(cacheRejected(args)).toBe(false)
  })

  it('starts no TurboFan compile for the six samples (unless RMQ_SIM_V8_DEFAULTS is set), and keeps TurboFan for an input above the limit', () => {
    expect(turbofanCompiles(['lint', ...SIX])).toBe(0)
    expect(turbofanCompiles(['lint', ...SIX], { ...ENV, RMQ_SIM_V8_DEFAULTS: '1' })).toBeGreaterThan(0)
    const big = join(dir, 'big.yaml')
    writeFileSync(big, bigTopology(SHORT_RUN_BYTES * 1.5))
    expect(turbofanCompiles(['lint', big, '--format', 'json'])).toBeGreaterThan(0)
  })

  it('counts the bytes of the named files; stdin or a directory makes the size unknown', () => {
    const a = join(dir, 'a.yaml')
    const b = join(dir, 'b.yaml')
    writeFileSync(a, 'x'.repeat(100))
    writeFileSync(b, 'y'.repeat(23))
    expect(inputBytes([a, 'b.yaml'], dir)).toBe(123)
    expect(inputBytes([a, join(dir, 'missing.yaml')], dir)).toBe(100) // the loader reports a missing file
    expect(inputBytes([a, '-'], dir)).toBeUndefined()
    expect(inputBytes([dir], dir)).toBeUndefined()
  })
})
