/**
 * Text from a user's file made safe for a terminal: C0 and C1 control characters, DEL and the bidi
 * embedding/override/isolate characters (U+202A–U+202E, U+2066–U+2069) are shown as visible escapes, so a name
 * holding `\r` or `ESC[2K` cannot erase or reorder what is printed around it (Trojan Source, CVE-2021-42574).
 * Every human-readable printer passes file text through this; JSON output stays exact.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu

const UNSAFE_ONE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u

const NAMED: ReadonlyMap<string, string> = new Map([
  ['\n', '\\n'], ['\r', '\\r'], ['\t', '\\t'], ['\u001b', '\\e'], ['\b', '\\b'], ['\f', '\\f'], ['\v', '\\v'], ['\u0000', '\\0'],
])

export function terminalText(s: string): string {
  return UNSAFE_ONE.test(s) ? s.replace(UNSAFE, escapeOne) : s
}

/** True when `s` holds a character terminalText would escape. */
export function hasUnsafeText(s: string): boolean {
  return UNSAFE_ONE.test(s)
}

function escapeOne(ch: string): string {
  const named = NAMED.get(ch)
  if (named !== undefined) return named
  const code = ch.codePointAt(0)!
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`
}

/** terminalText for text of several lines: the line breaks stay, everything else unsafe is escaped. */
export function terminalLines(s: string): string {
  return s.split('\n').map(terminalText).join('\n')
}

/** A string shown in double quotes, as JSON writes it, with what JSON leaves raw (C1, bidi) escaped too. */
export function quoted(s: string): string {
  return terminalText(JSON.stringify(s))
}
