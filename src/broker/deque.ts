/**
 * A growable ring buffer: O(1) push/shift/unshift, so a queue of 200k messages never pays for array shifts.
 * Used for a queue's ready messages (FIFO with requeues at the head).
 */
export class Deque<T> {
  #items: (T | undefined)[]
  #head = 0
  #size = 0

  constructor(capacity = 16) {
    let c = 16
    while (c < capacity) c *= 2
    this.#items = new Array<T | undefined>(c)
  }

  get length(): number { return this.#size }

  /** The element at logical index i (0 = head), or undefined. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.#size) return undefined
    return this.#items[(this.#head + i) & (this.#items.length - 1)]
  }

  peekFront(): T | undefined { return this.#size === 0 ? undefined : this.#items[this.#head] }

  push(item: T): void {
    if (this.#size === this.#items.length) this.#grow()
    this.#items[(this.#head + this.#size) & (this.#items.length - 1)] = item
    this.#size++
  }

  unshift(item: T): void {
    if (this.#size === this.#items.length) this.#grow()
    this.#head = (this.#head - 1) & (this.#items.length - 1)
    this.#items[this.#head] = item
    this.#size++
  }

  shift(): T | undefined {
    if (this.#size === 0) return undefined
    const item = this.#items[this.#head]
    this.#items[this.#head] = undefined
    this.#head = (this.#head + 1) & (this.#items.length - 1)
    this.#size--
    return item
  }

  clear(): void {
    this.#items = new Array<T | undefined>(16)
    this.#head = 0
    this.#size = 0
  }

  toArray(): T[] {
    const out: T[] = []
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(this.#head + i) & (this.#items.length - 1)] as T)
    return out
  }

  #grow(): void {
    const old = this.#items
    const next = new Array<T | undefined>(old.length * 2)
    for (let i = 0; i < this.#size; i++) next[i] = old[(this.#head + i) & (old.length - 1)]
    this.#items = next
    this.#head = 0
  }
}
