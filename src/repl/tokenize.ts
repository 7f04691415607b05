/**
 * A small shell-like tokenizer for REPL lines: whitespace separates words, `'…'` is literal, `"…"` allows
 * `\"`, `\\`, `\n`, `\t` escapes, a backslash outside quotes escapes the next character, and `""` is an empty
 * word (the empty routing key). A quoted word is never read as an option, so `publish x "--odd-key"` works.
 */
export interface Token {
  /** The word after quote removal and escapes. */
  readonly value: string
  /** Offsets of the raw word in the line (for completion). */
  readonly start: number
  readonly end: number
  /** Some part of the word was quoted or escaped. */
  readonly quoted: boolean
}

export type Tokenized =
  | { readonly ok: true; readonly tokens: readonly Token[]; readonly trailingSpace: boolean }
  | { readonly ok: false; readonly message: string; readonly tokens: readonly Token[] }

const DOUBLE_QUOTE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'], ['\\', '\\'], ['n', '\n'], ['t', '\t'], ['r', '\r'], ['0', '\0'],
])

/** Splits a line into words. Never throws: an unterminated quote is an error value (with the words so far). */
export function tokenize(line: string): Tokenized {
  const tokens: Token[] = []
  let i = 0
  const n = line.length
  while (i < n) {
    while (i < n && isSpace(line[i]!)) i++
    if (i >= n) break
    const start = i
    let value = ''
    let quoted = false
    while (i < n && !isSpace(line[i]!)) {
      const c = line[i]!
      if (c === "'") {
        quoted = true
        const close = line.indexOf("'", i + 1)
        if (close < 0) return { ok: false, message: `unterminated ' quote at column ${i + 1}`, tokens }
        value += line.slice(i + 1, close)
        i = close + 1
      } else if (c === '"') {
        quoted = true
        i++
        let closed = false
        while (i < n) {
          const d = line[i]!
          if (d === '"') { closed = true; i++; break }
          if (d === '\\' && i + 1 < n) {
            const esc = DOUBLE_QUOTE_ESCAPES.get(line[i + 1]!)
            value += esc ?? `\\${line[i + 1]!}`
            i += 2
            continue
          }
          value += d
          i++
        }
        if (!closed) return { ok: false, message: `unterminated " quote at column ${start + 1}`, tokens }
      } else if (c === '\\') {
        quoted = true
        if (i + 1 >= n) return { ok: false, message: 'a trailing \\ escapes nothing', tokens }
        value += line[i + 1]!
        i += 2
      } else {
        value += c
        i++
      }
    }
    tokens.push({ value, start, end: i, quoted })
  }
  return { ok: true, tokens, trailingSpace: n > 0 && isSpace(line[n - 1]!) }
}

/** Quotes a word so that tokenize() reads it back unchanged (for completions and echoed commands). */
export function quoteWord(word: string): string {
  if (word === '') return '""'
  if (/^[A-Za-z0-9_.:/@%+=,#*-]+$/.test(word)) return word
  return `"${word.replace(/["\\]/g, (m) => `\\${m}`).replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r'
}
