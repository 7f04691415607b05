/** Levenshtein distance, capped: returns max + 1 as soon as the distance is known to exceed max. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      cur.push(v)
      if (v < rowMin) rowMin = v
    }
    if (rowMin > max) return max + 1
    prev = cur
  }
  return prev[b.length]!
}

/**
 * The closest candidate within a small edit distance (a third of the word, at most 3), or undefined.
 * Case-only differences count as the closest possible.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const max = Math.min(3, Math.max(1, Math.floor(word.length / 3)))
  let best: string | undefined
  let bestD = max + 1
  for (const c of candidates) {
    if (c === word) continue
    const d = c.toLowerCase() === word.toLowerCase() ? 0.5 : editDistance(word, c, max)
    if (d < bestD) { best = c; bestD = d }
  }
  return best
}

/** " (did you mean 'x'?)" or "". */
export const suggestion = (word: string, candidates: Iterable<string>): string => {
  const s = didYouMean(word, candidates)
  return s === undefined ? '' : ` (did you mean '${s}'?)`
}

/** Length of a string in UTF-8 bytes, as AMQP short strings count it. */
export const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8')

/** A name as messages quote it: `''` for the default exchange; very long names shortened in the middle. */
export const q = (name: string): string => `'${name.length > 64 ? `${name.slice(0, 40)}…${name.slice(-20)}` : name}'`
