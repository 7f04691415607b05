import type { AmqpTable } from './amqp-value.js'
import type { Binding } from './model.js'
import type { BindingMatch, BindingMiss, ExchangeType, Matcher, RoutableMessage } from './exchange-type.js'

/** Bindings by binding key: a routing key matches the bindings whose key is byte-for-byte equal. */
class DirectMatcher implements Matcher {
  private readonly byKey = new Map<string, Binding[]>()
  private readonly indicesByKey = new Map<string, number[]>()
  constructor(private readonly bindings: readonly Binding[]) {
    bindings.forEach((b, i) => {
      const list = this.byKey.get(b.routingKey)
      if (list === undefined) {
        this.byKey.set(b.routingKey, [b])
        this.indicesByKey.set(b.routingKey, [i])
      } else {
        list.push(b)
        this.indicesByKey.get(b.routingKey)!.push(i)
      }
    })
  }

  matchIndices(routingKey: string, _headers: AmqpTable, out: number[]): void {
    const list = this.indicesByKey.get(routingKey)
    if (list !== undefined) for (const i of list) out.push(i)
  }

  match(msg: RoutableMessage): readonly BindingMatch[] {
    const keys = msg.routingKeys
    if (keys.length === 1) {
      const key = keys[0]!
      const list = this.byKey.get(key)
      if (list === undefined) return []
      const ks = [key]
      return list.map((binding) => ({ binding, keys: ks }))
    }
    // rabbit_db_binding:match_routing_key/3 with every key (key, CC, BCC); one entry per binding.
    const out: { binding: Binding; keys: string[] }[] = []
    const seen = new Map<Binding, string[]>()
    for (const key of keys) {
      const list = this.byKey.get(key)
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
