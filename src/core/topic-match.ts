import { splitTopicKey } from './topic-words.js'

/**
 * Whether one topic binding key matches one routing key: the plain (non-trie) definition, used by
 * explanations and as the oracle the trie is tested against. Semantics of RabbitMQ's own test oracle
 * `ref_match/2` (deps/rabbit/test/rabbit_db_topic_exchange_SUITE.erl): `*` takes exactly one word (possibly
 * empty), `#` zero or more, other words compare byte for byte. Dynamic programming over (pattern word,
 * key word) keeps `#.#.#…` runs linear instead of exponential.
 */
export function topicMatches(pattern: string, key: string): boolean {
  return topicWordsMatch(splitTopicKey(pattern), splitTopicKey(key))
}

/** {@link topicMatches} on already split words. */
export function topicWordsMatch(p: readonly string[], k: readonly string[]): boolean {
  const n = k.length
  // row[j]: pattern words [0, i) match key words [0, j)
  let row = new Uint8Array(n + 1)
  row[0] = 1
  for (const w of p) {
    const next = new Uint8Array(n + 1)
    if (w === '#') {
      let any = 0
      for (let j = 0; j <= n; j++) {
        any |= row[j]!
        next[j] = any
      }
    } else {
      for (let j = 1; j <= n; j++) {
        if (row[j - 1] && (w === '*' || w === k[j - 1])) next[j] = 1
      }
    }
    row = next
  }
  return row[n] === 1
}
