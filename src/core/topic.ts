import type { Binding } from './model.js'
import type { BindingMatch, BindingMiss, BindingProblem, ExchangeType, Matcher, RoutableMessage } from './exchange-type.js'
import type { VersionRules } from './versions.js'
import { countHashWords, splitTopicKey } from './topic-words.js'
import { topicWordsMatch } from './topic-match.js'
import { explainTopic, summariseTopicMiss } from './topic-explain.js'

/**
 * One trie node. Consecutive `#` words are collapsed on insertion (`#.#` routes exactly like `#`), so a
 * `#` node never has a `#` child; the bindings still keep their own key as written.
 */
interface TrieNode {
  lit: Map<string, TrieNode> | undefined
  star: TrieNode | undefined
  hash: TrieNode | undefined
  ends: Binding[] | undefined
  /** `#` nodes only: the walk (epoch) that last entered this node, and the lowest word position it entered at. */
  epoch: number
  minPos: number
}

const newNode = (): TrieNode => ({ lit: undefined, star: undefined, hash: undefined, ends: undefined, epoch: 0, minPos: 0 })

/**
 * A topic exchange's bindings compiled into a word trie (rabbit_db_topic_exchange.erl): for each key word
 * the walk follows the literal child, the `*` child and the `#` child (which takes zero or more words).
 * A `#` node entered at position p tries its children at every position q >= p; remembering the lowest p
 * per walk makes every (node, position) pair visited at most once, so results are unique and `#` runs
 * (`#.*.#.*.#…`) cost O(nodes × words) instead of blowing up.
 */
export class TopicTrie {
  private readonly root: TrieNode = newNode()
  private epoch = 0
  // The current walk (set by collect; the walk is synchronous and not re-entrant).
  private words: readonly string[] = []
  private n = 0
  private out: Binding[] = []

  constructor(bindings: readonly Binding[]) {
    for (const b of bindings) this.insert(b)
  }

  private insert(b: Binding): void {
    let node = this.root
    let prevHash = false
    for (const w of splitTopicKey(b.routingKey)) {
      if (w === '#') {
        if (prevHash) continue
        node = node.hash ??= newNode()
        prevHash = true
      } else if (w === '*') {
        node = node.star ??= newNode()
        prevHash = false
      } else {
        node.lit ??= new Map()
        let child = node.lit.get(w)
        if (child === undefined) node.lit.set(w, (child = newNode()))
        node = child
        prevHash = false
      }
    }
    ;(node.ends ??= []).push(b)
  }

  /** Bindings matching one routing key, each once, pushed onto `out`. */
  collect(key: string, out: Binding[]): void {
    this.words = splitTopicKey(key)
    this.n = this.words.length
    this.out = out
    this.epoch = (this.epoch + 1) | 0
    if (this.epoch === 0) this.epoch = 1
    this.visit(this.root, 0)
    this.words = []
    this.out = []
  }

  private visit(node: TrieNode, pos: number): void {
    if (pos === this.n) {
      if (node.ends !== undefined) for (const b of node.ends) this.out.push(b)
    } else {
      const child = node.lit?.get(this.words[pos]!)
      if (child !== undefined) this.visit(child, pos + 1)
      if (node.star !== undefined) this.visit(node.star, pos + 1)
    }
    if (node.hash !== undefined) this.visitHash(node.hash, pos)
  }

  private visitHash(h: TrieNode, p: number): void {
    let end: number
    if (h.epoch === this.epoch) {
      if (h.minPos <= p) return
      end = h.minPos
    } else {
      h.epoch = this.epoch
      end = this.n + 1
    }
    h.minPos = p
    for (let q = p; q < end; q++) {
      if (q === this.n) {
        if (h.ends !== undefined) for (const b of h.ends) this.out.push(b)
      } else {
        const child = h.lit?.get(this.words[q]!)
        if (child !== undefined) this.visit(child, q + 1)
        if (h.star !== undefined) this.visit(h.star, q + 1)
      }
    }
  }
}

class TopicMatcher implements Matcher {
  private readonly trie: TopicTrie
  constructor(private readonly bindings: readonly Binding[]) {
    this.trie = new TopicTrie(bindings)
  }

  match(msg: RoutableMessage): readonly BindingMatch[] {
    const keys = msg.routingKeys
    const found: Binding[] = []
    if (keys.length === 1) {
      const key = keys[0]!
      this.trie.collect(key, found)
      if (found.length === 0) return found as []
      const ks = [key]
      return found.map((binding) => ({ binding, keys: ks }))
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
