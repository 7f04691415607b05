import type { Binding } from './model.js'

/**
 * Bindings grouped by routing key, the first step of compiling a direct or topic exchange. Shared by both matchers
 * (and kept out of their constructors) so that V8 compiles one small hot loop for every exchange of a run, rather
 * than optimizing each matcher's constructor, which runs once per exchange, after the work is done.
 */
export interface KeyGroups {
  /** Per binding: the group of its routing key. */
  readonly groupOf: Int32Array
  /** Routing key → its group. */
  readonly byKey: Map<string, number>
}

/** Groups the bindings by routing key; `groupOfNewKey` is asked once per distinct key, in binding order. */
export function groupByKey(bindings: readonly Binding[], groupOfNewKey: (key: string) => number): KeyGroups {
  const n = bindings.length
  const groupOf = new Int32Array(n)
  const byKey = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const key = bindings[i]!.routingKey
    let g = byKey.get(key)
    if (g === undefined) {
      g = groupOfNewKey(key)
      byKey.set(key, g)
    }
    groupOf[i] = g
  }
  return { groupOf, byKey }
}

/** Positions grouped: group g's positions, ascending, are members[start[g] .. start[g + 1]). */
export interface Grouped {
  readonly start: Int32Array
  readonly members: Int32Array
}

/** A counting sort of the positions 0 .. groupOf.length - 1 by group (each group's positions stay in order). */
export function groupPositions(groupOf: Int32Array, groups: number): Grouped {
  const n = groupOf.length
  const start = new Int32Array(groups + 1)
  for (let i = 0; i < n; i++) start[groupOf[i]! + 1]!++
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!
  const next = start.slice(0, groups)
  const members = new Int32Array(n)
  for (let i = 0; i < n; i++) members[next[groupOf[i]!]!++] = i
  return { start, members }
}
