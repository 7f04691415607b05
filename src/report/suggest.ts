/** The candidate closest to `name` (case-insensitive edit distance), when close enough to be a likely typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  const lower = name.toLowerCase()
  for (const c of candidates) {
    if (c === name || c === '') continue
    const d = c.toLowerCase() === lower ? 0.5 : editDistance(lower, c.toLowerCase())
    if (d < bestDistance) { best = c; bestDistance = d }
  }
  // Very short names only get case-only suggestions: any one-letter name is one edit from any other.
  const limit = name.length <= 2 ? 0.5 : Math.max(1, Math.floor(name.length / 3))
  return bestDistance <= limit ? best : undefined
}

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  let cur = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost)
    }
    ;[prev, cur] = [cur, prev]
  }
  return prev[b.length]!
}
