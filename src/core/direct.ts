import type { AmqpTable } from './amqp-value.js'
import type { Binding } from './model.js'
import type { BindingMatch, BindingMiss, ExchangeType, Matcher, RoutableMessage } from './exchange-type.js'
import { groupByKey, groupPositions } from './key-groups.js'

/**
 * Bindings by binding key: a routing key matches the bindings whose key is byte-for-byte equal. Each distinct key
 * has a group number; a group's binding positions are a slice of one array, in binding order (no array per key).
 */
class DirectMatcher implements Matcher {
  private readonly groupOf: Map<string, number>
  /** Positions of the bindings of group g: members[start[g] .. start[g + 1]). */
  private readonly start: Int32Array
  private readonly members: Int32Array
  constructor(private readonly bindings: readonly Binding[]) {
    let groups = 0
    const keys = groupByKey(bindings, () => groups++)
    const { start, members } = groupPositions(keys.groupOf, groups)
    this.groupOf = keys.byKey
    this.start = start
    this.members = members
  }

  matchIndices(routingKey: string, _headers: AmqpTable, out: number[]): void {
    const g = this.groupOf.get(routingKey)
    if (g === undefined) return
    const to = this.start[g + 1]!
    for (let j = this.start[g]!; j < to; j++) out.push(this.members[j]!)
  }

  /** The bindings whose key is `key`, in binding order, or undefined. */
  private bindingsOf(key: string): Binding[] | undefined {
    const g = this.groupOf.get(key)
    if (g === undefined) return undefined
    const list: Binding[] = []
    for (let j = this.start[g]!; j < this.start[g + 1]!; j++) list.push(this.bindings[this.members[j]!]!)
    return list
  }

  match(msg: RoutableMessage): readonly BindingMatch[] {
    const keys = msg.routingKeys
    if (keys.length === 1) {
      const key = keys[0]!
      const list = this.bindingsOf(key)
      if (list === undefined) return []
      const ks = [key]
      return list.map((binding) => ({ binding, keys: ks }))
    }
    // rabbit_db_binding:match_routing_key/3 with every key (key, CC, BCC); one entry per binding.
    const out: { binding: Binding; keys: string[] }[] = []
    const seen = new Map<Binding, string[]>()
    for (const key of keys) {
      const list = this.bindingsOf(key)
      if (list === undefined) continue
      for (const binding of list) {
        const ks = seen.get(binding)
        if (ks === undefined) {
          const nks = [key]
          seen.set(binding, nks)
          out.push({ binding, keys: nks })
        } else if (!ks.includes(key)) ks.push(key)
      }
    }
    return out
  }

  explain(msg: RoutableMessage): { matches: readonly BindingMatch[]; misses: readonly BindingMiss[] } {
    const matches: BindingMatch[] = []
    const misses: BindingMiss[] = []
    for (const binding of this.bindings) {
      const keys = msg.routingKeys.filter((k) => k === binding.routingKey)
      if (keys.length > 0) matches.push({ binding, keys: [...new Set(keys)] })
      else misses.push({ binding, reason: directMissReason(binding.routingKey, msg.routingKeys) })
    }
    return { matches, misses }
  }
}

function directMissReason(bindingKey: string, keys: readonly string[]): string {
  const shown = keys.map((k) => `'${k}'`).join(', ')
  const base = `binding key '${bindingKey}' is not equal to ${keys.length === 1 ? 'the routing key' : 'any routing key'} ${shown}`
  if (keys.some((k) => k.toLowerCase() === bindingKey.toLowerCase())) return `${base} (differs only in letter case: direct matching is byte-exact)`
  if (bindingKey.split('.').some((w) => w === '*' || w === '#')) return `${base} (\`*\` and \`#\` are not wildcards on a direct exchange)`
  return base
}

/** rabbit_exchange_type_direct: exact, byte-wise binding key = routing key, for every routing key. */
export const directExchangeType: ExchangeType = {
  kind: 'direct',
  validateBinding: () => null,
  compile: (bindings) => new DirectMatcher(bindings),
}
