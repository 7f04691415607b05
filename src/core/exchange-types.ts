import type { ExchangeType } from './exchange-type.js'
import type { VersionRules } from './versions.js'
import { directExchangeType } from './direct.js'
import { fanoutExchangeType } from './fanout.js'
import { topicExchangeType } from './topic.js'
import { headersExchangeType } from './headers.js'
import { unsupportedExchangeType } from './unsupported.js'

/** The exchange types the core routes exactly. A Map: type names come from users. */
export const exchangeTypes: ReadonlyMap<string, ExchangeType> = new Map([
  ['direct', directExchangeType],
  ['fanout', fanoutExchangeType],
  ['topic', topicExchangeType],
  ['headers', headersExchangeType],
])

/** true when the core can route this exchange type (else trace says so instead of guessing). */
export function isSimulatedExchangeType(type: string): boolean {
  return exchangeTypes.has(type)
}

/** true when the selected broker version has this type built in (rabbit_exchange_type_*.erl); plugins are not. */
export function isBuiltinExchangeType(type: string, rules: VersionRules): boolean {
  return rules.builtinExchangeTypes.has(type)
}

/** The ExchangeType for a type name: one of the four, or an `unsupported` stand-in. */
export function exchangeTypeFor(type: string): ExchangeType {
  return exchangeTypes.get(type) ?? unsupportedExchangeType(type)
}
