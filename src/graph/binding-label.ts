import type { Binding } from '../core/model.js'
import { headerConditions } from '../core/headers.js'
import { nameText, valueText } from '../report/value-text.js'

/**
 * What a binding edge says: the binding key for direct and topic exchanges (`""` when empty), nothing for a
 * fanout (it ignores keys), and for a headers exchange the match mode and the conditions it tests
 * (`all: format="pdf", pages=3 (long)`; core/headers.ts headerConditions), types kept because they change routing.
 */
export function bindingLabel(b: Binding, sourceType: string): string {
  if (sourceType === 'fanout') return ''
  if (sourceType === 'headers') {
    const { mode, conditions } = headerConditions(b.arguments)
    const tests = conditions.map((c) => (c.value.type === 'void' ? `${nameText(c.name)} present` : `${nameText(c.name)}=${valueText(c.value)}`))
    return `${mode}: ${tests.length > 0 ? tests.join(', ') : '(no conditions)'}`
  }
  return b.routingKey === '' ? '""' : b.routingKey
}

/**
 * A binding's identity as a broker stores it: source, destination (and its kind), key, and the arguments as a
 * typed table in name order. The route's hop records name bindings by object; this finds their edge.
 */
export function bindingIdentity(b: Binding): string {
  const head = `${b.destinationType === 'queue' ? 'q' : 'x'}\u0000${b.source}\u0000${b.destination}\u0000${b.routingKey}`
  if (b.arguments.size === 0) return head
  const args = [...b.arguments].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))
  return `${head}\u0000${JSON.stringify(args, (_k, v: unknown) => (v instanceof Map ? [...v] : v))}`
}
