import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Spawns the real CLI (built by `npm test`): stdout, stderr and exit codes as a CI job sees them.
const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'rmq-sim.js')

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete base.FORCE_COLOR // FORCE_COLOR='' means "colour" in Node; only the tests that want it set it
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const CLEAN = 'exchanges:\n  orders: {type: topic}\nqueues:\n  orders:\nbindings:\n  - {source: orders, destination: orders, routing_key: "order.#"}\n'
const WARN = 'exchanges:\n  orders: {type: topic}\nqueues:\n  orders:\nbindings:\n  - {source: orders, destination: orders, routing_key: "order*"}\n'
const ERROR = 'exchanges:\n  orders: {type: topic}\nqueues:\n  orders:\nbindings:\n  - {source: orders, destination: order, routing_key: "order.#"}\n'
/** 1-based column of `needle` on line 6 (the binding) of a fixture above. */
const col6 = (text: string, needle: string) => text.split('\n')[5]!.indexOf(needle) + 1
const HASH = (v?: string) => `${v ? `rabbitmq: "${v}"\n` : ''}exchanges:\n  orders: {type: topic}\nqueues:\n  orders:\nbindings:\n  - {source: orders, destination: orders, routing_key: "#.#.#"}\n`

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-lint-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

const ws = workspace({
  'clean.yaml': CLEAN, 'warn.yaml': WARN, 'error.yaml': ERROR, 'broken.yaml': 'exchanges: [\n',
  'hash.yaml': HASH(), 'hash-435.yaml': HASH('4.3.5'), 'nested/deep/clean.yaml': CLEAN, 'my dir/x,y.yaml': ERROR,
})

describe('rmq-sim lint: exit codes (eslint convention)', () => {
  it('0 and no output for a clean file', () => {
    expect(run(['lint', 'clean.yaml'], ws)).toEqual({ code: 0, stdout: '', stderr: '' })
  })
  it('0 with warnings only', () => {
    const r = run(['lint', 'warn.yaml'], ws)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`warn.yaml:6:${col6(WARN, '"order*"')}  warning`)
    expect(r.stdout).toContain('✖ 1 problem (0 errors, 1 warning)')
  })
  it('1 with errors, printing file:line:col, the code frame and the summary', () => {
    const r = run(['lint', 'error.yaml'], ws)
    expect(r.code).toBe(1)
    const c = col6(ERROR, 'order,')
    expect(r.stdout).toContain(`error.yaml:6:${c}  error    binding destination queue 'order' is not declared in vhost '/' (did you mean 'orders'?)  ref/unknown-queue`)
    expect(r.stdout).toContain('    6 |   - {source: orders, destination: order, routing_key: "order.#"}')
    expect(r.stdout).toContain(`\n      | ${' '.repeat(c - 1)}^\n`)
    expect(r.stdout).toContain('✖ 2 problems (1 error, 1 warning)')
  })
  it('1 when a file does not parse, and the other files are still linted', () => {
    const r = run(['lint', '--format', 'json', 'broken.yaml', 'warn.yaml'], ws)
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout)
    expect(out.files.map((f: { file: string }) => f.file)).toEqual(['broken.yaml', 'warn.yaml'])
    expect(out.files[0].diagnostics[0].rule).toBe('yaml/syntax')
    expect(out.files[1].diagnostics[0].rule).toBe('topic/literal-wildcard-char')
  })
  it('--max-warnings: 1 when exceeded, 0 at the limit', () => {
    const over = run(['lint', '--max-warnings', '0', 'warn.yaml'], ws)
    expect(over.code).toBe(1)
    expect(over.stderr).toContain('too many warnings (1)')
    expect(run(['lint', '--max-warnings', '1', 'warn.yaml'], ws).code).toBe(0)
  })
  it('--quiet reports errors only (warnings still count for --max-warnings)', () => {
    const r = run(['lint', '--quiet', 'warn.yaml', 'error.yaml'], ws)
    expect(r.code).toBe(1)
    expect(r.stdout).not.toContain('warning  ')
    expect(r.stdout).toContain('ref/unknown-queue')
    expect(run(['lint', '--quiet', 'warn.yaml'], ws).stdout).toBe('')
    expect(run(['lint', '--quiet', '--max-warnings', '0', 'warn.yaml'], ws).code).toBe(1)
  })
  it('2 for a missing file', () => {
    const r = run(['lint', 'missing.yaml'], ws)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('missing.yaml: no such file')
  })
  it('2 for a glob that matches nothing', () => {
    const r = run(['lint', 'nothing/*.yaml'], ws)
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toBe("rmq-sim: no files match 'nothing/*.yaml'\n")
  })
  it('2 for a file over --max-file-size, with a hint to raise it', () => {
    const r = run(['lint', '--max-file-size', '10', 'clean.yaml'], ws)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/over the .* limit/)
    expect(r.stderr).toContain('--max-file-size')
  })
  it('2 for an invalid --rabbitmq version, an unknown format, or no file at all', () => {
    expect(run(['lint', '--rabbitmq', '9.1', 'clean.yaml'], ws).code).toBe(2)
    expect(run(['lint', '--rabbitmq', 'latest', 'clean.yaml'], ws).stderr).toMatch(/invalid RabbitMQ version "latest"/)
    expect(run(['lint', '--format', 'xml', 'clean.yaml'], ws).code).toBe(2)
    expect(run(['lint'], ws).code).toBe(2)
  })
  it('never prints a stack trace', () => {
    for (const args of [['lint', 'missing.yaml'], ['lint', 'broken.yaml'], ['lint', '--rabbitmq', 'x', 'clean.yaml']]) {
      expect(run(args, ws).stderr).not.toMatch(/\n\s+at /)
    }
  })
})

describe('rmq-sim lint: versions', () => {
  it('topic/too-many-hash is an error with 4.3.5 rules (the file\'s version or --rabbitmq), a warning before', () => {
    expect(run(['lint', 'hash.yaml'], ws).code).toBe(1) // DEFAULT_VERSION 4.3.5
    expect(run(['lint', '--rabbitmq', '4.3.4', 'hash.yaml'], ws).code).toBe(0)
    expect(run(['lint', 'hash-435.yaml'], ws).code).toBe(1)
    expect(run(['lint', '--rabbitmq', '3.13', 'hash-435.yaml'], ws).code).toBe(0)
  })
})

describe('rmq-sim lint: files and globs', () => {
  it('expands `**`, `*` and `{a,b}` itself (Windows shells do not)', () => {
    const r = run(['lint', '--json', '**/clean.yaml', '{warn,error}.yaml'], ws)
    expect(JSON.parse(r.stdout).files.map((f: { file: string }) => f.file)).toEqual(['clean.yaml', 'nested/deep/clean.yaml', 'error.yaml', 'warn.yaml'])
  })
})

describe('rmq-sim lint: formats', () => {
  it('--json is --format json', () => {
    expect(run(['lint', '--json', 'warn.yaml'], ws).stdout).toBe(run(['lint', '--format', 'json', 'warn.yaml'], ws).stdout)
  })
  it('github: workflow commands with escaped properties', () => {
    const r = run(['lint', '--format', 'github', 'my dir/x,y.yaml'], ws)
    expect(r.stdout).toContain(`::error file=my dir/x%2Cy.yaml,line=6,col=${col6(ERROR, 'order,')},title=ref/unknown-queue::binding destination queue 'order'`)
  })
  it('sarif: 2.1.0 with repo-relative, percent-encoded URIs', () => {
    const sarif = JSON.parse(run(['lint', '--format', 'sarif', 'my dir/x,y.yaml', 'warn.yaml'], ws).stdout)
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].tool.driver.version).toMatch(/^\d+\.\d+\.\d+/)
    const uris = sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri)
    expect(uris).toEqual(['my%20dir/x%2Cy.yaml', 'my%20dir/x%2Cy.yaml', 'warn.yaml'])
  })
  it('no colour with NO_COLOR or when stdout is not a terminal; FORCE_COLOR turns it on', () => {
    // eslint-disable-next-line no-control-regex
    const esc = /\u001b\[/
    expect(run(['lint', 'warn.yaml'], ws).stdout).not.toMatch(esc)
    expect(run(['lint', 'warn.yaml'], ws, { NO_COLOR: '' }).stdout).not.toMatch(esc)
    expect(run(['lint', 'warn.yaml'], ws, { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).toMatch(esc)
    expect(run(['lint', '--no-color', 'warn.yaml'], ws, { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).not.toMatch(esc)
  })
})

describe('rmq-sim lint: samples and definitions exports', () => {
  it('a rabbitmqctl export whose internal exchanges are missing: warnings with the hint, no error (exit 0)', () => {
    const r = run(['lint', 'test/fixtures/invalid/defs-rabbitmqctl.json'], ROOT)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('rabbitmqctl export_definitions leaves out internal exchanges')
    expect(r.stdout).toContain('✖ 2 problems (0 errors, 2 warnings)')
  })
  it('a realistic management API export lints clean', () => {
    expect(run(['lint', 'test/fixtures/valid/defs-api-realistic.json'], ROOT)).toEqual({ code: 0, stdout: '', stderr: '' })
  })
  it('samples/* lint with no error and no warning', () => {
    const r = run(['lint', '--format', 'json', 'samples/*.yaml', 'samples/*.json'], ROOT)
    const out = JSON.parse(r.stdout)
    expect(out.files.length).toBeGreaterThanOrEqual(6)
    expect(out.summary).toMatchObject({ errors: 0, warnings: 0 })
    expect(r.code).toBe(0)
  })
})
