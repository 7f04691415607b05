import { EventEmitter } from 'node:events'
import { fstatSync, statSync, writeSync, type Stats } from 'node:fs'
import type { CliIO } from './io.js'

/** What `fs.writeSync(fd, bytes, offset, length)` does: writes some of the bytes, returns how many (may be fewer). */
export type WriteBytes = (fd: number, bytes: Uint8Array, offset: number, length: number) => number

type Callback = (err?: Error | null) => void
type Stdout = CliIO['stdout']

/**
 * Whether the CLI may write fd 1 with plain `fs.writeSync` instead of through `process.stdout`: when fd 1 is a
 * regular file, a pipe (FIFO) or /dev/null. Never on Windows, and never for a terminal, a socket or another
 * device: those keep node's own stream (a TTY's colour depth and columns, a socket's semantics). Decided from
 * fstat alone, without loading tty or net.
 */
export function canWriteDirectly(platform: string, stdout: () => Stats = () => fstatSync(1), devNull: () => Stats = () => statSync('/dev/null')): boolean {
  if (platform === 'win32') return false
  let s: Stats
  try {
    s = stdout()
  } catch {
    return false // fd 1 closed or unreadable: the stream says what it says today
  }
  if (s.isFile() || s.isFIFO()) return true
  if (!s.isCharacterDevice()) return false
  try {
    const n = devNull()
    return s.dev === n.dev && s.ino === n.ino && s.rdev === n.rdev
  } catch {
    return false
  }
}

/**
 * stdout written with `fs.writeSync`: what the commands use of `process.stdout` (write with an optional callback,
 * `isTTY`, 'drain' and 'error' events, end) without building it. `process.stdout` is a getter that builds a
 * stream on first touch: for a file or /dev/null a SyncWriteStream and about 20 stream modules, for a pipe a
 * net.Socket and more; at a CLI start that is several milliseconds of a run that writes one report.
 *
 * Every write is whole: a short write is continued until every byte is written. A write that would block (EAGAIN:
 * a pipe someone set O_NONBLOCK on) hands that write's rest and every later write to the real stream (`fallback`),
 * whose 'drain' and 'error' events are passed on; what was written before went out synchronously, so the order
 * stays. Any other error (EPIPE, ENOSPC, EIO, EBADF) ends writing: the write's callback gets it, 'error' is emitted
 * (both on the next tick, as a stream does) and later writes are dropped.
 */
export class DirectStdout extends EventEmitter {
  readonly isTTY = false
  readonly columns: number | undefined = undefined
  writable = true
  private stream: Stdout | undefined
  private failed: Error | undefined

  /**
   * @param fallback the real stream, built only when a write would block
   * @param writeBytes fs.writeSync, or a stand-in for tests
   */
  constructor(private readonly fallback: () => Stdout, private readonly writeBytes: WriteBytes = writeSync, private readonly fd = 1) {
    super()
  }

  write(chunk: string | Uint8Array, cb?: Callback): boolean
  write(chunk: string, encoding?: BufferEncoding, cb?: Callback): boolean
  write(chunk: string | Uint8Array, encodingOrCb?: BufferEncoding | Callback, maybeCb?: Callback): boolean {
    const encoding = typeof encodingOrCb === 'string' ? encodingOrCb : undefined
    const cb = typeof encodingOrCb === 'function' ? encodingOrCb : maybeCb
    if (this.stream !== undefined) return this.stream.write(chunk as string, encoding, cb)
    if (this.failed !== undefined) {
      // like a stream after an error: the write is dropped and its callback told why; true, so nobody waits for 'drain'
      if (cb !== undefined) process.nextTick(cb, this.failed)
      return true
    }
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : chunk
    let done = 0
    while (done < bytes.length) {
      let n: number
      try {
        n = this.writeBytes(this.fd, bytes, done, bytes.length - done)
      } catch (e) {
        const err = e as NodeJS.ErrnoException
        if (err?.code === 'EINTR') continue
        if (err?.code === 'EAGAIN' || err?.code === 'EWOULDBLOCK') return this.toStream().write(bytes.subarray(done), cb)
        return this.fail(err instanceof Error ? err : new Error(String(e)), cb)
      }
      // nothing written and no error: let the stream deal with the rest rather than try forever
      if (!(n > 0)) return this.toStream().write(bytes.subarray(done), cb)
      done += n
    }
    if (cb !== undefined) process.nextTick(cb, null)
    return true
  }

  end(cb?: () => void): this
  end(chunk: string | Uint8Array, cb?: () => void): this
  end(chunk: string, encoding?: BufferEncoding, cb?: () => void): this
  end(chunkOrCb?: string | Uint8Array | (() => void), encodingOrCb?: BufferEncoding | (() => void), maybeCb?: () => void): this {
    const cb = typeof chunkOrCb === 'function' ? chunkOrCb : typeof encodingOrCb === 'function' ? encodingOrCb : maybeCb
    if (chunkOrCb !== undefined && typeof chunkOrCb !== 'function') {
      if (typeof encodingOrCb === 'string') this.write(chunkOrCb as string, encodingOrCb)
      else this.write(chunkOrCb)
    }
    // fd 1 stays open, as process.stdout's does: end only says no more is coming
    this.writable = false
    if (this.stream !== undefined) {
      this.stream.write('', () => { this.emit('finish'); cb?.() })
    } else {
      process.nextTick(() => { this.emit('finish'); cb?.() })
    }
    return this
  }

  /** The real stream, from now on for every write; its 'drain' and 'error' reach this object's listeners. */
  private toStream(): Stdout {
    if (this.stream === undefined) {
      const stream = this.fallback()
      stream.on('drain', () => this.emit('drain'))
      stream.on('error', (e: Error) => this.emit('error', e))
      this.stream = stream
    }
    return this.stream
  }

  private fail(err: Error, cb: Callback | undefined): boolean {
    this.failed = err
    process.nextTick(() => {
      cb?.(err)
      this.emit('error', err)
    })
    return true
  }
}

/**
 * The CLI's stdout, as a getter: a {@link DirectStdout} where {@link canWriteDirectly} says so, else
 * `process.stdout` built on first use. `onError` is attached to whichever it is, once.
 */
export function cliStdout(onError: (err: NodeJS.ErrnoException) => void, platform: string = process.platform): () => Stdout {
  let stdout: Stdout | undefined
  const real = (): Stdout => process.stdout
  return () => {
    if (stdout === undefined) {
      stdout = canWriteDirectly(platform) ? new DirectStdout(real) : real()
      stdout.on('error', onError)
    }
    return stdout
  }
}
