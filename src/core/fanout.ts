import type { Binding } from './model.js'
import type { BindingMatch, ExchangeType, Matcher } from './exchange-type.js'

/** rabbit_exchange_type_fanout: every binding, whatever the routing key. */
class FanoutMatcher implements Matcher {
  private readonly all: readonly BindingMatch[]
  /** The key is not read: every binding matches. */
  readonly ignoresRoutingKey = true
  constructor(bindings: readonly Binding[]) {
    this.all = bindings.map((binding) => ({ binding, keys: [] }))
  }
  matchIndices(_routingKey: string, _headers: unknown, out: number[]): void {
    for (let i = 0; i < this.all.length; i++) out.push(i)
  }
  match(): readonly BindingMatch[] {
    return this.all
  }
  explain(): { matches: readonly BindingMatch[]; misses: readonly [] } {
    return { matches: this.all, misses: [] }
  }
}

export const fanoutExchangeType: ExchangeType = {
  kind: 'fanout',
  validateBinding: () => null,
  compile: (bindings) => new FanoutMatcher(bindings),
}
