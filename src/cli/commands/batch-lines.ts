import { StringDecoder } from 'node:string_decoder'

/** What the lines of a batch input go to. */
export interface LineSink {
  /** One line: text[start, end), its line end left out. */
  line(text: string, start: number, end: number): void
  /** A line that grew past the limit: not kept, so no text. */
  overlong(): void
  /** Should reading stop until the sink has written what it holds? */
  readonly full: boolean
}

/**
 * The lines of `trace --batch` input, split by hand: readline's async iterator costs more than routing a probe.
 * Each piece read is decoded whole and split with the string builtins, never byte by byte in JavaScript: a batch
 * is one pass, and a per-byte loop spends much of it interpreted before V8 optimises it (measured slower than this
 * on 200k probes). node's StringDecoder, not TextDecoder: the same text (U+FFFD for each bad sequence, pieces split
 * anywhere; test/cli/trace-batch-input.test.ts) at a fraction of the cost of TextDecoder's ICU converter. A line
 * longer than `maxLineChars` is not buffered across pieces (binary or hostile input cannot exhaust memory).
 */
export class BatchLines {
  private readonly decoder = new StringDecoder('utf8')
  /** The piece being read, decoded, and where reading it stopped (the sink was full). */
  private text = ''
  private at = 0
  /** The start of a line begun in an earlier piece. */
  private rest = ''
  private tooLong = false

  constructor(private readonly sink: LineSink, private readonly maxLineChars: number) {}

  /** Takes the next piece of input. Then call {@link BatchLines.read} until it says the piece is read. */
  push(bytes: Buffer): void {
    this.text = this.decoder.write(bytes)
    this.at = 0
  }

  /** Reads lines of the piece into the sink: true when the piece is read, false when the sink became full first. */
  read(): boolean {
    const text = this.text
    const sink = this.sink
    let start = this.at
    if (start === 0) {
      const nl = text.indexOf('\n')
      if (nl < 0) {
        this.gather(text)
        return true
      }
      // the first line may have begun in an earlier piece
      if (this.rest !== '' || this.tooLong) {
        this.gather(text.slice(0, nl))
        this.restDone()
      } else sink.line(text, 0, nl)
      start = nl + 1
    }
    for (;;) {
      if (sink.full) {
        this.at = start
        return false
      }
      const nl = text.indexOf('\n', start)
      if (nl < 0) break
      sink.line(text, start, nl)
      start = nl + 1
    }
    this.gather(text.slice(start))
    this.text = ''
    return true
  }

  /** The input has ended: its last line, when it had no line end. */
  end(): void {
    this.gather(this.decoder.end())
    if (this.rest !== '' || this.tooLong) this.restDone()
  }

  private gather(text: string): void {
    if (!this.tooLong) this.rest += text
    if (this.rest.length > this.maxLineChars) {
      this.tooLong = true
      this.rest = ''
    }
  }

  private restDone(): void {
    if (this.tooLong) this.sink.overlong()
    else this.sink.line(this.rest, 0, this.rest.length)
    this.rest = ''
    this.tooLong = false
  }
}
