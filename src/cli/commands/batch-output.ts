/**
 * The output of `trace --batch`, gathered as UTF-8 bytes into one Buffer per chunk. ASCII text (almost every
 * result line) is copied in by a plain loop and a line answered from the memo is its number's digits plus one
 * copy of the bytes the memo kept: no string is built, joined or encoded per line, and no call into node's
 * C++ per line (each costs more than the copy). The caller takes a chunk once `size` reaches its limit and writes it (waiting
 * for 'drain'); a chunk's buffer is filled again only after the stream's write callback said it is written.
 */
export class BatchOutput {
  private buf: Buffer
  private pos = 0
  /** Buffers the stream is done with, for the next chunks. */
  private readonly free: Buffer[] = []
  private lastStart = 0

  /** @param chunkBytes the size chunks are taken at (a line may take a chunk past it). Default: 64 KiB */
  constructor(private readonly chunkBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(chunkBytes * 2)
  }

  /** Bytes gathered since the last take. */
  get size(): number {
    return this.pos
  }

  /** The buffer being filled, and where the last line begun ({@link BatchOutput.text}, lineStart) starts and ends. */
  get lastLine(): { readonly bytes: Uint8Array; readonly start: number; readonly end: number } {
    return { bytes: this.buf, start: this.lastStart, end: this.pos }
  }

  /** One result line from its text; the line end is added. */
  text(line: string): void {
    this.lastStart = this.pos
    this.str(line)
    this.room(1)
    this.buf[this.pos++] = 0x0a
  }

  /** One result line: `{"line":` and the number, then `rest` (UTF-8 bytes, the line end included). */
  numbered(n: number, rest: Uint8Array): void {
    this.room(LINE_KEY.length + 16 + rest.length)
    const buf = this.buf
    buf.set(LINE_KEY, this.pos)
    const p = writeDigits(buf, this.pos + LINE_KEY.length, n)
    buf.set(rest, p)
    this.pos = p + rest.length
  }

  /**
   * Begins a result line written in pieces ({@link BatchOutput.str}, {@link BatchOutput.raw}, ending with a line
   * end): `{"line":` and the number. Returns where the bytes after the number begin (what the memo keeps).
   */
  lineStart(n: number): number {
    this.room(LINE_KEY.length + 16)
    this.lastStart = this.pos
    this.buf.set(LINE_KEY, this.pos)
    this.pos = writeDigits(this.buf, this.pos + LINE_KEY.length, n)
    return this.pos
  }

  /** Text as UTF-8: ASCII (almost every result) by a plain loop, the rest through the encoder. */
  str(text: string): void {
    const n = text.length
    this.room(n * 3)
    const buf = this.buf
    let p = this.pos
    let i = 0
    for (; i < n; i++) {
      const c = text.charCodeAt(i)
      if (c >= 0x80) break
      buf[p++] = c
    }
    if (i < n) p += buf.write(text.slice(i), p, 'utf8')
    this.pos = p
  }

  /** Bytes as they are. */
  raw(bytes: Uint8Array): void {
    this.room(bytes.length)
    this.buf.set(bytes, this.pos)
    this.pos += bytes.length
  }

  /** Replaces the byte at `at` (a position in what is gathered since the last take). */
  overwrite(at: number, byte: number): void {
    this.buf[at] = byte
  }

  /**
   * The bytes gathered, and `done` to call once the stream has written them (its write callback): the buffer then
   * serves a later chunk. Fresh buffers cost more than filling them (new memory is zeroed page by page by the
   * kernel), so a batch writes from a few buffers in turn.
   */
  take(): { readonly bytes: Buffer; readonly done: () => void } {
    const full = this.buf
    const bytes = full.subarray(0, this.pos)
    this.buf = this.free.pop() ?? Buffer.allocUnsafe(this.chunkBytes * 2)
    this.pos = 0
    this.lastStart = 0
    // only buffers of the usual size go back (one grown for a long line is left to the GC)
    const done = (): void => { if (full.length === this.chunkBytes * 2 && this.free.length < MAX_FREE) this.free.push(full) }
    return { bytes, done }
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes))
    this.buf.copy(bigger, 0, 0, this.pos)
    this.buf = bigger
  }
}

const LINE_KEY = Buffer.from('{"line":')
/** Buffers kept for reuse at most. */
const MAX_FREE = 8

/** Writes the decimal digits of the non-negative integer `n` at `at`; returns the end. */
function writeDigits(buf: Uint8Array, at: number, n: number): number {
  let digits = 1
  for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++
  let i = at + digits
  for (let m = n; ; m = Math.floor(m / 10)) {
    buf[--i] = 0x30 + (m % 10)
    if (m < 10) break
  }
  return at + digits
}
