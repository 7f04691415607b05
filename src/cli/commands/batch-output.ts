/**
 * The output of `trace --batch`, gathered as UTF-8 bytes into one Buffer per chunk: a line answered from the memo
 * is written as its number's digits and the text kept from the first time, without building a string per line or
 * joining them. The caller takes a chunk once `size` reaches its limit and writes it (waiting for 'drain'); each chunk is
 * a new Buffer, since a stream may still hold the last one.
 */
export class BatchOutput {
  private buf: Buffer
  private pos = 0

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
    this.pos += this.buf.write(line, this.pos, 'utf8')
    this.buf[this.pos++] = 0x0a
  }

  /** One result line: `{"line":` and the number, then `rest`; the line end is added. */
  numbered(n: number, rest: string): void {
    this.room(LINE_KEY.length + 16 + rest.length * 3 + 1)
    const buf = this.buf
    buf.set(LINE_KEY, this.pos)
    this.pos = writeDigits(buf, this.pos + LINE_KEY.length, n)
    this.pos += buf.write(rest, this.pos, 'utf8')
    buf[this.pos++] = 0x0a
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
