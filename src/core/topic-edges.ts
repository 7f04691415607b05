/**
 * The literal edges of a topic trie, (node, word id) → child node, in one open-addressing hash table of
 * typed arrays. A routing key's words are looked up once each (word → id) and every literal step after
 * that is integer hashing, instead of a string-keyed Map lookup per node visited. 12 bytes per slot, at most
 * 70% of the slots used once compacted, no per-node objects.
 */
export class TopicEdges {
  private nodes: Int32Array
  private words: Int32Array
  private children: Int32Array
  private mask: number
  private used = 0

  constructor(expected = 8) {
    let size = 16
    while (size < expected * 2) size *= 2
    this.nodes = new Int32Array(size).fill(-1)
    this.words = new Int32Array(size)
    this.children = new Int32Array(size)
    this.mask = size - 1
  }

  /** The child of `node` along word `word`, or -1. */
  get(node: number, word: number): number {
    const mask = this.mask
    let i = slotOf(node, word) & mask
    for (;;) {
      const n = this.nodes[i]!
      if (n === node && this.words[i] === word) return this.children[i]!
      if (n === -1) return -1
      i = (i + 1) & mask
    }
  }

  /** Adds an edge that is not there yet. */
  add(node: number, word: number, child: number): void {
    if ((this.used + 1) * 2 > this.nodes.length) this.grow()
    this.place(node, word, child)
    this.used++
  }

  /** Bytes held by the table's arrays (off the V8 heap). */
  get byteLength(): number {
    return this.nodes.byteLength + this.words.byteLength + this.children.byteLength
  }

  /** After the last `add`: the smallest table at most 70% full (linear probing stays short at that load). */
  compact(): void {
    let size = 16
    while (size * 0.7 < this.used) size *= 2
    if (size < this.nodes.length) this.rehash(size)
  }

  private place(node: number, word: number, child: number): void {
    const mask = this.mask
    let i = slotOf(node, word) & mask
    while (this.nodes[i] !== -1) i = (i + 1) & mask
    this.nodes[i] = node
    this.words[i] = word
    this.children[i] = child
  }

  private grow(): void {
    this.rehash(this.nodes.length * 2)
  }

  private rehash(size: number): void {
    const { nodes, words, children } = this
    this.nodes = new Int32Array(size).fill(-1)
    this.words = new Int32Array(size)
    this.children = new Int32Array(size)
    this.mask = size - 1
    for (let i = 0; i < nodes.length; i++) if (nodes[i] !== -1) this.place(nodes[i]!, words[i]!, children[i]!)
  }
}

/** A 32-bit mix of (node, word): neighbouring nodes and word ids land far apart. */
function slotOf(node: number, word: number): number {
  let h = Math.imul(node, 0x9e3779b1) ^ Math.imul(word + 0x7f4a7c15, 0x85ebca77)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  return h ^ (h >>> 13)
}
