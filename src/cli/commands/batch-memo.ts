/**
 * Results of `trace --batch` by probe line text. A probe's result depends only on its line's text (the topology,
 * the router and the options are fixed for the whole batch) and its line number, which every result line prints
 * first (`{"line":N...`). So a line seen before is answered with the result kept after the number, without parsing
 * or routing it again: captured traffic repeats the same few thousand publishes. (Whether the batch failed needs
 * no memo: a line found here failed or not the first time it was seen.) The results are kept as UTF-8 bytes in one
 * growing buffer, so an answer is a copy of bytes (batch-output.ts).
 *
 * Bounded by what it keeps; once full it keeps what it has. A batch whose lines do not repeat would only pay for
 * keeping them, so after STORES_BEFORE_VERDICT lines kept with fewer than one hit for every MIN_HITS_PER_STORE of
 * them, the memo turns itself off (`find` finds nothing, `set` keeps nothing).
 */
export class BatchMemo {
  /** Line text → entry. */
  private readonly entries = new Map<string, number>()
  private readonly starts: number[] = []
  private readonly ends: number[] = []
  private bytes: Buffer = Buffer.allocUnsafe(64 * 1024)
  private used = 0
  private lineChars = 0
  private hits = 0
  private on = true

  /**
   * @param maxSize the most kept: characters of the lines plus bytes of their results. Default: 8M
   * @param maxLineChars lines longer than this are never kept. Default: 1024
   */
  constructor(private readonly maxSize = 8 * 1024 * 1024, private readonly maxLineChars = 1024) {}

  /** The entry kept for this line text, or -1. */
  find(line: string): number {
    if (!this.on) return -1
    const e = this.entries.get(line)
    if (e === undefined) return -1
    this.hits++
    return e
  }

  /** Where entry `e`'s result bytes (after `{"line":N`, line end included) are: bytes[start(e), end(e)). */
  get store(): Uint8Array {
    return this.bytes
  }
  start(e: number): number {
    return this.starts[e]!
  }
  end(e: number): number {
    return this.ends[e]!
  }

  /** Keeps a copy of from[start, end) as the result of this line text, unless the memo is full or off. */
  set(line: string, from: Uint8Array, start: number, end: number): void {
    if (!this.on || line.length > this.maxLineChars) return
    const len = end - start
    if (this.lineChars + line.length + this.used + len > this.maxSize) return
    // A line is a slice of the input chunk it came from and would keep the whole chunk alive: keep a copy (through
    // UTF-8, so ASCII stays one byte a character; a line that does not survive that, a lone surrogate, is not kept).
    const key = Buffer.from(line, 'utf8').toString('utf8')
    if (key !== line) return
    if (this.used + len > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + len))
      this.bytes.copy(bigger, 0, 0, this.used)
      this.bytes = bigger
    }
    const bytes = this.bytes
    let p = this.used
    for (let i = start; i < end; i++) bytes[p++] = from[i]!
    this.entries.set(key, this.starts.length)
    this.starts.push(this.used)
    this.ends.push(p)
    this.used = p
    this.lineChars += line.length
    if (this.starts.length === STORES_BEFORE_VERDICT && this.hits * MIN_HITS_PER_STORE < STORES_BEFORE_VERDICT) {
      this.on = false
      this.entries.clear()
    }
  }
}

/** How many lines the memo keeps before it judges whether lines repeat. */
const STORES_BEFORE_VERDICT = 8192
/** The memo stays on with at least one hit for every this many lines kept. */
const MIN_HITS_PER_STORE = 8
