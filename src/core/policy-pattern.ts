/**
 * Policy patterns are Erlang `re` (PCRE) regular expressions, matched UNANCHORED against the object's
 * name as a binary, i.e. on its UTF-8 BYTES, without the unicode option (rabbit_policy:match/2 →
 * re:run(Name, Pattern, [{capture, none}])). A JavaScript RegExp differs: `.` is one UTF-16 unit, `$`
 * does not match before a final newline, `(?i)`, `\A`, `\z`, `\Z` do not exist, `i` folds Latin-1
 * letters. So both the pattern and the name are turned into "byte strings" (each UTF-8 byte one char
 * U+0000–U+00FF) and the pattern is translated construct by construct; anything that cannot be translated
 * faithfully is reported, never guessed.
 */

/** The UTF-8 bytes of a string as a string of U+0000–U+00FF chars (lone surrogates become U+FFFD). */
export function utf8ByteString(s: string): string {
  let ascii = true
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) { ascii = false; break }
  if (ascii) return s
  let out = ''
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
      } else c = 0xfffd
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd
    if (c < 0x80) out += String.fromCharCode(c)
    else if (c < 0x800) out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out += String.fromCharCode(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return out
}

export type CompiledPattern =
  | { readonly ok: true; readonly pattern: string; readonly regex: RegExp; readonly flags: { readonly caseless: boolean; readonly multiline: boolean; readonly dotall: boolean } }
  | { readonly ok: false; readonly pattern: string; readonly message: string }

const SPACE_CLASS = '\\t\\n\\v\\f\\r '
const hex2 = (c: number): string => `\\x${c.toString(16).padStart(2, '0')}`

/** A byte as a literal inside or outside a class (always escaped when not alphanumeric). */
function lit(c: number): string {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return String.fromCharCode(c)
  return hex2(c)
}

const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a

/** Case-insensitive (ASCII only, as PCRE's default C-locale tables) literal outside a class. */
function caselessLit(c: number): string {
  if (isUpper(c)) return `[${String.fromCharCode(c)}${String.fromCharCode(c + 32)}]`
  if (isLower(c)) return `[${String.fromCharCode(c - 32)}${String.fromCharCode(c)}]`
  return lit(c)
}

const POSIX: ReadonlyMap<string, string> = new Map([
  ['alpha', 'a-zA-Z'], ['digit', '0-9'], ['alnum', 'a-zA-Z0-9'], ['upper', 'A-Z'], ['lower', 'a-z'],
  ['space', SPACE_CLASS], ['blank', ' \\t'], ['xdigit', '0-9a-fA-F'], ['word', 'a-zA-Z0-9_'],
  ['punct', '!-\\/:-@\\[-`{-~'], ['cntrl', '\\x00-\\x1f\\x7f'], ['print', ' -~'], ['graph', '!-~'], ['ascii', '\\x00-\\x7f'],
])

class Untranslatable extends Error {}

/**
 * Translates a PCRE pattern (already a byte string) to a JavaScript pattern over byte strings.
 * Supported: literals, classes (incl. `]` first, POSIX [:name:]), escapes \d \D \w \W \s \S \b \B \A \z \Z
 * \Q…\E \xhh \x{hh} \e \n \t \r \f \v \a octal and backreferences, groups (?: (?= (?! (?<= (?<! (?<name>
 * (?P<name> (?#…), quantifiers incl. lazy, leading option settings (?i) (?m) (?s), `.` and `^`/`$`.
 * Not supported (reported): (?x), mid-pattern option changes, atomic groups, possessive quantifiers,
 * recursion, conditionals, \p, \G, \K, \R, \X, \C, \h, \N.
 */
function translate(src: string): { js: string; caseless: boolean; multiline: boolean; dotall: boolean } {
  let i = 0
  let caseless = false
  let multiline = false
  let dotall = false
  // leading option settings: (?i), (?im), (?s)..., possibly several
  for (;;) {
    const m = /^\(\?([a-zA-Z]+)\)/.exec(src.slice(i))
    if (!m) break
    for (const f of m[1]!) {
      if (f === 'i') caseless = true
      else if (f === 'm') multiline = true
      else if (f === 's') dotall = true
      else throw new Untranslatable(`option (?${f}) is not supported`)
    }
    i += m[0].length
  }
  let out = ''
  let atomStart = true // at a position where a quantifier would be an error / literal
  while (i < src.length) {
    const ch = src[i]!
    const c = src.charCodeAt(i)
    if (ch === '\\') {
      const [piece, next] = escapeOutside(src, i, caseless)
      out += piece
      i = next
      atomStart = false
      continue
    }
    if (ch === '[') {
      const [cls, next] = charClass(src, i, caseless)
      out += cls
      i = next
      atomStart = false
      continue
    }
    if (ch === '(') {
      const rest = src.slice(i)
      if (rest.startsWith('(?#')) {
        const end = src.indexOf(')', i)
        if (end < 0) throw new Untranslatable('unterminated comment')
        i = end + 1
        continue
      }
      let open: string
      if (rest.startsWith('(?:') || rest.startsWith('(?=') || rest.startsWith('(?!')) open = rest.slice(0, 3)
      else if (rest.startsWith('(?<=') || rest.startsWith('(?<!')) open = rest.slice(0, 4)
      else if (/^\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/.test(rest)) {
        const m = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest)!
        out += `(?<${m[1]}>`
        i += m[0].length
        atomStart = true
        continue
      } else if (rest.startsWith('(?')) throw new Untranslatable(`group ${rest.slice(0, 4)}… is not supported`)
      else open = '('
      out += open
      i += open.length
      atomStart = true
      continue
    }
    if (ch === ')' || ch === '|') {
      out += ch
      i++
      atomStart = ch === '|'
      continue
    }
    if (ch === '*' || ch === '+' || ch === '?' || (ch === '{' && /^\{\d+(,\d*)?\}/.test(src.slice(i)))) {
      let q = ch
      if (ch === '{') q = /^\{\d+(,\d*)?\}/.exec(src.slice(i))![0]
      if (atomStart) throw new Untranslatable(`quantifier '${q}' follows nothing`)
      i += q.length
      if (src[i] === '+') throw new Untranslatable('possessive quantifiers are not supported')
      if (src[i] === '?') { q += '?'; i++ }
      out += q
      continue
    }
    if (ch === '.') { out += dotall ? '[\\s\\S]' : '[^\\n]'; i++; atomStart = false; continue }
    if (ch === '^') { out += multiline ? '(?:(?<![\\s\\S])|(?<=\\n))' : '(?<![\\s\\S])'; i++; continue }
    if (ch === '$') { out += multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))'; i++; continue }
    out += caseless ? caselessLit(c) : lit(c)
    i++
    atomStart = false
  }
  return { js: out, caseless, multiline, dotall }
}

function escapeOutside(src: string, i: number, caseless: boolean): [string, number] {
  const e = src[i + 1]
  if (e === undefined) throw new Untranslatable('pattern ends with a backslash')
  switch (e) {
    case 'A': return ['(?<![\\s\\S])', i + 2]
    case 'z': return ['(?![\\s\\S])', i + 2]
    case 'Z': return ['(?=\\n?(?![\\s\\S]))', i + 2]
    case 's': return [`[${SPACE_CLASS}]`, i + 2]
    case 'S': return [`[^${SPACE_CLASS}]`, i + 2]
    case 'd': case 'D': case 'w': case 'W': case 'b': case 'B': return [`\\${e}`, i + 2]
    case 'Q': {
      const end = src.indexOf('\\E', i + 2)
      const text = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end)
      let out = ''
      for (let k = 0; k < text.length; k++) out += caseless ? caselessLit(text.charCodeAt(k)) : lit(text.charCodeAt(k))
      return [out.length > 0 ? `(?:${out})` : '', end < 0 ? src.length : end + 2]
    }
    case 'E': return ['', i + 2]
    default: {
      const [byte, next] = escapedByte(src, i)
      if (byte === 'backref') {
        if (caseless) throw new Untranslatable('backreferences with (?i) are not supported')
        const m = /^\\(\d+)/.exec(src.slice(i))!
        return [`\\${m[1]}`, i + m[0].length]
      }
      return [caseless ? caselessLit(byte) : lit(byte), next]
    }
  }
}

/** A single-byte escape (\n, \x41, \x{41}, \012, \., …), or 'backref' for \1–\9… outside classes. */
function escapedByte(src: string, i: number, inClass = false): [number | 'backref', number] {
  const e = src[i + 1]!
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11, a: 7, e: 27 }
  if (e in simple) return [simple[e]!, i + 2]
  if (e === 'x') {
    const braced = /^\\x\{([0-9a-fA-F]+)\}/.exec(src.slice(i))
    if (braced) {
      const v = parseInt(braced[1]!, 16)
      if (v > 0xff) throw new Untranslatable(`\\x{${braced[1]}} is beyond a byte (patterns match bytes, not characters)`)
      return [v, i + braced[0].length]
    }
    const m = /^\\x([0-9a-fA-F]{0,2})/.exec(src.slice(i))!
    return [m[1] === '' ? 0 : parseInt(m[1]!, 16), i + m[0].length]
  }
  if (e === '0') {
    const m = /^\\0([0-7]{0,2})/.exec(src.slice(i))!
    return [m[1] === '' ? 0 : parseInt(m[1]!, 8), i + m[0].length]
  }
  if (/[1-9]/.test(e)) {
    if (!inClass) return ['backref', i]
    const m = /^\\([0-7]{1,3})/.exec(src.slice(i))
    if (m) return [parseInt(m[1]!, 8) & 0xff, i + m[0].length]
    throw new Untranslatable(`\\${e} in a class is not supported`)
  }
  if (/[a-zA-Z]/.test(e)) throw new Untranslatable(`escape \\${e} is not supported`)
  return [src.charCodeAt(i + 1), i + 2]
}

/** A bracket class, `]` allowed first, POSIX names, ASCII-only case folding for (?i). */
function charClass(src: string, i: number, caseless: boolean): [string, number] {
  let j = i + 1
  let negate = false
  if (src[j] === '^') { negate = true; j++ }
  const items: string[] = []
  const ranges: [number, number][] = []
  let first = true
  for (;;) {
    if (j >= src.length) throw new Untranslatable('unterminated character class')
    const ch = src[j]!
    if (ch === ']' && !first) { j++; break }
    first = false
    if (ch === '[' && src[j + 1] === ':') {
      const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(j))
      if (!m) throw new Untranslatable('invalid POSIX class')
      const body = POSIX.get(m[2]!)
      if (body === undefined) throw new Untranslatable(`POSIX class [:${m[2]}:] is not supported`)
      if (m[1] === '^') throw new Untranslatable('negated POSIX classes are not supported')
      items.push(body)
      j += m[0].length
      continue
    }
    let lo: number
    if (ch === '\\') {
      const e = src[j + 1]
      if (e === undefined) throw new Untranslatable('unterminated character class')
      if (e === 'd' || e === 'D' || e === 'w' || e === 'W') { items.push(`\\${e}`); j += 2; continue }
      if (e === 's') { items.push(SPACE_CLASS); j += 2; continue }
      if (e === 'S') throw new Untranslatable('\\S inside a class is not supported')
      if (e === 'b') { lo = 8; j += 2 } else {
        const [b, next] = escapedByte(src, j, true)
        lo = b as number
        j = next
      }
    } else {
      lo = src.charCodeAt(j)
      j++
    }
    let hi = lo
    if (src[j] === '-' && src[j + 1] !== ']' && src[j + 1] !== undefined) {
      const h = src[j + 1]!
      if (h === '\\') {
        const [b, next] = escapedByte(src, j + 1, true)
        if (typeof b !== 'number') throw new Untranslatable('invalid range')
        hi = b
        j = next
      } else if (h === '[') throw new Untranslatable('invalid range')
      else {
        hi = src.charCodeAt(j + 1)
        j += 2
      }
      if (hi < lo) throw new Untranslatable('range out of order in character class')
    }
    ranges.push([lo, hi])
  }
  if (caseless) {
    for (const [lo, hi] of [...ranges]) {
      const a = Math.max(lo, 0x41), b = Math.min(hi, 0x5a)
      if (a <= b) ranges.push([a + 32, b + 32])
      const c = Math.max(lo, 0x61), d = Math.min(hi, 0x7a)
      if (c <= d) ranges.push([c - 32, d - 32])
    }
  }
  let body = items.join('')
  for (const [lo, hi] of ranges) body += lo === hi ? hex2(lo) : `${hex2(lo)}-${hex2(hi)}`
  if (body === '') return [negate ? '[\\s\\S]' : '[]', j]
  return [`[${negate ? '^' : ''}${body}]`, j]
}

/**
 * Compiles a policy pattern for matching names with {@link patternMatches}. Never throws: a pattern that
 * cannot be translated faithfully (or is invalid) comes back as `{ ok: false, message }`.
 */
export function compilePolicyPattern(pattern: string): CompiledPattern {
  try {
    const t = translate(utf8ByteString(pattern))
    return { ok: true, pattern, regex: new RegExp(t.js), flags: { caseless: t.caseless, multiline: t.multiline, dotall: t.dotall } }
  } catch (e) {
    const message = e instanceof Untranslatable ? e.message : `invalid regular expression: ${(e as Error).message}`
    return { ok: false, pattern, message: `policy pattern '${pattern}': ${message}` }
  }
}

/** Unanchored search of a compiled pattern in a name's UTF-8 bytes. */
export function patternMatches(compiled: CompiledPattern & { ok: true }, name: string): boolean {
  return compiled.regex.test(utf8ByteString(name))
}
