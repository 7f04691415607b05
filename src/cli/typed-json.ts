/**
 * JSON for the typed encoding, where `1.0` is a double and `1` a long. JSON.parse loses that difference
 * (both give the number 1), and it matters: on RabbitMQ 3.13+ a header `1.0` does not match a binding `1`
 * (rabbit_exchange_type_headers.erl compares with =:=). So integral numbers written with a fraction or an
 * exponent come back as the explicit form `{ type: 'double', value: n }`, except where they already are the
 * `value` of an explicit form. Text without such a number takes the fast path (JSON.parse).
 */
export type TypedJsonParse = { ok: true; value: unknown } | { ok: false; message: string }

const MAX_DEPTH = 256

export function parseTypedJson(text: string): TypedJsonParse {
  // Fast path: no digit followed by '.', 'e' or 'E' anywhere, so no number can be an integral double.
  if (!/\d[.eE]/.test(text)) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown }
    } catch (e) {
      return { ok: false, message: jsonMessage(e) }
    }
  }
  // Such digits only inside strings (`"v1.orders"`, `"x2.eu"`): JSON.parse still reads it the same, when the text
  // is valid JSON. Invalid text goes on to the parser below, whose message it got before.
  if (!fractionOutsideStrings(text) && !mayNestDeeper(text, MAX_DEPTH)) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown }
    } catch { /* the typed parser words the error */ }
  }
  return parseTypedJsonExact(text)
}

/** parseTypedJson without its fast paths: every text through the typed parser (what the fast paths must equal). */
export function parseTypedJsonExact(text: string): TypedJsonParse {
  try {
    return { ok: true, value: new TypedJsonParser(text).parseDocument() }
  } catch (e) {
    return { ok: false, message: jsonMessage(e) }
  }
}

/** Could the text nest more than `depth` arrays and objects (which the typed parser refuses and JSON.parse not)? */
function mayNestDeeper(text: string, depth: number): boolean {
  if (text.length <= depth) return false
  let open = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c === 0x7b || c === 0x5b) && ++open > depth) return true
  }
  return false
}

/**
 * Is there a digit followed by '.', 'e' or 'E' outside the strings of this text? Exact for valid JSON, where
 * every string is closed; for other text it may say no wrongly, which is why its caller only trusts it when
 * JSON.parse accepts the text.
 */
function fractionOutsideStrings(text: string): boolean {
  const tokens = /"(?:[^"\\]|\\.)*"|\d[.eE]/g
  for (let m = tokens.exec(text); m !== null; m = tokens.exec(text)) if (m[0].charCodeAt(0) !== 0x22) return true
  return false
}

function jsonMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** A small recursive-descent JSON parser (RFC 8259) that keeps integral doubles typed. */
class TypedJsonParser {
  private pos = 0
  private readonly markers = new WeakSet<object>()
  // Sticky regexes carry lastIndex: one set per parser, never shared between parses.
  private readonly NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y
  private readonly STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y
  private readonly SPACE = /[ \t\n\r]*/y
  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    const v = this.value(0)
    this.space()
    if (this.pos !== this.text.length) this.fail('unexpected text after the JSON value')
    return v
  }

  private fail(what: string): never {
    throw new Error(`${what} at position ${this.pos}`)
  }

  private space(): void {
    this.SPACE.lastIndex = this.pos
    this.SPACE.test(this.text)
    this.pos = this.SPACE.lastIndex
  }

  private value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail('JSON nested too deeply')
    this.space()
    const c = this.text[this.pos]
    if (c === '{') return this.object(depth)
    if (c === '[') return this.array(depth)
    if (c === '"') return this.string()
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number()
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) { this.pos += word.length; return v }
    }
    return this.fail(c === undefined ? 'unexpected end of JSON' : `unexpected ${JSON.stringify(c)}`)
  }

  private string(): string {
    this.STRING.lastIndex = this.pos
    const m = this.STRING.exec(this.text)
    if (!m) this.fail('bad string')
    this.pos = this.STRING.lastIndex
    return JSON.parse(m[0]) as string
  }

  private number(): unknown {
    this.NUMBER.lastIndex = this.pos
    const m = this.NUMBER.exec(this.text)
    if (!m) this.fail('bad number')
    this.pos = this.NUMBER.lastIndex
    const n = Number(m[0])
    if ((m[1] !== undefined || m[2] !== undefined) && Number.isInteger(n)) {
      const marker = { type: 'double', value: n }
      this.markers.add(marker)
      return marker
    }
    return n
  }

  private array(depth: number): unknown[] {
    this.pos++
    const out: unknown[] = []
    this.space()
    if (this.text[this.pos] === ']') { this.pos++; return out }
    for (;;) {
      out.push(this.value(depth + 1))
      this.space()
      const c = this.text[this.pos++]
      if (c === ']') return out
      if (c !== ',') { this.pos--; this.fail("expected ',' or ']'") }
    }
  }

  private object(depth: number): Record<string, unknown> {
    this.pos++
    const out: Record<string, unknown> = {}
    this.space()
    if (this.text[this.pos] === '}') { this.pos++; return out }
    for (;;) {
      this.space()
      if (this.text[this.pos] !== '"') this.fail('expected a property name')
      const key = this.string()
      this.space()
      if (this.text[this.pos++] !== ':') { this.pos--; this.fail("expected ':'") }
      // defineProperty, as JSON.parse does: `__proto__` is an own key, not the prototype.
      Object.defineProperty(out, key, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true })
      this.space()
      const c = this.text[this.pos++]
      if (c === '}') break
      if (c !== ',') { this.pos--; this.fail("expected ',' or '}'") }
    }
    // In an explicit form `{"type": "double", "value": 1.0}` the value is the number itself.
    const v = out.value
    if (typeof out.type === 'string' && typeof v === 'object' && v !== null && this.markers.has(v)) {
      out.value = (v as { value: number }).value
    }
    return out
  }
}
