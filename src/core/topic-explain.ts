import { splitTopicKey } from './topic-words.js'
import { topicWordsMatch } from './topic-match.js'

/** One pattern word and the key words it took. */
export interface TopicStep {
  readonly patternIndex: number
  readonly patternWord: string
  readonly kind: 'literal' | 'star' | 'hash'
  /** Index of the first key word taken (for a `#` that took nothing: where it stood). */
  readonly keyIndex: number
  /** Key words taken: one for a literal or `*` (possibly ""), zero or more for `#`. */
  readonly took: readonly string[]
}

export type TopicFailure =
  | { readonly kind: 'literal-mismatch'; readonly patternIndex: number; readonly keyIndex: number; readonly expected: string; readonly actual: string }
  | { readonly kind: 'key-exhausted'; readonly patternIndex: number; readonly missing: readonly string[] }
  | { readonly kind: 'pattern-exhausted'; readonly keyIndex: number; readonly extra: readonly string[] }

export type TopicNote =
  /** Replacing the pattern (or part of it) would match: e.g. `order.*` → `order.#`. */
  | { readonly kind: 'would-match'; readonly suggestion: string; readonly message: string }
  /** Pattern and key differ only in letter case (matching is byte-exact). */
  | { readonly kind: 'case-only'; readonly message: string }
  /** `#`/`*` glued to other characters in a pattern word are literal. */
  | { readonly kind: 'glued-wildcard'; readonly word: string; readonly message: string }
  /** Empty words from a leading/trailing dot or `..`, or the empty key (zero words). */
  | { readonly kind: 'empty-word'; readonly where: 'pattern' | 'key'; readonly message: string }
  /** `#`/`*` in a routing key are ordinary words. */
  | { readonly kind: 'wildcard-in-key'; readonly word: string; readonly message: string }

/** Word-by-word explanation of a topic binding key against a routing key. Pure data; presenters render it. */
export interface TopicExplanation {
  readonly pattern: string
  readonly key: string
  readonly patternWords: readonly string[]
  readonly keyWords: readonly string[]
  readonly matches: boolean
  /** When it matches: one step per pattern word (`#` takes as few words as it can). */
  readonly steps?: readonly TopicStep[]
  /** When it does not: the furthest point any alignment reached, and why it stopped there. */
  readonly stepsBeforeFailure?: readonly TopicStep[]
  readonly failure?: TopicFailure
  readonly notes: readonly TopicNote[]
}

const kindOf = (w: string): TopicStep['kind'] => (w === '#' ? 'hash' : w === '*' ? 'star' : 'literal')

/** suffix[i][j]: pattern words [i, m) match key words [j, n). */
function suffixTable(p: readonly string[], k: readonly string[]): Uint8Array[] {
  const m = p.length
  const n = k.length
  const t: Uint8Array[] = []
  for (let i = 0; i <= m; i++) t.push(new Uint8Array(n + 1))
  t[m]![n] = 1
  for (let i = m - 1; i >= 0; i--) {
    const w = p[i]!
    const row = t[i]!
    const next = t[i + 1]!
    if (w === '#') {
      let any = 0
      for (let j = n; j >= 0; j--) {
        any |= next[j]!
        row[j] = any
      }
    } else {
      for (let j = 0; j < n; j++) if (next[j + 1] && (w === '*' || w === k[j])) row[j] = 1
    }
  }
  return t
}

/** The alignment of a matching pattern: walk the suffix table, each `#` taking the fewest words. */
function align(p: readonly string[], k: readonly string[], t: Uint8Array[]): TopicStep[] {
  const steps: TopicStep[] = []
  let j = 0
  for (let i = 0; i < p.length; i++) {
    const w = p[i]!
    if (w === '#') {
      let take = 0
      while (!t[i + 1]![j + take]) take++
      steps.push({ patternIndex: i, patternWord: w, kind: 'hash', keyIndex: j, took: k.slice(j, j + take) })
      j += take
    } else {
      steps.push({ patternIndex: i, patternWord: w, kind: kindOf(w), keyIndex: j, took: [k[j]!] })
      j++
    }
  }
  return steps
}

/** Where a failing pattern gets furthest: forward reachability, then the deepest (pattern, key) point. */
function failurePoint(p: readonly string[], k: readonly string[]): { steps: TopicStep[]; failure: TopicFailure } {
  const m = p.length
  const n = k.length
  // reach[i][j]: pattern [0, i) matches key [0, j); from[i][j]: previous j (for the path back)
  const reach: Int32Array[] = []
  for (let i = 0; i <= m; i++) reach.push(new Int32Array(n + 1).fill(-1))
  reach[0]![0] = 0
  for (let i = 0; i < m; i++) {
    const w = p[i]!
    let firstSeen = -1
    for (let j = 0; j <= n; j++) {
      if (reach[i]![j]! < 0) continue
      if (w === '#') {
        if (firstSeen < 0) firstSeen = j
        for (let q = j; q <= n; q++) if (reach[i + 1]![q]! < 0) reach[i + 1]![q] = j
      } else if (j < n && (w === '*' || w === k[j])) {
        reach[i + 1]![j + 1] = j
      }
    }
  }
  let bi = 0
  for (let i = m; i >= 0; i--) if (reach[i]!.some((v) => v >= 0)) { bi = i; break }
  let bj = 0
  for (let j = n; j >= 0; j--) if (reach[bi]![j]! >= 0) { bj = j; break }
  if (bi === m) {
    // the pattern ran out: the key has words left over (a full match would have bj === n)
    const steps = pathTo(p, k, reach, m, bj)
    return { steps, failure: { kind: 'pattern-exhausted', keyIndex: bj, extra: k.slice(bj) } }
  }
  // prefer a point where the key still has a word, to show a concrete literal mismatch
  let cj = -1
  for (let j = n - 1; j >= 0; j--) if (reach[bi]![j]! >= 0) { cj = j; break }
  if (cj >= 0 && p[bi] !== '#') {
    const steps = pathTo(p, k, reach, bi, cj)
    return { steps, failure: { kind: 'literal-mismatch', patternIndex: bi, keyIndex: cj, expected: p[bi]!, actual: k[cj]! } }
  }
  const steps = pathTo(p, k, reach, bi, bj)
  return { steps, failure: { kind: 'key-exhausted', patternIndex: bi, missing: p.slice(bi) } }
}

function pathTo(p: readonly string[], k: readonly string[], reach: Int32Array[], i: number, j: number): TopicStep[] {
  const steps: TopicStep[] = []
  while (i > 0) {
    const from = reach[i]![j]!
    const w = p[i - 1]!
    steps.push({ patternIndex: i - 1, patternWord: w, kind: kindOf(w), keyIndex: from, took: k.slice(from, j) })
    i--
    j = from
  }
  return steps.reverse()
}

const q = (s: string): string => `'${s}'`

function nearMisses(pattern: string, key: string, p: readonly string[], k: readonly string[]): TopicNote[] {
  const notes: TopicNote[] = []
  // `*` takes exactly one word: would `#` in its place match?
  for (let i = 0; i < p.length; i++) {
    if (p[i] !== '*') continue
    const alt = p.slice()
    alt[i] = '#'
    if (topicWordsMatch(alt, k)) {
      const s = alt.join('.')
      notes.push({ kind: 'would-match', suggestion: s, message: `\`*\` is exactly one word; ${q(s)} would match` })
      break
    }
  }
  // the pattern ends early: a trailing `.#` would take the rest
  if (p.length > 0 && p[p.length - 1] !== '#' && topicWordsMatch([...p, '#'], k)) {
    const s = `${pattern}.#`
    notes.push({ kind: 'would-match', suggestion: s, message: `the key has more words than the pattern; ${q(s)} would match` })
  }
  if (pattern === '' && key !== '') {
    notes.push({ kind: 'would-match', suggestion: '#', message: "an empty binding key matches only the empty routing key; use '#' to match everything" })
  }
  if (pattern.toLowerCase() !== pattern || key.toLowerCase() !== key) {
    if (topicWordsMatch(splitTopicKey(pattern.toLowerCase()), splitTopicKey(key.toLowerCase()))) {
      notes.push({ kind: 'case-only', message: 'pattern and key differ only in letter case; topic matching is case-sensitive and byte-exact' })
    }
  }
  for (const w of p) {
    if (w !== '#' && w !== '*' && (w.includes('#') || w.includes('*'))) {
      notes.push({ kind: 'glued-wildcard', word: w, message: `${q(w)} is a literal word: \`#\` and \`*\` are wildcards only as whole words between dots` })
    }
  }
  for (const w of k) {
    if (w === '#' || w === '*' || w.includes('#') || w.includes('*')) {
      notes.push({ kind: 'wildcard-in-key', word: w, message: `${q(w)} in a routing key is an ordinary word, not a wildcard` })
      break
    }
  }
  if (key === '') notes.push({ kind: 'empty-word', where: 'key', message: "the empty routing key has zero words: only '#' (or '#.#', or '') matches it" })
  else if (k.includes('')) notes.push({ kind: 'empty-word', where: 'key', message: 'the key has an empty word (a leading or trailing dot, or ..): it is a real word that `*` can take' })
  if (pattern !== '' && p.includes('')) notes.push({ kind: 'empty-word', where: 'pattern', message: 'the pattern has an empty word (a leading or trailing dot, or ..): it matches only an empty key word' })
  return notes
}

/**
 * Explains how a topic binding key aligns with a routing key (rabbit_db_topic_exchange.erl semantics):
 * which key word each pattern word took, how many words each `#` absorbed (zero included), where and why
 * it fails, and near misses (`order.*` vs `order.created.eu`: `order.#` would match).
 */
export function explainTopic(pattern: string, key: string): TopicExplanation {
  const p = splitTopicKey(pattern)
  const k = splitTopicKey(key)
  const t = suffixTable(p, k)
  if (t[0]![0] === 1) {
    const notes: TopicNote[] = []
    for (const w of p) {
      if (w !== '#' && w !== '*' && (w.includes('#') || w.includes('*'))) {
        notes.push({ kind: 'glued-wildcard', word: w, message: `${q(w)} is a literal word: \`#\` and \`*\` are wildcards only as whole words between dots` })
      }
    }
    return { pattern, key, patternWords: p, keyWords: k, matches: true, steps: align(p, k, t), notes }
  }
  const { steps, failure } = failurePoint(p, k)
  return { pattern, key, patternWords: p, keyWords: k, matches: false, stepsBeforeFailure: steps, failure, notes: nearMisses(pattern, key, p, k) }
}

/** A one-line reason for a failed topic match (trace --verbose, explain tables). */
export function summariseTopicMiss(e: TopicExplanation): string {
  if (e.matches) return 'matches'
  const f = e.failure!
  let reason: string
  switch (f.kind) {
    case 'literal-mismatch':
      reason = `word ${f.keyIndex + 1} of the key is ${q(f.actual)}, the pattern wants ${q(f.expected)}`
      break
    case 'key-exhausted':
      reason = e.keyWords.length === 0
        ? `the empty key has zero words; the pattern needs ${q(f.missing.join('.'))}`
        : `the key ends before the pattern: ${q(f.missing.join('.'))} still needs words`
      break
    case 'pattern-exhausted':
      reason = `the pattern ends before the key: ${q(f.extra.join('.'))} left over`
      break
  }
  const hint = e.notes.find((n) => n.kind === 'would-match' || n.kind === 'case-only' || n.kind === 'glued-wildcard')
  return hint ? `${reason} (${hint.message})` : reason
}
