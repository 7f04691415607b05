// stdout to a file, a pipe or /dev/null is written with fs.writeSync (src/cli/direct-stdout.ts); to a socket (what
// node's own child_process pipes are) through process.stdout as before. Whatever fd 1 is, a run writes the same
// bytes with the same exit code and stderr; a reader that stops early ends the run quietly, and a full disk is told.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/rmq-sim.cjs')
const SAMPLES = join(ROOT, 'samples')
const YAML = join(SAMPLES, 'topic-wildcards.yaml')
const EXPORT = join(SAMPLES, 'definitions-export.json')
const SIX = ['direct-copies', 'fanout-broadcast', 'headers-match', 'orders-service', 'repl-demo', 'topic-wildcards'].map((n) => join(SAMPLES, `${n}.yaml`))

const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-stdout-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// a batch whose output (about 2 MB) is many times a pipe's 64 KiB, in 64 KiB chunks
const PROBES = join(dir, 'probes.ndjson')
const keys = ['order.created', 'order.eu.created', 'payment.failed', 'x', '']
writeFileSync(PROBES, Array.from({ length: 3000 }, (_, i) => JSON.stringify({ exchange: 'shop.orders', routingKey: `${keys[i % keys.length]}.${i % 97}` })).join('\n'))
const SCRIPT = join(dir, 'script.repl')
writeFileSync(SCRIPT, 'publish shop order.created.eu\nqueues\n')

const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete e.FORCE_COLOR
  delete e.DEBUG
  return e
}

interface Run { readonly status: number | null; readonly stdout: string; readonly stderr: string }

const MAX = 64 * 1024 * 1024
const result = (r: SpawnSyncReturns<string>, stdout = r.stdout): Run => {
  if (r.error) throw r.error
  return { status: r.status, stdout, stderr: r.stderr }
}

/** `rmq-sim ...args` with stdout to `kind`: a regular file, a pipe (FIFO, read by cat), /dev/null or a socket. */
function runTo(kind: 'file' | 'pipe' | 'null' | 'socket', args: readonly string[]): Run {
  const opts = { cwd: ROOT, env: env(), encoding: 'utf8' as const, maxBuffer: MAX }
  if (kind === 'file') {
    const file = join(dir, `out-${process.hrtime.bigint()}`)
    const fd = openSync(file, 'w')
    try {
      const r = spawnSync(process.execPath, [BIN, ...args], { ...opts, stdio: ['ignore', fd, 'pipe'] })
      return result(r, readFileSync(file, 'utf8'))
    } finally {
      closeSync(fd)
    }
  }
  if (kind === 'pipe') return shell('"$@" | cat; exit "${PIPESTATUS[0]}"', args)
  if (kind === 'null') return result(spawnSync(process.execPath, [BIN, ...args], { ...opts, stdio: ['ignore', 'ignore', 'pipe'] }), '')
  return result(spawnSync(process.execPath, [BIN, ...args], { ...opts, stdio: ['ignore', 'pipe', 'pipe'] }))
}

/** `rmq-sim ...args` inside a bash command line (`"$@"` is the run). */
function shell(line: string, args: readonly string[]): Run {
  return result(spawnSync('bash', ['-c', line, 'bash', process.execPath, BIN, ...args], { cwd: ROOT, env: env(), encoding: 'utf8', maxBuffer: MAX, stdio: ['ignore', 'pipe', 'pipe'] }))
}

const posix = process.platform !== 'win32'
const hasPython = posix && spawnSync('python3', ['-c', 'import fcntl; fcntl.F_SETPIPE_SZ'], { stdio: 'ignore' }).status === 0

describe.runIf(posix)('stdout to a file, a pipe, /dev/null or a socket', () => {
  it.each([
    ['trace of YAML', ['trace', YAML, '-e', 'events', '-k', 'order.created']],
    ['trace --json of an export', ['trace', EXPORT, '-e', 'shop.orders', '-k', 'order.created', '--json']],
    ['trace with no route (exit 1)', ['trace', EXPORT, '-e', 'shop.orders', '-k', 'nothing.here']],
    ['lint of the six samples', ['lint', ...SIX]],
    ['lint --format json', ['lint', ...SIX, '--format', 'json']],
    ['explain', ['explain', 'order.*', 'order.created']],
    ['repl --script (the demo topology)', ['repl', '--script', SCRIPT]],
    ['--help', ['--help']],
    ['trace --batch (2 MB, written in 64 KiB chunks)', ['trace', EXPORT, '--batch', PROBES]],
    ['trace --batch --fields', ['trace', EXPORT, '--batch', PROBES, '--fields', 'queues,returned,error']],
  ])('%s: the same bytes, exit code and stderr', (_name, args) => {
    const socket = runTo('socket', args)
    expect(socket.stdout.length).toBeGreaterThan(0)
    expect(runTo('file', args)).toEqual(socket)
    expect(runTo('pipe', args)).toEqual(socket)
    expect(runTo('null', args)).toEqual({ ...socket, stdout: '' })
  })

  // cat takes the pipe only after a pause: the run blocks in write(2) on a full pipe, again and again
  it('trace --batch through a pipe read late: every line, in order', () => {
    const args = ['trace', EXPORT, '--batch', PROBES]
    const late = shell('"$@" | { IFS= read -r first; sleep 0.3; printf "%s\\n" "$first"; cat; }; exit "${PIPESTATUS[0]}"', args)
    expect(late).toEqual(runTo('socket', args))
  })

  // a pipe someone made non-blocking (here before the run starts; also what `2>&1 |` does once stderr's stream is
  // built): a write(2) on the full pipe says EAGAIN, and the rest goes through process.stdout, which waits for it
  it.runIf(hasPython)('trace --batch into a full non-blocking pipe: every line, in order', () => {
    const harness = join(dir, 'nonblocking-pipe.py')
    writeFileSync(harness, [
      'import fcntl, os, sys, termios, array, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, 4096)',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'pid = os.fork()',
      'if pid == 0:',
      '    os.dup2(w, 1); os.close(r); os.close(w); os.execvp(sys.argv[1], sys.argv[1:])',
      'os.close(w)',
      'n = array.array("i", [0])',
      '# read nothing until the pipe is full (or the run ended)',
      'st = None',
      'while st is None:',
      '    fcntl.ioctl(r, termios.FIONREAD, n)',
      '    if n[0] >= 4096: break',
      '    p, s = os.waitpid(pid, os.WNOHANG)',
      '    if p: st = s',
      '    else: time.sleep(0.005)',
      'while True:',
      '    d = os.read(r, 65536)',
      '    if not d: break',
      '    sys.stdout.buffer.write(d)',
      'sys.stdout.flush()',
      'if st is None: st = os.waitpid(pid, 0)[1]',
      'sys.exit(os.waitstatus_to_exitcode(st))',
    ].join('\n'))
    const args = ['trace', EXPORT, '--batch', PROBES]
    const r = spawnSync('python3', [harness, process.execPath, BIN, ...args], { cwd: ROOT, env: env(), encoding: 'utf8', maxBuffer: MAX })
    const expected = runTo('socket', args)
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual(expected)
  })

  // `rmq-sim ... | head`: the reader closes the pipe; the run ends quietly (EPIPE), as before
  it.each([
    ['trace --batch', ['trace', EXPORT, '--batch', PROBES]],
    ['lint', ['lint', ...SIX]],
  ])('%s | head -c 10: ten bytes, exit 0, nothing on stderr', (_name, args) => {
    const r = shell('"$@" | head -c 10; exit "${PIPESTATUS[0]}"', args)
    expect(r).toEqual({ status: 0, stdout: runTo('socket', args).stdout.slice(0, 10), stderr: '' })
  })

  it.runIf(existsSync('/dev/full'))('> /dev/full: "no space left on device", exit 2 (a cut-off report is not a success)', () => {
    for (const args of [['trace', YAML, '-e', 'events', '-k', 'order.created'], ['trace', EXPORT, '--batch', PROBES], ['lint', ...SIX]]) {
      const r = shell('"$@" > /dev/full', args)
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: 'rmq-sim: cannot write to stdout: no space left on device\n' })
    }
  })

  it('>&- (stdout closed): node opens /dev/null in its place; exit 0, nothing on stderr', () => {
    expect(shell('"$@" >&-', ['trace', YAML, '-e', 'events', '-k', 'order.created'])).toEqual({ status: 0, stdout: '', stderr: '' })
  })
})
