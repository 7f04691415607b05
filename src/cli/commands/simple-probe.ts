/**
 * The common batch probe, read without JSON.parse: a flat object whose keys are `exchange`, `routingKey`, `vhost`
 * and `mandatory` (each at most once), with strings that hold no escape and booleans. Anything else (headers,
 * cc/bcc, numbers, escapes, duplicate or unknown keys, bad JSON) is left to the general reader: undefined. What it
 * returns is what JSON.parse returns for the same text (same keys, same order), so the probe's checks and route
 * are the general path's own.
 */
export function scanSimpleProbe(line: string): Record<string, string | boolean> | undefined {
  const n = line.length
  let i = skipSpace(line, 0)
  if (line.charCodeAt(i) !== 0x7b /* { */) return undefined
  i = skipSpace(line, i + 1)
  const out: Record<string, string | boolean> = {}
  if (line.charCodeAt(i) === 0x7d /* } */) return skipSpace(line, i + 1) === n ? out : undefined
  for (;;) {
    if (line.charCodeAt(i) !== 0x22 /* " */) return undefined
    const keyEnd = line.indexOf('"', i + 1)
    if (keyEnd < 0) return undefined
    // a key with an escape in it is none of these four, so the general reader gets it
    const key = line.slice(i + 1, keyEnd)
    if (key !== 'exchange' && key !== 'routingKey' && key !== 'vhost' && key !== 'mandatory') return undefined
    // a repeated key: JSON.parse keeps the last one; the general reader says so
    if (Object.hasOwn(out, key)) return undefined
    i = skipSpace(line, keyEnd + 1)
    if (line.charCodeAt(i) !== 0x3a /* : */) return undefined
    i = skipSpace(line, i + 1)
    const c = line.charCodeAt(i)
    if (c === 0x22) {
      let j = i + 1
      for (;; j++) {
        if (j >= n) return undefined
        const d = line.charCodeAt(j)
        if (d === 0x22) break
        // an escape or a raw control character (which JSON does not allow): the general reader
        if (d === 0x5c /* \ */ || d < 0x20) return undefined
      }
      out[key] = line.slice(i + 1, j)
      i = j + 1
    } else if (c === 0x74 /* t */ && line.startsWith('true', i)) {
      out[key] = true
      i += 4
    } else if (c === 0x66 /* f */ && line.startsWith('false', i)) {
      out[key] = false
      i += 5
    } else return undefined
    i = skipSpace(line, i)
    const d = line.charCodeAt(i)
    if (d === 0x7d) return skipSpace(line, i + 1) === n ? out : undefined
    if (d !== 0x2c /* , */) return undefined
    i = skipSpace(line, i + 1)
  }
}

/** JSON's whitespace: space, tab, line feed, carriage return. */
function skipSpace(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i)
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i
    i++
  }
}
