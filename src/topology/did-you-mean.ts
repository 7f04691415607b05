/** Edit distance (Levenshtein), bounded: returns `max + 1` as soon as it is certain to exceed `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1))
      cur.push(v)
      if (v < rowMin) rowMin = v
    }
    if (rowMin > max) return max + 1
    prev = cur
  }
  return prev[b.length] ?? max + 1
}

const normalise = (s: string): string => s.toLowerCase().replace(/[-_ .]/g, '')

/** The closest candidate to `word` (typos, case, `-` vs `_`), or undefined when none is close enough. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const w = normalise(word)
  let best: string | undefined
  let bestD = Math.max(1, Math.min(3, Math.floor(word.length / 3)))
  for (const c of candidates) {
    if (c === word) continue
    const d = normalise(c) === w ? 0 : distance(w, normalise(c), bestD)
    if (d < bestD || (d === bestD && best === undefined)) { best = c; bestD = d }
  }
  return best
}
