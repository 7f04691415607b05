/**
 * Results of `trace --batch` by probe line text. A probe's result depends only on its line's text (the topology,
 * the router and the options are fixed for the whole batch) and its line number, which every result line prints
 * first (`{"line":N...`). So a line seen before is answered with the result kept after the number, without parsing
 * or routing it again: captured traffic repeats the same few thousand publishes. Bounded by what it keeps; once
 * full it keeps what it has and the other lines go the long way. (Whether the batch failed needs no memo: a line
 * found here failed or not the first time it was seen.)
 */
export class BatchMemo {
  private readonly results = new Map<string, Uint8Array>()
  private kept = 0

  /**
   * @param maxSize the most kept: characters of the lines plus bytes of their results. Default: 8M
   * @param maxLineChars lines longer than this are never kept. Default: 1024
   */
  constructor(private readonly maxSize = 8 * 1024 * 1024, private readonly maxLineChars = 1024) {}

  /** The UTF-8 bytes of the result line after `{"line":N`, line end included, kept for this line text. */
  get(line: string): Uint8Array | undefined {
    return this.results.get(line)
  }

  /** Keeps `rest` (a copy the memo may keep) for this line text, unless the memo is full. */
  set(line: string, rest: Uint8Array): void {
    if (line.length > this.maxLineChars) return
    const size = line.length + rest.length
    if (this.kept + size > this.maxSize) return
    this.kept += size
    // A line is a slice of the input chunk it came from and would keep the whole chunk alive: keep a copy.
    this.results.set(copyOf(line), rest)
  }
}

/** A flat copy of a string that shares no storage with the string it came from (UTF-16 in and out: exact). */
function copyOf(s: string): string {
  return Buffer.from(s, 'utf16le').toString('utf16le')
}
