/**
 * "Did you mean …?" for every part of rmq-sim (schema property names, argument names, exchange and queue names,
 * REPL commands): one notion of "close enough", so the same typo gets the same answer everywhere.
 */

/** Options of didYouMean. */
export interface SuggestOptions {
  /** A word that starts a candidate (at least two characters) counts as close: REPL commands typed short. Default: false */
  readonly prefix?: boolean
}

/** Case and the separators people mix up (`-`, `_`, `.`, space) do not count as differences. */
const normalise = (s: string): string => s.toLowerCase().replace(/[-_ .]/g, '')

/**
 * Edit distance with adjacent transpositions as one edit (optimal string alignment), bounded: returns `max + 1`
 * as soon as the distance is certain to exceed `max`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev2: number[] = []
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1)
      cur.push(v)
      if (v < rowMin) rowMin = v
    }
    if (rowMin > max) return max + 1
    prev2 = prev
    prev = cur
  }
  return prev[b.length]!
}

/**
 * The candidate closest to `word`, when it is close enough to be a likely typo: a case- or separator-only
 * difference always is; otherwise up to a third of the word's length in edits (1 to 3). Names of one
 * character get case-only suggestions (any one-letter name is one edit from any other). Empty candidates never.
 */
export function didYouMean(word: string, candidates: Iterable<string>, options: SuggestOptions = {}): string | undefined {
  const w = normalise(word)
  const limit = word.length <= 1 ? 0 : Math.max(1, Math.min(3, Math.floor(word.length / 3)))
  let best: string | undefined
  let bestD = Number.POSITIVE_INFINITY
  for (const c of candidates) {
    if (c === word || c === '') continue
    const nc = normalise(c)
    const d = nc === w ? 0 : options.prefix === true && w.length >= 2 && nc.startsWith(w) ? 0.5 : editDistance(w, nc, limit)
    if (d < bestD) { best = c; bestD = d }
  }
  return bestD <= limit || bestD === 0 || bestD === 0.5 ? best : undefined
}
