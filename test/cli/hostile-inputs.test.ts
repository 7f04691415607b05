import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, tempDirWith, type CliRun } from './trace-helpers.js'

// Reading topologies from anything a user can name: devices, FIFOs, stdin, awkward names, unreadable files, and
// YAML aliases. Every case goes through the built bin/rmq-sim.js.

/** runCli (trace-helpers) for inputs rmq-sim stops reading early: the rest of the write then fails with EPIPE, as expected. */
function runCli(args: readonly string[], options: { cwd?: string; input?: string } = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete env.FORCE_COLOR
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = '', stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    child.stdin.on('error', (e: NodeJS.ErrnoException) => { if (e.code !== 'EPIPE') fail(e) })
    child.on('error', fail)
    child.on('close', (code) => done({ stdout, stderr, code }))
    child.stdin.end(options.input ?? '')
  })
}

const TOPOLOGY = 'exchanges:\n  x: {type: fanout}\nqueues: {q: {}}\nbindings:\n  - {source: x, destination: q}\n'

/** The same topology command for each command that reads one: lint, trace, explain, repl. */
const COMMANDS: readonly [string, (file: string) => string[]][] = [
  ['lint', (f) => ['lint', f]],
  ['trace', (f) => ['trace', f, '-e', 'x']],
  ['explain', (f) => ['explain', f, '-e', 'x']],
  ['repl', (f) => ['repl', f, '--script', 'script.txt']],
]

describe('bounded reading: reading stops at --max-file-size', () => {
  it.each(COMMANDS)('%s /dev/zero is refused as too large (exit 2), after reading no more than the limit', async (_name, args) => {
    const dir = tempDirWith({ 'script.txt': 'publish x k\n' })
    const r = await runCli([...args('/dev/zero'), '--max-file-size', '256k'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('/dev/zero is over the 256 KiB limit (stopped reading there)')
  })
  it('lint /dev/zero stops at the default 20 MiB limit', async () => {
    const r = await runCli(['lint', '/dev/zero'], { cwd: tmpdir() })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('over the 20 MiB limit')
  })
  it('a regular file over the limit is refused by its size, without reading', async () => {
    const dir = tempDirWith({ 'big.yaml': `# ${'x'.repeat(300 * 1024)}\n${TOPOLOGY}` })
    const r = await runCli(['trace', 'big.yaml', '-e', 'x', '--max-file-size', '256k'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/big\.yaml is 300\.\d KiB, over the 256 KiB limit/)
  })

  const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0
  it.runIf(hasMkfifo)('a FIFO fed without end is abandoned at the limit; a FIFO holding a topology is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-fifo-'))
    const fifo = join(dir, 'topology.yaml')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    // the writer gets SIGPIPE (and ends) once rmq-sim stops reading and closes the FIFO
    const endless = spawn('sh', ['-c', `exec cat /dev/zero > '${fifo}'`], { stdio: 'ignore' })
    const r = await runCli(['lint', fifo, '--max-file-size', '64k'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('over the 64 KiB limit (stopped reading there)')
    await new Promise((done) => { if (endless.exitCode !== null || endless.signalCode !== null) done(undefined); else endless.on('exit', done) })
    writeFileSync(join(dir, 'source.yaml'), TOPOLOGY)
    const writer = spawn('sh', ['-c', `exec cat '${join(dir, 'source.yaml')}' > '${fifo}'`], { stdio: 'ignore' })
    const ok = await runCli(['trace', fifo, '-e', 'x', '--json'], { cwd: dir })
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ queues: ['q'] })
    await new Promise((done) => { if (writer.exitCode !== null) done(undefined); else writer.on('exit', done) })
  })
  it('stdin over the limit is refused (exit 2) for lint and trace', async () => {
    const input = `${TOPOLOGY}# ${'x'.repeat(2 * 1024 * 1024)}\n`
    for (const args of [['lint', '-'], ['trace', '-', '-e', 'x']]) {
      const r = await runCli([...args, '--max-file-size', '1m'], { cwd: tmpdir(), input })
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('<stdin> is over the 1 MiB limit (stopped reading there)')
    }
  })
  it('refuses a size it cannot read as one', async () => {
    const r = await runCli(['trace', 'x.yaml', '-e', 'x', '--max-file-size', 'lots'], { cwd: tmpdir() })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('expected a size such as')
  })
})

describe('"-" reads the topology from stdin, in every command that reads one', () => {
  const dir = tempDirWith({ 'script.txt': 'publish x k\n' })
  it.each(COMMANDS)('%s -', async (name, args) => {
    const r = await runCli(args('-'), { cwd: dir, input: TOPOLOGY })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    // lint prints nothing for a clean file; the others show the message reaching q
    if (name !== 'lint') expect(r.stdout).toMatch(/\bq\b/)
  })
  it('repl - names the topology <stdin> (or its --stdin-filename) and save asks for a path', async () => {
    const d = tempDirWith({ 'steps.txt': 'save\n' })
    const r = await runCli(['repl', '-', '--script', 'steps.txt'], { cwd: d, input: TOPOLOGY })
    expect(r.stdout).toContain('rmq-sim repl: <stdin>, vhost "/"')
    expect(r.stdout).toContain('the topology has no file')
    const named = await runCli(['repl', '-', '--script', 'steps.txt', '--stdin-filename', 'orders.yaml'], { cwd: d, input: TOPOLOGY })
    expect(named.stdout).toContain('rmq-sim repl: orders.yaml, vhost "/"')
  })
  it('--stdin-filename names it in reports (and a .json name reads it as JSON)', async () => {
    const bad = await runCli(['lint', '-', '--stdin-filename', 'config/broken.yaml'], { cwd: dir, input: 'exchanges: [\n' })
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/^config\/broken\.yaml\n\s+config\/broken\.yaml:\d+:\d+\s+error/m)
    const json = await runCli(['trace', '-', '-e', 'x', '--stdin-filename', 'defs.json'], { cwd: dir, input: '{"exchanges": [' })
    expect(json.code).toBe(2)
    expect(json.stderr).toContain('defs.json:1:')
    expect(json.stderr).toContain('json/syntax')
    const unnamed = await runCli(['trace', '-', '-e', 'x'], { cwd: dir, input: 'exchanges: [\n' })
    expect(unnamed.stderr).toMatch(/<stdin>:\d+:\d+ yaml\/syntax/)
  })
  it('stdin cannot hold both the topology and the probes or commands', async () => {
    const batch = await runCli(['trace', '-', '--batch', '-'], { cwd: dir, input: TOPOLOGY })
    expect(batch.code).toBe(2)
    expect(batch.stderr).toContain('not both')
    const repl = await runCli(['repl', '-'], { cwd: dir, input: TOPOLOGY })
    expect(repl.code).toBe(2)
    expect(repl.stderr).toContain('--script FILE')
  })
})

describe('YAML anchors and aliases: guarded by what they expand to, not by how often they are used', () => {
  const shared = (n: number, value = '{x-queue-type: quorum, x-delivery-limit: 5}'): string => {
    const lines = ['exchanges:', '  x: {type: direct}', 'queues:']
    for (let i = 0; i < n; i++) lines.push(i === 0 ? `  q0: {arguments: &args ${value}}` : `  q${i}: {arguments: *args}`)
    lines.push('bindings:')
    for (let i = 0; i < n; i++) lines.push(`  - {source: x, destination: q${i}, routing_key: k${i}}`)
    return `${lines.join('\n')}\n`
  }
  /** 9 levels of 9 aliases each: 9^9 strings from a few hundred bytes. */
  const bomb = (): string => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let l = 1; l < 10; l++) lines.push(`a${l}: &a${l} [${Array(9).fill(`*a${l - 1}`).join(',')}]`)
    return `${lines.join('\n')}\nexchanges: *a9\n`
  }
  const dir = tempDirWith({ 'shared.yaml': shared(150), 'bomb.yaml': bomb(), 'wide.yaml': shared(1000, `{x-queue-type: quorum, x-note: "${'n'.repeat(4000)}"}`) })

  it('one anchor reused by 150 queues loads and routes', async () => {
    const r = await runCli(['trace', 'shared.yaml', '-e', 'x', '-k', 'k149', '--json'], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toMatchObject({ queues: ['q149'] })
    const lint = await runCli(['lint', 'shared.yaml', '--format', 'json'], { cwd: dir })
    expect(lint.stdout).not.toContain('yaml/alias-limit')
    expect(lint.code).toBe(0)
  })
  it('a classic alias bomb (9 levels × 9 aliases) is refused', async () => {
    const lint = await runCli(['lint', 'bomb.yaml'], { cwd: dir })
    expect(lint.code).toBe(1)
    expect(lint.stdout).toContain('yaml/alias-limit')
    expect(lint.stdout).toMatch(/billion laughs/)
    const trace = await runCli(['trace', 'bomb.yaml', '-e', 'x'], { cwd: dir })
    expect(trace.code).toBe(2)
    expect(trace.stderr).toContain('yaml/alias-limit')
  })
  it('--max-alias-expansion raises the limit for a file that really expands that much', async () => {
    const refused = await runCli(['trace', 'wide.yaml', '-e', 'x', '-k', 'k999', '--json'], { cwd: dir })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/expand the document to \d+ times its size \(limit 20×/)
    const raised = await runCli(['trace', 'wide.yaml', '-e', 'x', '-k', 'k999', '--json', '--max-alias-expansion', '100'], { cwd: dir })
    expect(raised.stderr).toBe('')
    expect(JSON.parse(raised.stdout)).toMatchObject({ queues: ['q999'] })
  })
})

const lintedFiles = (stdout: string): string[] => (JSON.parse(stdout) as { files: { file: string }[] }).files.map((f) => f.file)

describe('file names with glob characters', () => {
  const dir = tempDirWith({ 'r[1].yaml': TOPOLOGY, 'a*b.yaml': TOPOLOGY, 'r1.yaml': 'exchanges: [\n' })
  it('an existing file whose name holds [ or * is linted as that file', async () => {
    const r = await runCli(['lint', 'r[1].yaml', 'a*b.yaml', '--format', 'json'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(lintedFiles(r.stdout).sort()).toEqual(['a*b.yaml', 'r[1].yaml'])
  })
  it('a pattern that names no file is still a pattern', async () => {
    const r = await runCli(['lint', 'r[12].yaml', '--format', 'json'], { cwd: dir })
    expect(lintedFiles(r.stdout)).toEqual(['r1.yaml'])
  })
  it('trace reads such a file too', async () => {
    const r = await runCli(['trace', 'r[1].yaml', '-e', 'x', '--json'], { cwd: dir })
    expect(JSON.parse(r.stdout)).toMatchObject({ queues: ['q'] })
  })
})

describe('I/O errors in words', () => {
  /** As root, chmod 000 does not stop reads: run rmq-sim as nobody then. */
  const asUser = (): { uid?: number; gid?: number } => (process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {})
  const runAs = (args: string[], cwd: string): Promise<CliRun> => new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
    delete env.FORCE_COLOR
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], ...asUser() })
    let stdout = '', stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    child.on('error', fail)
    child.on('close', (code) => done({ stdout, stderr, code }))
  })
  const dir = tempDirWith({ 'locked.yaml': TOPOLOGY, 'script.txt': 'publish x k\n', 'open.yaml': TOPOLOGY })
  chmodSync(dir, 0o755)
  chmodSync(join(dir, 'locked.yaml'), 0o000)
  chmodSync(join(dir, 'open.yaml'), 0o644)
  chmodSync(join(dir, 'script.txt'), 0o000)
  it.each(COMMANDS)('%s on an unreadable file says "permission denied" (exit 2)', async (_name, args) => {
    const r = await runAs(args('locked.yaml'), dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('locked.yaml: cannot read: permission denied')
    expect(r.stderr + r.stdout).not.toContain('EACCES')
  })
  it('repl --script and trace --batch name the error in words too', async () => {
    const script = await runAs(['repl', 'open.yaml', '--script', 'script.txt'], dir)
    expect(script.code).toBe(2)
    expect(script.stderr).toContain('--script script.txt: permission denied')
    const batch = await runAs(['trace', 'open.yaml', '--batch', 'script.txt'], dir)
    expect(batch.code).toBe(2)
    expect(batch.stderr).toContain('cannot read script.txt: permission denied')
  })
  it('a directory is named as one', async () => {
    const r = await runCli(['trace', '.', '-e', 'x'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('is a directory')
    expect(existsSync(dir)).toBe(true)
  })
})
