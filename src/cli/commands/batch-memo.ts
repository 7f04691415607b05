/**
 * Results of `trace --batch` by probe line text. A probe's result depends only on its line's text (the topology,
 * the router and the options are fixed for the whole batch) and its line number, which every result line prints
 * first (`{"line":N...`). So a line seen before is answered with the result kept after the number, without parsing
 * or routing it again: captured traffic repeats the same few thousand publishes. (Whether the batch failed needs
 * no memo: a line found here failed or not the first time it was seen.)
 *
 * Bounded by what it keeps; once full it keeps what it has. A batch whose lines do not repeat would only pay for
 * keeping them, so after STORES_BEFORE_VERDICT lines kept with fewer than one hit for every MIN_HITS_PER_STORE of
 * them, the memo turns itself off (`get` answers nothing, `set` keeps nothing).
 */
export class BatchMemo {
  private readonly results = new Map<string, string>()
  private kept = 0
  private stores = 0
  private hits = 0
  private on = true

  /**
   * @param maxSize the most characters kept (lines plus results). Default: 8M
   * @param maxLineChars lines longer than this are never kept. Default: 1024
   */
  constructor(private readonly maxSize = 8 * 1024 * 1024, private readonly maxLineChars = 1024) {}

  /** The result line after `{"line":N` (up to and including its closing `}`) kept for this line text. */
  get(line: string): string | undefined {
    if (!this.on) return undefined
    const rest = this.results.get(line)
    if (rest !== undefined) this.hits++
    return rest
  }

  /** Keeps `rest` for this line text, unless the memo is full or off. */
  set(line: string, rest: string): void {
    if (!this.on || line.length > this.maxLineChars) return
    const size = line.length + rest.length
    if (this.kept + size > this.maxSize) return
    // A line is a slice of the input chunk it came from and would keep the whole chunk alive: keep a copy (through
    // UTF-8, so ASCII stays one byte a character; a line that does not survive that, a lone surrogate, is not kept).
    const key = Buffer.from(line, 'utf8').toString('utf8')
    if (key !== line) return
    this.kept += size
    this.results.set(key, rest)
    if (++this.stores === STORES_BEFORE_VERDICT && this.hits * MIN_HITS_PER_STORE < this.stores) {
      this.on = false
      this.results.clear()
    }
  }
}

/** How many lines the memo keeps before it judges whether lines repeat. */
const STORES_BEFORE_VERDICT = 8192
/** The memo stays on with at least one hit for every this many lines kept. */
const MIN_HITS_PER_STORE = 8
