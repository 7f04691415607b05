import type { Binding } from './model.js'
import type { BindingMatch, BindingMiss, ExchangeType, Matcher } from './exchange-type.js'

/**
 * A matcher for an exchange type the simulator cannot route (plugins such as x-consistent-hash,
 * x-delayed-message, x-random; x-local-random and x-modulus-hash depend on broker state). It matches
 * nothing; the router flags the hop (Hop.unsupported) instead of guessing.
 */
export class UnsupportedMatcher implements Matcher {
  readonly unsupported = true
  constructor(readonly kind: string, private readonly bindings: readonly Binding[]) {}
  match(): readonly BindingMatch[] {
    return []
  }
  explain(): { matches: readonly BindingMatch[]; misses: readonly BindingMiss[] } {
    return { matches: [], misses: this.bindings.map((binding) => ({ binding, reason: `exchange type '${this.kind}' is not simulated` })) }
  }
}

/** The ExchangeType for any type name the core does not implement. */
export function unsupportedExchangeType(kind: string): ExchangeType {
  return {
    kind,
    validateBinding: () => null,
    compile: (bindings) => new UnsupportedMatcher(kind, bindings),
  }
}
