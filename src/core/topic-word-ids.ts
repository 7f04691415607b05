/**
 * The distinct words of a topic exchange's binding keys, each with an integer id, looked up straight from a
 * routing key's characters: no `split`, no substring, no string hashing by V8 per word. A hash of the word's
 * UTF-16 code units picks a slot of an open-addressing table; a hit is confirmed with `startsWith` at the word's
 * position. Words are split on every `.` as RabbitMQ does (see topic-words.ts): `a..b` has an empty middle word.
 */
export class TopicWordIds {
  private readonly words: string[] = []
  private readonly hashes: number[] = []
  private table = new Int32Array(16).fill(-1)
  private mask = 15

  /** Number of distinct words. */
  get size(): number {
    return this.words.length
  }

  /** The id of a binding word, adding it when new. */
  intern(word: string): number {
    const h = hashRange(word, 0, word.length)
    const found = this.find(word, 0, word.length, h)
    if (found >= 0) return found
    const id = this.words.length
    this.words.push(word)
    this.hashes.push(h)
    if (this.words.length * 2 > this.table.length) this.grow()
    else this.place(id, h)
    return id
  }

  /**
   * Writes the id of each word of `key` (-1 for a word no binding has) into `ids` from index 0 and returns the
   * number of words, or -1 when `ids` is too short (the caller grows it and asks again). The empty key has no words.
   * With `stopAtUnknownFirst`, returns {@link UNKNOWN_FIRST_WORD} as soon as the first word turns out to be one
   * no binding has, without reading the rest of the key.
   */
  idsOf(key: string, ids: Int32Array, stopAtUnknownFirst: boolean): number {
    const len = key.length
    if (len === 0) return 0
    let n = 0
    let start = 0
    let h = FNV_OFFSET
    for (let i = 0; i <= len; i++) {
      const c = i < len ? key.charCodeAt(i) : 46
      if (c === 46) {
        if (n === ids.length) return -1
        const id = this.find(key, start, i, h)
        if (id === -1 && n === 0 && stopAtUnknownFirst) return UNKNOWN_FIRST_WORD
        ids[n++] = id
        start = i + 1
        h = FNV_OFFSET
      } else h = Math.imul(h ^ c, FNV_PRIME)
    }
    return n
  }

  /** Bytes of the lookup table (off the V8 heap; the word strings are on it). */
  get byteLength(): number {
    return this.table.byteLength
  }

  private find(key: string, start: number, end: number, h: number): number {
    const mask = this.mask
    const len = end - start
    let i = (h ^ (h >>> 15)) & mask
    for (;;) {
      const id = this.table[i]!
      if (id < 0) return -1
      if (this.hashes[id] === h) {
        const w = this.words[id]!
        if (w.length === len && key.startsWith(w, start)) return id
      }
      i = (i + 1) & mask
    }
  }

  private place(id: number, h: number): void {
    const mask = this.mask
    let i = (h ^ (h >>> 15)) & mask
    while (this.table[i] !== -1) i = (i + 1) & mask
    this.table[i] = id
  }

  private grow(): void {
    this.table = new Int32Array(this.table.length * 2).fill(-1)
    this.mask = this.table.length - 1
    for (let id = 0; id < this.words.length; id++) this.place(id, this.hashes[id]!)
  }
}

/** What {@link TopicWordIds.idsOf} returns when asked to stop at an unknown first word, and it was one. */
export const UNKNOWN_FIRST_WORD = -2

const FNV_OFFSET = 0x811c9dc5 | 0
const FNV_PRIME = 0x01000193

/** FNV-1a over UTF-16 code units [start, end) of `s`, as `idsOf` computes it while scanning. */
function hashRange(s: string, start: number, end: number): number {
  let h = FNV_OFFSET
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME)
  return h
}
