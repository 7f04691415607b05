import { Deque } from './deque.js'
import type { QueuedMessage } from './state.js'

/**
 * The ready messages of one queue, in delivery order. A plain classic queue uses a `Deque` (which fits this shape);
 * priority queues and quorum queues keep several sub-queues behind the same operations.
 */
export interface ReadyQueue {
  readonly length: number
  peekFront(): QueuedMessage | undefined
  shift(): QueuedMessage | undefined
  push(item: QueuedMessage): void
  clear(): void
  toArray(): QueuedMessage[]
}

/** AMQP priority property of a stored message (undefined when unset). */
const priorityOf = (e: QueuedMessage): number | undefined => e.msg.view.properties.priority

/**
 * Puts `returned` (sorted by seq) back at the head of `ready`, merged by seq with the ready messages they overtake:
 * rabbit_variable_queue:requeue → queue_merge, so returned messages sit in PUBLISH order whatever the nack order.
 */
export function mergeBySeq(ready: Deque<QueuedMessage>, returned: readonly QueuedMessage[]): void {
  const maxReturned = returned[returned.length - 1]
  if (maxReturned === undefined) return
  const overtaken: QueuedMessage[] = []
  for (let head = ready.peekFront(); head !== undefined && head.seq < maxReturned.seq; head = ready.peekFront()) {
    overtaken.push(ready.shift() as QueuedMessage)
  }
  const merged: QueuedMessage[] = []
  let i = 0
  let j = 0
  while (i < returned.length || j < overtaken.length) {
    const a = returned[i]
    const b = overtaken[j]
    if (b === undefined || (a !== undefined && a.seq < b.seq)) { merged.push(a as QueuedMessage); i++ } else { merged.push(b); j++ }
  }
  for (let k = merged.length - 1; k >= 0; k--) ready.unshift(merged[k] as QueuedMessage)
}

/**
 * A classic priority queue (x-max-priority), as rabbit_priority_queue.erl keeps it: one sub-queue per priority,
 * served highest first, FIFO within a priority. A priority above the max counts as the max; no priority counts as 0.
 */
export class PriorityReady implements ReadyQueue {
  readonly max: number
  /** levels[p] holds the messages of priority p. */
  readonly #levels: Deque<QueuedMessage>[] = []
  #length = 0

  constructor(max: number) {
    this.max = max
    for (let p = 0; p <= max; p++) this.#levels.push(new Deque<QueuedMessage>())
  }

  get length(): number { return this.#length }

  /** The sub-queue a message belongs to (rabbit_priority_queue:priority/2). */
  levelOf(e: QueuedMessage): number {
    const p = priorityOf(e) ?? 0
    return p > this.max ? this.max : p < 0 ? 0 : p
  }

  #top(): Deque<QueuedMessage> | undefined {
    for (let p = this.max; p >= 0; p--) {
      const d = this.#levels[p] as Deque<QueuedMessage>
      if (d.length > 0) return d
    }
    return undefined
  }

  peekFront(): QueuedMessage | undefined { return this.#top()?.peekFront() }

  shift(): QueuedMessage | undefined {
    const d = this.#top()
    if (d === undefined) return undefined
    this.#length--
    return d.shift()
  }

  push(item: QueuedMessage): void {
    (this.#levels[this.levelOf(item)] as Deque<QueuedMessage>).push(item)
    this.#length++
  }

  /** Requeue: each returned message goes back to the head of its own priority, merged by seq there. */
  requeue(returned: readonly QueuedMessage[]): void {
    const byLevel = new Map<number, QueuedMessage[]>()
    for (const e of returned) {
      const p = this.levelOf(e)
      const list = byLevel.get(p)
      if (list === undefined) byLevel.set(p, [e])
      else list.push(e)
    }
    for (const [p, list] of byLevel) mergeBySeq(this.#levels[p] as Deque<QueuedMessage>, list)
    this.#length += returned.length
  }

  clear(): void {
    for (const d of this.#levels) d.clear()
    this.#length = 0
  }

  toArray(): QueuedMessage[] {
    const out: QueuedMessage[] = []
    for (let p = this.max; p >= 0; p--) out.push(...(this.#levels[p] as Deque<QueuedMessage>).toArray())
    return out
  }
}

/** How a quorum queue orders messages by priority (VersionRules.quorumPriorities). */
export type QuorumPriorityMode = 'none' | 'two-levels' | 'strict-32'

/**
 * A quorum queue's ready messages (rabbit_fifo.erl): `returns` (messages given back while a delivery limit is set)
 * are served before `messages`. `messages` is one FIFO before 4.0; in 4.0–4.2 two buckets (rabbit_fifo_q.erl:
 * priority > 4 is "hi"; hi is taken twice, then the older of the two heads on every third take); from 4.3 32 strict
 * buckets (rabbit_fifo_pq.erl: priority capped at 31, no priority = 4).
 */
export class QuorumReady implements ReadyQueue {
  readonly mode: QuorumPriorityMode
  readonly #returns = new Deque<QueuedMessage>()
  /** One bucket ('none'), [normal, hi] ('two-levels'), or 32 buckets indexed by priority ('strict-32'). */
  readonly #buckets: Deque<QueuedMessage>[] = []
  #length = 0
  /** rabbit_fifo_q dequeue_counter (two-levels only). */
  #counter = 0

  constructor(mode: QuorumPriorityMode) {
    this.mode = mode
    const n = mode === 'none' ? 1 : mode === 'two-levels' ? 2 : 32
    for (let i = 0; i < n; i++) this.#buckets.push(new Deque<QueuedMessage>())
  }

  get length(): number { return this.#length }

  #bucketOf(e: QueuedMessage): Deque<QueuedMessage> {
    const p = priorityOf(e)
    if (this.mode === 'none') return this.#buckets[0] as Deque<QueuedMessage>
    if (this.mode === 'two-levels') return this.#buckets[p !== undefined && p > 4 ? 1 : 0] as Deque<QueuedMessage>
    return this.#buckets[p === undefined ? 4 : Math.min(p, 31)] as Deque<QueuedMessage>
  }

  /** The bucket the next message comes from (returns excluded). */
  #next(): Deque<QueuedMessage> | undefined {
    if (this.mode === 'none') {
      const d = this.#buckets[0] as Deque<QueuedMessage>
      return d.length > 0 ? d : undefined
    }
    if (this.mode === 'two-levels') {
      const no = this.#buckets[0] as Deque<QueuedMessage>
      const hi = this.#buckets[1] as Deque<QueuedMessage>
      if (hi.length > 0 && no.length > 0 && this.#counter === 2) {
        return (hi.peekFront() as QueuedMessage).seq < (no.peekFront() as QueuedMessage).seq ? hi : no
      }
      return hi.length > 0 ? hi : no.length > 0 ? no : undefined
    }
    for (let p = 31; p >= 0; p--) {
      const d = this.#buckets[p] as Deque<QueuedMessage>
      if (d.length > 0) return d
    }
    return undefined
  }

  peekFront(): QueuedMessage | undefined {
    return this.#returns.peekFront() ?? this.#next()?.peekFront()
  }

  shift(): QueuedMessage | undefined {
    if (this.#length === 0) return undefined
    this.#length--
    const r = this.#returns.shift()
    if (r !== undefined) return r
    const d = this.#next() as Deque<QueuedMessage>
    if (this.mode === 'two-levels') this.#counter = this.#counter === 2 ? 0 : this.#counter + 1
    return d.shift()
  }

  push(item: QueuedMessage): void {
    this.#bucketOf(item).push(item)
    this.#length++
  }

  /**
   * rabbit_fifo `#requeue{}` (no delivery limit): back into `messages` at the tail, as a new entry, into the default
   * bucket whatever its priority (4.0–4.2: `no`; 4.3: priority 4).
   */
  pushRequeued(item: QueuedMessage): void {
    const bucket = this.mode === 'none' ? 0 : this.mode === 'two-levels' ? 0 : 4
    ;(this.#buckets[bucket] as Deque<QueuedMessage>).push(item)
    this.#length++
  }

  /** rabbit_fifo return_one: into `returns`, served first, in return order. */
  pushReturn(item: QueuedMessage): void {
    this.#returns.push(item)
    this.#length++
  }

  clear(): void {
    this.#returns.clear()
    for (const d of this.#buckets) d.clear()
    this.#length = 0
  }

  toArray(): QueuedMessage[] {
    // Delivery order: simulate the takes on copies (the two-levels counter makes it interleave).
    const out = this.#returns.toArray()
    const copy = new QuorumReady(this.mode)
    copy.#counter = this.#counter
    for (let i = 0; i < this.#buckets.length; i++) for (const e of (this.#buckets[i] as Deque<QueuedMessage>).toArray()) (copy.#buckets[i] as Deque<QueuedMessage>).push(e)
    copy.#length = this.#length - out.length
    for (let e = copy.shift(); e !== undefined; e = copy.shift()) out.push(e)
    return out
  }
}
