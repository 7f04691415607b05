import type { AmqpTable } from './amqp-value.js'
import type { Binding } from './model.js'

/** Past this many kept bindings to one destination, they are compared by identity string (a Set) instead of one by one. */
const COMPARE_MAX = 16
/** `head` of a destination whose kept bindings moved to a Set. */
const IN_SET = -2

/**
 * A broker stores identical bindings (source, destination and its kind, key, arguments) once: rabbit_binding:add
 * on an existing binding record is a no-op. This tells, binding by binding, whether an identical one was kept.
 *
 * Destinations are small integers the caller gives (a queue's slot, an exchange's number). The bindings kept for
 * a destination are a chain through two typed arrays (no object per destination or per binding), compared field by
 * field: most destinations have a few bindings. A destination with many switches to a Set of identity strings, so
 * a queue bound with thousands of keys stays linear.
 */
export class BindingDedup {
  /** Per destination: the position of the last binding kept for it, -1 for none, IN_SET once it has a Set. */
  private readonly head: Int32Array
  /** Per kept binding: the position of the binding kept before it for the same destination, or -1. */
  private readonly next: Int32Array
  private sets: Map<number, Set<string>> | undefined

  constructor(private readonly bindings: readonly Binding[], destinations: number) {
    this.head = new Int32Array(destinations).fill(-1)
    this.next = new Int32Array(bindings.length)
  }

  /**
   * true when a binding identical to `bindings[i]` was kept before; otherwise keeps it and returns false. Each
   * position is asked about once, in any order; `destination` is the binding's destination number.
   */
  repeats(i: number, destination: number): boolean {
    const b = this.bindings[i]!
    const first = this.head[destination]!
    if (first === IN_SET) {
      const ids = this.sets!.get(destination)!
      const id = bindingIdentity(b)
      if (ids.has(id)) return true
      ids.add(id)
      return false
    }
    let n = 0
    for (let j = first; j >= 0; j = this.next[j]!) {
      if (sameBinding(this.bindings[j]!, b)) return true
      n++
    }
    if (n < COMPARE_MAX) {
      this.next[i] = first
      this.head[destination] = i
      return false
    }
    const ids = new Set<string>([bindingIdentity(b)])
    for (let j = first; j >= 0; j = this.next[j]!) ids.add(bindingIdentity(this.bindings[j]!))
    ;(this.sets ??= new Map()).set(destination, ids)
    this.head[destination] = IN_SET
    return false
  }
}

/** Same source, destination (and kind), key and arguments. */
export function sameBinding(a: Binding, b: Binding): boolean {
  return a.source === b.source && a.destination === b.destination && a.destinationType === b.destinationType &&
    a.routingKey === b.routingKey && sameArguments(a.arguments, b.arguments)
}

function sameArguments(a: AmqpTable, b: AmqpTable): boolean {
  if (a === b) return true
  if (a.size !== b.size) return false
  return a.size === 0 || argumentsIdentity(a) === argumentsIdentity(b)
}

/**
 * A binding's identity as one string: every name length-prefixed (names may hold any character, NUL included,
 * so no separator could tell `a`+`b.c` from `a.b`+`c`), then the arguments.
 */
export function bindingIdentity(b: Binding): string {
  const head = `${b.destinationType === 'queue' ? 'q' : 'x'}${b.source.length}:${b.source}${b.destination.length}:${b.destination}${b.routingKey.length}:${b.routingKey}`
  return b.arguments.size === 0 ? head : `${head}${argumentsIdentity(b.arguments)}`
}

/** The arguments as a typed table in name order: key order does not matter, types do (`1` and `1.0` differ). */
function argumentsIdentity(args: AmqpTable): string {
  const sorted = [...args].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))
  return JSON.stringify(sorted, (_k, v: unknown) => (v instanceof Map ? [...v] : v))
}
