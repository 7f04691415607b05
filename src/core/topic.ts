import type { AmqpTable } from './amqp-value.js'
import type { Binding } from './model.js'
import type { BindingMatch, BindingMiss, BindingProblem, ExchangeType, Matcher, RoutableMessage } from './exchange-type.js'
import type { VersionRules } from './versions.js'
import { countHashWords, splitTopicKey } from './topic-words.js'
import { topicWordsMatch } from './topic-match.js'
import { explainTopic, summariseTopicMiss } from './topic-explain.js'
import { TopicEdges } from './topic-edges.js'
import { groupByKey, groupPositions } from './key-groups.js'
import { TopicWordIds, UNKNOWN_FIRST_WORD } from './topic-word-ids.js'

/** Keys with more words than this are matched without recursion (AMQP keys have at most 256 words). */
const MAX_RECURSIVE_WORDS = 2048
/** The walk's output when no walk is running (so a finished walk does not keep the caller's array). */
const NO_OUT: number[] = []

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
 * Layout: nodes are indices into typed arrays; every distinct binding word gets an integer id
 * ({@link TopicWordIds}), and the literal edges are one (node, word id) → child hash table ({@link TopicEdges}).
 * A routing key's words are looked up once each, straight from its characters; a word no binding uses can only
 * be taken by `*` or `#`, so when every binding starts with a literal word, a key whose first word none has is
 * rejected before the rest of it is read (keys that reach no queue are common: tenants or services nobody binds).
 * The bindings ending at each node are a slice of one array.
 */
export class TopicTrie {
  /** Binding word → id, looked up from a routing key's characters. */
  private readonly wordIds = new TopicWordIds()
  private readonly edges: TopicEdges
  /** Per node: 1 when it has at least one literal child (saves a hash probe at nodes that have none). */
  private readonly hasLit: Uint8Array
  private readonly star: Int32Array
  /**
   * Per node: its `#` child, or -1. A `#` node never has a `#` child (runs are collapsed), so for a `#` node this
   * holds -2 - m instead, m being its slot in markEpoch / markPos (which need one entry per `#` node only).
   */
  private readonly hash: Int32Array
  /** Bindings (positions in the compiled array) ending at node i: ends[endAt[i] .. endAt[i + 1]). */
  private readonly endAt: Int32Array
  private readonly ends: Int32Array
  /** Per `#` node (see `hash`): the walk (epoch) that last entered it, and the lowest word position it entered at. */
  private readonly markEpoch: Uint32Array
  private readonly markPos: Int32Array
  /**
   * Every binding key starts with a literal word (the root has no `*` or `#` child): a non-empty routing key
   * whose first word no binding has matches nothing, and the walk stops before reading the rest of the key.
   */
  private readonly literalRoot: boolean
  private epoch = 0
  // The current walk (set by collectIndices; the walk is synchronous and not re-entrant).
  private ids = new Int32Array(16)
  private n = 0
  private out: number[] = []

  constructor(private readonly bindings: readonly Binding[]) {
    // Built once per exchange, on its first publish, mostly by V8's interpreter (a CLI run is short): one walk per
    // distinct binding key (bindings sharing a key end at the same node), grouped in key-groups.ts.
    const build = new TrieBuilder(this.wordIds, bindings.length)
    const ends = groupPositions(groupByKey(bindings, (key) => build.insert(key)).groupOf, build.count)
    build.edges.compact()
    const count = build.count
    this.edges = build.edges
    this.hasLit = build.hasLit.slice(0, count)
    this.star = build.star.slice(0, count)
    this.hash = build.hash.slice(0, count)
    this.literalRoot = this.star[0] === -1 && this.hash[0] === -1
    // the bindings ending at each node, in binding order
    this.endAt = ends.start
    this.ends = ends.members
    this.markEpoch = new Uint32Array(build.hashNodes)
    this.markPos = new Int32Array(build.hashNodes)
  }

  /** Bindings matching one routing key, each once, pushed onto `out`. */
  collect(key: string, out: Binding[]): void {
    const idx: number[] = []
    this.collectIndices(key, idx)
    for (const i of idx) out.push(this.bindings[i]!)
  }

  /** Positions (in the array given to the constructor) of the bindings matching one key, each once. */
  collectIndices(key: string, out: number[]): void {
    let n = this.wordIds.idsOf(key, this.ids, this.literalRoot)
    if (n === UNKNOWN_FIRST_WORD) return
    while (n < 0) {
      if (this.ids.length >= MAX_RECURSIVE_WORDS) {
        // Far beyond AMQP's 255-byte keys: avoid deep recursion, test each binding with the iterative matcher.
        const words = splitTopicKey(key)
        this.bindings.forEach((b, i) => { if (topicWordsMatch(splitTopicKey(b.routingKey), words)) out.push(i) })
        return
      }
      this.ids = new Int32Array(Math.min(this.ids.length * 4, MAX_RECURSIVE_WORDS))
      n = this.wordIds.idsOf(key, this.ids, false)
    }
    this.n = n
    this.out = out
    if (++this.epoch === 0xffffffff) {
      this.markEpoch.fill(0)
      this.epoch = 1
    }
    this.visit(0, 0)
    this.out = NO_OUT
  }

  /** Bytes of the typed arrays (off the V8 heap: count them with process.memoryUsage().arrayBuffers). */
  get offHeapBytes(): number {
    return this.edges.byteLength + this.wordIds.byteLength + this.hasLit.byteLength + this.star.byteLength + this.hash.byteLength +
      this.endAt.byteLength + this.ends.byteLength + this.markEpoch.byteLength + this.markPos.byteLength + this.ids.byteLength
  }

  private emit(node: number): void {
    const to = this.endAt[node + 1]!
    const out = this.out
    for (let i = this.endAt[node]!; i < to; i++) out.push(this.ends[i]!)
  }

  private visit(node: number, pos: number): void {
    if (pos === this.n) this.emit(node)
    else {
      if (this.hasLit[node] === 1) {
        const id = this.ids[pos]!
        if (id >= 0) {
          const child = this.edges.get(node, id)
          if (child >= 0) this.visit(child, pos + 1)
        }
      }
      const star = this.star[node]!
      if (star >= 0) this.visit(star, pos + 1)
    }
    const hash = this.hash[node]!
    if (hash >= 0) this.visitHash(hash, pos)
  }

  private visitHash(h: number, p: number): void {
    const m = -2 - this.hash[h]!
    let end: number
    if (this.markEpoch[m] === this.epoch) {
      const minPos = this.markPos[m]!
      if (minPos <= p) return
      end = minPos
    } else {
      this.markEpoch[m] = this.epoch
      end = this.n + 1
    }
    this.markPos[m] = p
    const lit = this.hasLit[h] === 1
    const star = this.star[h]!
    for (let q = p; q < end; q++) {
      if (q === this.n) this.emit(h)
      else {
        if (lit) {
          const id = this.ids[q]!
          if (id >= 0) {
            const child = this.edges.get(h, id)
            if (child >= 0) this.visit(child, q + 1)
          }
        }
        if (star >= 0) this.visit(star, q + 1)
      }
    }
  }
}

/**
 * A trie while it is built: the per-node arrays (one slot per node, grown by doubling; a new node has no children),
 * the literal edges and the word ids.
 */
class TrieBuilder {
  hasLit: Uint8Array
  star: Int32Array
  hash: Int32Array
  /** Nodes in use; node 0, the root, is there from the start. */
  count = 1
  /** `#` nodes so far (each gets a slot in the walk's marks). */
  hashNodes = 0
  readonly edges: TopicEdges
  /** Word → id while building (the ids' own table is hashed for routing keys' characters, a JS loop per character). */
  private readonly wordIdOf = new Map<string, number>()

  constructor(private readonly wordIds: TopicWordIds, bindingCount: number) {
    this.edges = new TopicEdges(bindingCount * 2)
    this.hasLit = new Uint8Array(16)
    this.star = new Int32Array(16).fill(-1)
    this.hash = new Int32Array(16).fill(-1)
  }

  /**
   * Adds the path of one binding key and returns the node it ends at. Words are split on every `.` (the empty key
   * has none, topic-words.ts), cut out and looked up with string built-ins: this runs once per distinct key, mostly
   * in V8's interpreter, where a loop over every character costs far more. Consecutive `#` words are collapsed (a
   * `#` node never has a `#` child).
   */
  insert(key: string): number {
    let node = 0
    if (key === '') return node
    let prevHash = false
    let start = 0
    for (;;) {
      let end = key.indexOf('.', start)
      if (end === -1) end = key.length
      const w = key.slice(start, end)
      if (w === '#') {
        if (!prevHash) {
          let child = this.hash[node]!
          if (child < 0) {
            child = this.add()
            this.hash[node] = child
            this.hash[child] = -2 - this.hashNodes++
          }
          node = child
        }
        prevHash = true
      } else {
        prevHash = false
        if (w === '*') {
          let child = this.star[node]!
          if (child < 0) {
            child = this.add()
            this.star[node] = child
          }
          node = child
        } else {
          let id = this.wordIdOf.get(w)
          if (id === undefined) {
            id = this.wordIds.intern(w)
            this.wordIdOf.set(w, id)
          }
          let child = this.hasLit[node] === 1 ? this.edges.get(node, id) : -1
          if (child < 0) {
            child = this.add()
            this.edges.add(node, id, child)
            this.hasLit[node] = 1
          }
          node = child
        }
      }
      if (end === key.length) return node
      start = end + 1
    }
  }

  /** A new node without children. */
  private add(): number {
    if (this.count === this.star.length) {
      const size = this.count * 2
      const hasLit = new Uint8Array(size)
      hasLit.set(this.hasLit)
      const star = new Int32Array(size).fill(-1)
      star.set(this.star)
      const hash = new Int32Array(size).fill(-1)
      hash.set(this.hash)
      this.hasLit = hasLit
      this.star = star
      this.hash = hash
    }
    return this.count++
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
