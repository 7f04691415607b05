import type { Binding } from '../../core/model.js'
import type { VhostContext } from '../context.js'
import type { Report } from '../types.js'
import { q } from '../did-you-mean.js'

const keyPath = (b: Binding) => [...(b.path ?? []), 'routing_key']

/** `order*` → `order.*`, `#.foo#` → `#.foo.#`: each glued wildcard becomes a word of its own. */
export function unglueWildcards(key: string): string {
  return key.split('.').map((w) => (w === '*' || w === '#' || !/[*#]/.test(w) ? w : w.split(/([*#])/).filter((s) => s !== '').join('.'))).join('.')
}

/**
 * Binding keys on topic exchanges (rabbit_exchange_type_topic, split on every "."): wildcards are whole words only,
 * empty words are real words, the empty key has zero words, and 4.3.5+ rejects more than two `#` words.
 */
export function checkTopicBindings(ctx: VhostContext, report: Report): void {
  const maxHash = ctx.rules.maxTopicHashWords
  for (const b of ctx.vhost.bindings) {
    if (ctx.exchange(b.source)?.type !== 'topic') continue
    const key = b.routingKey
    if (key === '') {
      report({
        rule: 'topic/empty-binding-key',
        message: `empty binding key on topic exchange ${q(b.source)} matches only messages published with the empty routing key`,
        hint: "use '#' to match every routing key",
        path: keyPath(b),
      })
      continue
    }
    const words = key.split('.')
    const glued = words.filter((w) => w !== '*' && w !== '#' && /[*#]/.test(w))
    if (glued.length > 0) {
      report({
        rule: 'topic/literal-wildcard-char',
        message: `binding key ${q(key)}: ${glued.map(q).join(', ')} ${glued.length === 1 ? 'is a literal word' : 'are literal words'} — '*' and '#' are wildcards only as whole words`,
        hint: `did you mean '${unglueWildcards(key)}'?`,
        path: keyPath(b),
      })
    }
    if (words.some((w) => w === '')) {
      const fixed = words.filter((w) => w !== '').join('.')
      report({
        rule: 'topic/empty-word',
        message: `binding key ${q(key)} has an empty word (${key.startsWith('.') ? 'leading dot' : key.endsWith('.') ? 'trailing dot' : "'..'"}): it matches only routing keys with an empty word there`,
        hint: fixed === '' ? "use '#' to match every routing key" : `did you mean '${fixed}'?`,
        path: keyPath(b),
      })
    }
    const hashes = words.filter((w) => w === '#').length
    const limit = maxHash ?? 2
    if (hashes > limit) {
      report({
        rule: 'topic/too-many-hash',
        severity: maxHash === null ? 'warning' : 'error',
        message: maxHash === null
          ? `binding key ${q(key)} has ${hashes} '#' words: RabbitMQ 4.3.5 and later refuse more than ${limit}`
          : `binding key ${q(key)} has ${hashes} '#' words: RabbitMQ ${ctx.rules.label} refuses more than ${limit} (binding_invalid)`,
        hint: /(^|\.)#\.#(\.|$)/.test(key) ? "consecutive '#' words mean the same as one: collapse them" : 'split it into several bindings with at most two # each',
        path: keyPath(b),
      })
    }
  }
}
