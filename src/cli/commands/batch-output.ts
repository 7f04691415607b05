/**
 * The output of `trace --batch`, gathered as UTF-8 bytes into one Buffer per chunk: a line answered from the memo
 * is its number's digits and a copy of bytes kept from the first time, with no string built, joined or encoded
 * again. The caller takes a chunk once `size` reaches its limit and writes it (waiting for 'drain'); each chunk is
 * a new Buffer, since a stream may still hold the last one.
 */
export class BatchOutput {
  private buf: Buffer
  private pos = 0
  /** Where the last line written by {@link BatchOutput.text} starts. */
  private lastStart = 0

  /** @param chunkBytes the size chunks are taken at (a line may take a chunk past it). Default: 64 KiB */
  constructor(private readonly chunkBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(chunkBytes * 2)
  }

  /** Bytes gathered since the last take. */
  get size(): number {
    return this.pos
  }

  /** One result line from its text; the line end is added. */
  text(line: string): void {
    this.room(line.length * 3 + 1)
    this.lastStart = this.pos
    this.pos += this.buf.write(line, this.pos, 'utf8')
    this.buf[this.pos++] = 0x0a
  }

  /** A copy of the bytes of the line just written by {@link BatchOutput.text}, after its first `skip` bytes. */
  lastLineAfter(skip: number): Uint8Array {
    return Uint8Array.prototype.slice.call(this.buf, this.lastStart + skip, this.pos)
  }

  /** One result line: `{"line":` and the number, then `rest` (UTF-8 bytes, the line end included). */
  numbered(n: number, rest: Uint8Array): void {
    this.room(LINE_KEY.length + 16 + rest.length)
    const buf = this.buf
    buf.set(LINE_KEY, this.pos)
    this.pos += LINE_KEY.length
    this.pos = writeDigits(buf, this.pos, n)
    buf.set(rest, this.pos)
    this.pos += rest.length
  }

  /** The bytes gathered; starts a new chunk. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos)
    this.buf = Buffer.allocUnsafe(Math.max(this.chunkBytes * 2, this.pos))
    this.pos = 0
    return out
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes))
    this.buf.copy(bigger, 0, 0, this.pos)
    this.buf = bigger
  }
}

const LINE_KEY = Buffer.from('{"line":')

/** Writes the decimal digits of the non-negative integer `n` at `at`; returns the end. */
function writeDigits(buf: Buffer, at: number, n: number): number {
  let digits = 1
  for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++
  let i = at + digits
  for (let m = n; ; m = Math.floor(m / 10)) {
    buf[--i] = 0x30 + (m % 10)
    if (m < 10) break
  }
  return at + digits
}
