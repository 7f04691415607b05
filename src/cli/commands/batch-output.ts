/**
 * The output of `trace --batch`, gathered as UTF-8 bytes into one Buffer per chunk. A line answered from the memo
 * is two typed-array copies, `{"line":N` (LinePrefix) and the bytes the memo kept; a compact line is written in
 * pieces (trace-fields.ts); other text is copied in by a plain loop: no string is built, joined or encoded per line,
 * and no call into node's C++ per line (each costs more than the copy). The caller takes a chunk once `size` reaches its limit and writes it (waiting
 * for 'drain'); a chunk's buffer is filled again only after the stream's write callback said it is written.
 */
export class BatchOutput {
  private buf: Buffer
  private pos = 0
  /** Buffers the stream is done with, for the next chunks. */
  private readonly free: Buffer[] = []
  private lastStart = 0
  private readonly prefix = new LinePrefix()

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
    const prefix = this.prefix.of(n)
    this.room(prefix.length + rest.length)
    const buf = this.buf
    buf.set(prefix, this.pos)
    buf.set(rest, this.pos + prefix.length)
    this.pos += prefix.length + rest.length
  }

  /**
   * Begins a result line written in pieces ({@link BatchOutput.str}, {@link BatchOutput.raw}, ending with a line
   * end): `{"line":` and the number. Returns where the bytes after the number begin (what the memo keeps).
   */
  lineStart(n: number): number {
    const prefix = this.prefix.of(n)
    this.room(prefix.length)
    this.lastStart = this.pos
    this.buf.set(prefix, this.pos)
    this.pos += prefix.length
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

/** Buffers kept for reuse at most. */
const MAX_FREE = 8

/**
 * The bytes `{"line":N` for the line numbers of a batch, which mostly go up by one: the digits are counted up in
 * place (a carry now and then), not worked out by division for every line.
 */
export class LinePrefix {
  private bytes = new Uint8Array(0)
  private n = -2

  /** `{"line":N` for the non-negative integer n. The array is reused: copy it before asking for another number. */
  of(n: number): Uint8Array {
    if (n === this.n) return this.bytes
    if (n === this.n + 1 && this.increment()) {
      this.n = n
      return this.bytes
    }
    this.bytes = new Uint8Array(Buffer.from(`{"line":${n}`, 'latin1'))
    this.n = n
    return this.bytes
  }

  /** Adds one to the digits in place; false when that needs one more digit (9 → 10, 99 → 100). */
  private increment(): boolean {
    const b = this.bytes
    for (let i = b.length - 1; i >= LINE_KEY_LENGTH; i--) {
      if (b[i] !== 0x39) {
        b[i]!++
        return true
      }
      b[i] = 0x30
    }
    return false
  }
}

const LINE_KEY_LENGTH = '{"line":'.length
