import type { AmqpTable } from './amqp-value.js'
import type { Binding } from './model.js'
import type { BindingMatch, BindingMiss, BindingProblem, ExchangeType, Matcher, RoutableMessage } from './exchange-type.js'
import type { VersionRules } from './versions.js'
import { countHashWords, splitTopicKey } from './topic-words.js'
import { topicWordsMatch } from './topic-match.js'
import { explainTopic, summariseTopicMiss } from './topic-explain.js'

/** Keys with more words than this are matched without recursion (AMQP keys have at most 256 words). */
const MAX_RECURSIVE_WORDS = 2048

/**
 * A topic exchange's bindings compiled into a word trie (rabbit_db_topic_exchange.erl): for each key word
 * the walk follows the literal child, the `*` child and the `#` child (which takes zero or more words).
 * Consecutive `#` words are collapsed on insertion (`#.#` routes exactly like `#`), so a `#` node never has
 * a `#` child; the bindings keep their own key as written.
 *
 * A `#` node entered at position p tries its children at every position q >= p; remembering the lowest p
 * per walk makes every (node, position) pair visited at most once, so results are unique and `#` runs
 * (`#.*.#.*.#…`) cost O(nodes × words) instead of blowing up.
 *
 * Layout: nodes are indices into typed arrays (about 32 bytes a node instead of a ~90-byte object), the
 * literal children of a node are one (word, child) pair inline or a Map from the second child on, and the
 * bindings ending at each node are a slice of one array.
 */
export class TopicTrie {
  /** Per node: the single literal child's word, or a Map word → child for two or more. */
  private readonly lit: (string | Map<string, number> | undefined)[]
  /** Per node: the single literal child (when `lit` is a string). */
  private readonly c1: Int32Array
  private readonly star: Int32Array
  private readonly hash: Int32Array
  /** Bindings (positions in the compiled array) ending at node i: ends[endAt[i] .. endAt[i + 1]). */
  private readonly endAt: Int32Array
  private readonly ends: Int32Array
  /** `#` nodes: the walk (epoch) that last entered the node, and the lowest word position it entered at. */
  private readonly markEpoch: Uint32Array
  private readonly markPos: Int32Array
  private epoch = 0
  // The current walk (set by collect; the walk is synchronous and not re-entrant).
  private words: readonly string[] = []
  private n = 0
  private out: number[] = []

  constructor(private readonly bindings: readonly Binding[]) {
    const lit: (string | Map<string, number> | undefined)[] = [undefined]
    const c1: number[] = [-1]
    const star: number[] = [-1]
    const hash: number[] = [-1]
    const endsOf: (number[] | undefined)[] = [undefined]
    const add = (): number => {
      lit.push(undefined); c1.push(-1); star.push(-1); hash.push(-1); endsOf.push(undefined)
      return lit.length - 1
    }
    // Words repeat across bindings (tenants, domains, events): keep one string per distinct word.
    const interned = new Map<string, string>()
    for (let bi = 0; bi < bindings.length; bi++) {
      const b = bindings[bi]!
      let node = 0
      let prevHash = false
      for (const w0 of splitTopicKey(b.routingKey)) {
        if (w0 === '#') {
          if (!prevHash) node = hash[node]! >= 0 ? hash[node]! : (hash[node] = add())
          prevHash = true
          continue
        }
        prevHash = false
        if (w0 === '*') {
          node = star[node]! >= 0 ? star[node]! : (star[node] = add())
          continue
        }
        let w = interned.get(w0)
        if (w === undefined) interned.set(w0, (w = w0))
        const l = lit[node]
        if (l === undefined) {
          lit[node] = w
          node = c1[node] = add()
        } else if (typeof l === 'string') {
          if (l === w) node = c1[node]!
          else {
            const child = add()
            lit[node] = new Map([[l, c1[node]!], [w, child]])
            c1[node] = -1
            node = child
          }
        } else {
          let child = l.get(w)
          if (child === undefined) l.set(w, (child = add()))
          node = child
        }
      }
      ;(endsOf[node] ??= []).push(bi)
    }
    const count = lit.length
    this.lit = lit
    this.c1 = Int32Array.from(c1)
    this.star = Int32Array.from(star)
    this.hash = Int32Array.from(hash)
    this.endAt = new Int32Array(count + 1)
    this.ends = new Int32Array(bindings.length)
    let at = 0
    for (let i = 0; i < count; i++) {
      this.endAt[i] = at
      const e = endsOf[i]
      if (e !== undefined) for (const bi of e) this.ends[at++] = bi
    }
    this.endAt[count] = at
    this.markEpoch = new Uint32Array(count)
    this.markPos = new Int32Array(count)
  }

  /** Bindings matching one routing key, each once, pushed onto `out`. */
  collect(key: string, out: Binding[]): void {
    const idx: number[] = []
    this.collectIndices(key, idx)
    for (const i of idx) out.push(this.bindings[i]!)
  }

  /** Positions (in the array given to the constructor) of the bindings matching one key, each once. */
  collectIndices(key: string, out: number[]): void {
    const words = splitTopicKey(key)
    if (words.length > MAX_RECURSIVE_WORDS) {
      // Far beyond AMQP's 255-byte keys: avoid deep recursion, test each binding with the iterative matcher.
      this.bindings.forEach((b, i) => { if (topicWordsMatch(splitTopicKey(b.routingKey), words)) out.push(i) })
      return
    }
    this.words = words
    this.n = words.length
    this.out = out
    if (++this.epoch === 0xffffffff) {
      this.markEpoch.fill(0)
      this.epoch = 1
    }
    this.visit(0, 0)
    this.words = []
    this.out = []
  }

  private emit(node: number): void {
    const to = this.endAt[node + 1]!
    for (let i = this.endAt[node]!; i < to; i++) this.out.push(this.ends[i]!)
  }

  private literal(node: number, w: string): number {
    const l = this.lit[node]
    if (l === undefined) return -1
    if (typeof l === 'string') return l === w ? this.c1[node]! : -1
    return l.get(w) ?? -1
  }

  private visit(node: number, pos: number): void {
    if (pos === this.n) this.emit(node)
    else {
      const child = this.literal(node, this.words[pos]!)
      if (child >= 0) this.visit(child, pos + 1)
      const star = this.star[node]!
      if (star >= 0) this.visit(star, pos + 1)
    }
    const hash = this.hash[node]!
    if (hash >= 0) this.visitHash(hash, pos)
  }

  private visitHash(h: number, p: number): void {
    let end: number
    if (this.markEpoch[h] === this.epoch) {
      const minPos = this.markPos[h]!
      if (minPos <= p) return
      end = minPos
    } else {
      this.markEpoch[h] = this.epoch
      end = this.n + 1
    }
    this.markPos[h] = p
    for (let q = p; q < end; q++) {
      if (q === this.n) this.emit(h)
      else {
        const child = this.literal(h, this.words[q]!)
        if (child >= 0) this.visit(child, q + 1)
        const star = this.star[h]!
        if (star >= 0) this.visit(star, q + 1)
      }
    }
  }
}

class TopicMatcher implements Matcher {
  private readonly trie: TopicTrie
  constructor(private readonly bindings: readonly Binding[]) {
    this.trie = new TopicTrie(bindings)
  }

  matchIndices(routingKey: string, _headers: AmqpTable, out: number[]): void {
    this.trie.collectIndices(routingKey, out)
  }

  match(msg: RoutableMessage): readonly BindingMatch[] {
    const keys = msg.routingKeys
    const found: Binding[] = []
    if (keys.length === 1) {
      const key = keys[0]!
      const idx: number[] = []
      this.trie.collectIndices(key, idx)
      if (idx.length === 0) return []
      const ks = [key]
      return idx.map((i) => ({ binding: this.bindings[i]!, keys: ks }))
    }
    // Several keys (CC/BCC): rabbit_exchange_type_topic routes each key and appends; one entry per binding.
    const byBinding = new Map<Binding, string[]>()
    for (const key of keys) {
      found.length = 0
      this.trie.collect(key, found)
      for (const b of found) {
        const ks = byBinding.get(b)
        if (ks === undefined) byBinding.set(b, [key])
        else if (!ks.includes(key)) ks.push(key)
      }
    }
    return Array.from(byBinding, ([binding, ks]) => ({ binding, keys: ks }))
  }

  explain(msg: RoutableMessage): { matches: readonly BindingMatch[]; misses: readonly BindingMiss[] } {
    const matches: BindingMatch[] = []
    const misses: BindingMiss[] = []
    const keyWords = msg.routingKeys.map((k) => [k, splitTopicKey(k)] as const)
    for (const binding of this.bindings) {
      const p = splitTopicKey(binding.routingKey)
      const keys = keyWords.filter(([, w]) => topicWordsMatch(p, w)).map(([k]) => k)
      if (keys.length > 0) matches.push({ binding, keys })
      else {
        const reasons = msg.routingKeys.map((k) => summariseTopicMiss(explainTopic(binding.routingKey, k)))
        misses.push({ binding, reason: reasons.length === 1 ? reasons[0]! : msg.routingKeys.map((k, i) => `'${k}': ${reasons[i]}`).join('; ') })
      }
    }
    return { matches, misses }
  }
}

/** rabbit_exchange_type_topic: `*` one word, `#` zero or more; every routing key (key, CC, BCC) is routed. */
export const topicExchangeType: ExchangeType = {
  kind: 'topic',
  validateBinding(binding: Binding, rules: VersionRules): BindingProblem | null {
    // rabbit_exchange_type_topic:validate_binding/2 (4.3.5+, ?MAX_HASH_WILDCARDS = 2).
    const max = rules.maxTopicHashWords
    if (max !== null) {
      const n = countHashWords(binding.routingKey)
      if (n > max) {
        return { code: 406, message: `PRECONDITION_FAILED - binding key '${binding.routingKey}' has ${n} '#' wildcards; RabbitMQ ${rules.label} allows at most ${max}` }
      }
    }
    return null
  },
  compile(bindings: readonly Binding[]): Matcher {
    return new TopicMatcher(bindings)
  },
}
