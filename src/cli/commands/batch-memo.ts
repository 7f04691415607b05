/**
 * Results of `trace --batch` by probe line text. A probe's result depends only on its line's text (the topology,
 * the router and the options are fixed for the whole batch) and its line number, which every result line prints
 * first (`{"line":N...`). So a line seen before is answered with the result text kept after the number, without
 * parsing or routing it again: captured traffic repeats the same few thousand publishes. Bounded by the text it
 * keeps; once full it keeps what it has and the other lines go the long way. (Whether the batch failed needs no
 * memo: a line found here failed or not the first time it was seen.)
 */
export class BatchMemo {
  private readonly results = new Map<string, string>()
  private chars = 0

  /**
   * @param maxChars the most characters (keys plus results) kept. Default: 8M (about 16 MB)
   * @param maxKeyChars lines longer than this are never kept. Default: 1024
   */
  constructor(private readonly maxChars = 8 * 1024 * 1024, private readonly maxKeyChars = 1024) {}

  /** The result text after `{"line":N` (up to and including its closing `}`) kept for this line text. */
  get(line: string): string | undefined {
    return this.results.get(line)
  }

  /** Keeps `rest`, the result text after `{"line":N`, for this line text, unless the memo is full. */
  set(line: string, rest: string): void {
    if (line.length > this.maxKeyChars) return
    const size = line.length + rest.length
    if (this.chars + size > this.maxChars) return
    this.chars += size
    // A line is a slice of the input chunk it came from and would keep the whole chunk alive: keep a copy.
    this.results.set(copyOf(line), copyOf(rest))
  }
}

/** A flat copy of a string that shares no storage with the string it came from (UTF-16 in and out: exact). */
function copyOf(s: string): string {
  return Buffer.from(s, 'utf16le').toString('utf16le')
}
