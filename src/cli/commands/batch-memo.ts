/**
 * Results of `trace --batch` by probe line text. A probe's result depends only on its line's text (the topology,
 * the router and the options are fixed for the whole batch) and its line number, which every result line prints
 * first (`{"line":N...`). So a line seen before is answered with the result kept after the number, without parsing
 * or routing it again: captured traffic repeats the same few thousand publishes. (Whether the batch failed needs
 * no memo: a line found here failed or not the first time it was seen.) The results are kept as UTF-8 bytes, so an
 * answer is a copy of bytes into the output (batch-output.ts).
 *
 * Bounded by what it keeps; once full it keeps what it has. A batch whose lines do not repeat would only pay for
 * keeping them, so after STORES_BEFORE_VERDICT lines kept with fewer than one hit for every MIN_HITS_PER_STORE of
 * them, the memo turns itself off (`find` finds nothing, `set` keeps nothing).
 */
export class BatchMemo {
  /** Line text → entry. */
  private readonly entries = new Map<string, number>()
  /** Each entry's result bytes: a view into a block, made once, so an answer is one copy with nothing allocated. */
  private readonly results: Uint8Array[] = []
  private block = new Uint8Array(0)
  private blockUsed = 0
  private kept = 0
  private hits = 0
  private on = true

  /**
   * @param maxSize the most kept: characters of the lines plus bytes of their results. Default: 8M
   * @param maxLineChars lines longer than this are never kept. Default: 1024
   */
  constructor(private readonly maxSize = 8 * 1024 * 1024, private readonly maxLineChars = 1024) {}

  /** Does the memo still take lines (not off)? */
  get taking(): boolean {
    return this.on
  }

  /** The result bytes kept for this line text (after `{"line":N`, line end included), or undefined. */
  find(line: string): Uint8Array | undefined {
    if (!this.on) return undefined
    const e = this.entries.get(line)
    if (e === undefined) return undefined
    this.hits++
    return this.results[e]
  }

  /** Keeps a copy of from[start, end) as the result of this line text, unless the memo is full or off. */
  set(line: string, from: Uint8Array, start: number, end: number): void {
    if (!this.on || line.length > this.maxLineChars) return
    const len = end - start
    if (this.kept + line.length + len > this.maxSize) return
    // A line is a slice of the input chunk it came from and would keep the whole chunk alive: keep a copy. Slicing
    // a joined string makes V8 flatten it into a new string first, so the key holds that, not the chunk (checked
    // in test/cli/batch-memo.test.ts); cheaper than a copy through a Buffer, two calls into C++.
    const key = ('\0' + line).slice(1)
    if (this.blockUsed + len > this.block.length) {
      this.block = new Uint8Array(Math.max(BLOCK_BYTES, len))
      this.blockUsed = 0
    }
    const block = this.block
    const at = this.blockUsed
    // a plain Uint8Array view, not subarray(): a Buffer's subarray goes through its species constructor (microseconds)
    block.set(new Uint8Array(from.buffer, from.byteOffset + start, len), at)
    this.blockUsed += len
    this.entries.set(key, this.results.length)
    this.results.push(new Uint8Array(block.buffer, block.byteOffset + at, len))
    this.kept += line.length + len
    if (this.results.length === STORES_BEFORE_VERDICT && this.hits * MIN_HITS_PER_STORE < STORES_BEFORE_VERDICT) {
      this.on = false
      this.entries.clear()
      this.results.length = 0
    }
  }
}

/** Result bytes are kept in blocks of this size (a longer result gets a block of its own). */
const BLOCK_BYTES = 256 * 1024
/** How many lines the memo keeps before it judges whether lines repeat. */
const STORES_BEFORE_VERDICT = 8192
/** The memo stays on with at least one hit for every this many lines kept. */
const MIN_HITS_PER_STORE = 8
