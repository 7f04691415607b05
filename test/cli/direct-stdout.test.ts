// The CLI's stdout without a stream (src/cli/direct-stdout.ts): every byte written, in order, whatever write(2)
// takes at a time; a write that would block hands over to the real stream; any other error ends writing, told once.
import { execFileSync } from 'node:child_process'
import { EventEmitter, once } from 'node:events'
import { closeSync, fstatSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { DirectStdout, canWriteDirectly, type WriteBytes } from '../../src/cli/direct-stdout.js'

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: from the test`), { code })

/** A write(2) stand-in: takes at most `step` bytes per call, or throws what `fail` says for the nth call. */
function fakeFd(step: number, fail: (call: number) => NodeJS.ErrnoException | undefined = () => undefined) {
  const written: number[] = []
  let calls = 0
  const write: WriteBytes = (fd, bytes, offset, length) => {
    expect(fd).toBe(1)
    const err = fail(calls++)
    if (err !== undefined) throw err
    const n = Math.min(step, length)
    written.push(...bytes.subarray(offset, offset + n))
    return n
  }
  return { write, text: () => Buffer.from(written).toString('utf8'), bytes: () => Buffer.from(written), calls: () => calls }
}

/** The real stream's stand-in: keeps what it is given; write returns `accept` (false: wait for 'drain'). */
class FakeStream extends EventEmitter {
  readonly chunks: Buffer[] = []
  accept = true
  write(chunk: string | Uint8Array, encodingOrCb?: unknown, maybeCb?: unknown): boolean {
    const cb = (typeof encodingOrCb === 'function' ? encodingOrCb : maybeCb) as ((e?: Error | null) => void) | undefined
    this.chunks.push(Buffer.from(chunk as Uint8Array))
    if (cb) process.nextTick(cb, null)
    return this.accept
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}

const noFallback = (): never => { throw new Error('the real stream was built') }

describe('DirectStdout', () => {
  it('writes every byte of strings, Buffers and Uint8Arrays, however few bytes each write(2) takes', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 9 }),
      fc.array(fc.oneof(fc.string({ unit: 'grapheme' }).map((s) => ({ s })), fc.uint8Array({ maxLength: 40 }).map((b) => ({ b }))), { maxLength: 8 }),
      (step, pieces) => {
        const fd = fakeFd(step)
        const out = new DirectStdout(noFallback, fd.write)
        const expected: Buffer[] = []
        for (const p of pieces) {
          if ('s' in p) { expect(out.write(p.s)).toBe(true); expected.push(Buffer.from(p.s, 'utf8')) }
          else { expect(out.write(p.b)).toBe(true); expected.push(Buffer.from(p.b)) }
        }
        expect(fd.bytes().equals(Buffer.concat(expected))).toBe(true)
      },
    ))
  })

  it('honours an encoding, and a Buffer view is written from its own offset', () => {
    const fd = fakeFd(2)
    const out = new DirectStdout(noFallback, fd.write)
    out.write('6869', 'hex')
    const big = Buffer.from('xx-view-xx')
    out.write(big.subarray(2, 8))
    expect(fd.text()).toBe('hi-view-')
  })

  it('calls a write callback after write returns (on a later tick), with no error', async () => {
    const fd = fakeFd(4)
    const out = new DirectStdout(noFallback, fd.write)
    const seen: unknown[] = []
    out.write('abc\n', (e) => seen.push(e))
    out.write(Buffer.from('def\n'), (e) => seen.push(e))
    expect(seen).toEqual([])
    await new Promise((r) => setImmediate(r))
    expect(seen).toEqual([null, null])
    expect(fd.text()).toBe('abc\ndef\n')
  })

  it('retries a write interrupted by a signal (EINTR)', () => {
    const fd = fakeFd(3, (n) => (n === 1 || n === 2 ? errno('EINTR') : undefined))
    const out = new DirectStdout(noFallback, fd.write)
    out.write('interrupted')
    expect(fd.text()).toBe('interrupted')
  })

  it('on EAGAIN hands the rest of that write and every later one to the real stream, in order', async () => {
    // the third write(2) would block: "abcdef" went out directly, the rest through the stream
    const fd = fakeFd(3, (n) => (n === 2 ? errno('EAGAIN') : undefined))
    const stream = new FakeStream()
    let built = 0
    const out = new DirectStdout(() => { built++; return stream as never }, fd.write)
    const seen: unknown[] = []
    expect(out.write('abcdefghij', (e) => seen.push(e))).toBe(true)
    out.write(Buffer.from('KLM'))
    stream.accept = false
    expect(out.write('nop')).toBe(false) // the stream's own answer: wait for 'drain'
    expect(fd.text()).toBe('abcdef')
    expect(fd.calls()).toBe(3) // nothing more tried directly
    expect(stream.text()).toBe('ghijKLMnop')
    expect(built).toBe(1)
    // the stream's 'drain' reaches whoever waits on io.stdout (trace --batch: once(io.stdout, 'drain'))
    const drained = once(out, 'drain')
    stream.emit('drain')
    await drained
    // and its errors reach io.stdout's 'error' listeners (main.ts: EPIPE ends the run quietly)
    const errors: unknown[] = []
    out.on('error', (e) => errors.push(e))
    stream.emit('error', errno('EPIPE'))
    expect(errors).toHaveLength(1)
    await new Promise((r) => setImmediate(r))
    expect(seen).toEqual([null])
  })

  it('a write(2) that writes nothing hands the rest to the stream rather than trying forever', () => {
    let calls = 0
    const stream = new FakeStream()
    const out = new DirectStdout(() => stream as never, (_fd, _b, _o, length) => (calls++ === 0 ? Math.min(2, length) : 0))
    out.write('abcd')
    expect(stream.text()).toBe('cd')
  })

  for (const code of ['EPIPE', 'ENOSPC', 'EIO', 'EBADF']) {
    it(`${code} ends writing: the callback and one 'error' get it, later writes are dropped and never wait`, async () => {
      const fd = fakeFd(2, (n) => (n === 1 ? errno(code) : undefined))
      const out = new DirectStdout(noFallback, fd.write)
      const errors: NodeJS.ErrnoException[] = []
      out.on('error', (e: NodeJS.ErrnoException) => errors.push(e))
      const told: unknown[] = []
      expect(out.write('abcdef', (e) => told.push(e))).toBe(true)
      expect(out.write('more', (e) => told.push(e))).toBe(true)
      expect(errors).toEqual([]) // on a later tick, as a stream does
      await new Promise((r) => setImmediate(r))
      expect(errors.map((e) => e.code)).toEqual([code])
      expect(told.map((e) => (e as NodeJS.ErrnoException).code)).toEqual([code, code])
      expect(fd.text()).toBe('ab')
      expect(fd.calls()).toBe(2)
    })
  }

  it('end writes its chunk, then says finish', async () => {
    const fd = fakeFd(5)
    const out = new DirectStdout(noFallback, fd.write)
    const finished = once(out, 'finish')
    let called = false
    out.end('last\n', () => { called = true })
    await finished
    expect(called).toBe(true)
    expect(fd.text()).toBe('last\n')
  })

  it('is not a terminal: no colour, no width', () => {
    const out = new DirectStdout(noFallback, fakeFd(1).write)
    expect(out.isTTY).toBe(false)
    expect(out.columns).toBeUndefined()
  })
})

describe('canWriteDirectly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-direct-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const statOf = (path: string) => () => statSync(path)

  it('a regular file, a FIFO and /dev/null: yes', () => {
    const file = join(dir, 'out')
    writeFileSync(file, '')
    const fd = openSync(file, 'w')
    try {
      expect(canWriteDirectly('linux', () => fstatSync(fd))).toBe(true)
    } finally {
      closeSync(fd)
    }
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    expect(canWriteDirectly('linux', statOf(fifo))).toBe(true)
    expect(canWriteDirectly('linux', statOf('/dev/null'))).toBe(true)
  })

  it('another character device (/dev/zero, a terminal), a socket, a directory, or fd 1 closed: no', () => {
    expect(canWriteDirectly('linux', statOf('/dev/zero'))).toBe(false)
    const like = (kind: 'socket' | 'dir' | 'tty'): Stats => ({
      isFile: () => false, isFIFO: () => false, isSocket: () => kind === 'socket', isDirectory: () => kind === 'dir',
      isCharacterDevice: () => kind === 'tty', dev: 5, ino: 3, rdev: 34816,
    }) as unknown as Stats
    for (const kind of ['socket', 'dir', 'tty'] as const) expect(canWriteDirectly('linux', () => like(kind))).toBe(false)
    expect(canWriteDirectly('linux', () => { throw errno('EBADF') })).toBe(false)
    // /dev/null unreadable: a character device cannot be proven to be it
    expect(canWriteDirectly('linux', statOf('/dev/null'), () => { throw errno('ENOENT') })).toBe(false)
  })

  it('never on Windows', () => {
    expect(canWriteDirectly('win32', statOf('/dev/null'))).toBe(false)
  })
})
