import type { AmqpTable, AmqpValue } from '../../core/amqp-value.js'
import type { VhostContext } from '../context.js'
import type { LintInput, Report } from '../types.js'
import { q } from '../did-you-mean.js'

/** duplicate/exchange, duplicate/queue, duplicate/policy, duplicate/vhost: names declared twice (the loader lists them). */
export function checkDuplicateDeclarations(input: LintInput, report: Report): void {
  for (const d of input.duplicates ?? []) {
    const kind = d.kind
    const first = d.firstPath && input.locate?.(d.firstPath)
    report({
      rule: `duplicate/${kind}`,
      message: `${kind} ${q(d.name)}${d.vhost !== undefined ? ` in vhost ${q(d.vhost)}` : ''} is declared twice${first ? ` (first at line ${first.line})` : ''}`,
      hint: kind === 'exchange' || kind === 'queue'
        ? 'keep one declaration: RabbitMQ refuses a second one that differs (406 inequivalent arg)'
        : 'keep one: the later definition replaces the earlier one',
      path: d.path,
    })
  }
}

/** A canonical text of a typed value: equal text ⇔ RabbitMQ sees the same binding arguments. */
export function canonicalValue(v: AmqpValue): string {
  switch (v.type) {
    case 'void': return 'void'
    case 'array': return `array[${v.value.map(canonicalValue).join(',')}]`
    case 'table': return `table{${canonicalTable(v.value)}}`
    default: return `${v.type}:${JSON.stringify(v.value)}`
  }
}

export const canonicalTable = (t: AmqpTable): string =>
  [...t.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}=${canonicalValue(v)}`).join(',')

/** duplicate/binding: the same source, destination, key and arguments twice (RabbitMQ stores one binding). */
export function checkDuplicateBindings(ctx: VhostContext, report: Report): void {
  // Keyed without the arguments first; arguments are compared only when the rest collides (rare), which keeps
  // this linear and cheap on exports with tens of thousands of bindings.
  const seen = new Map<string, number[]>()
  ctx.vhost.bindings.forEach((b, i) => {
    const key = `${b.source}\u0000${b.destinationType}\u0000${b.destination}\u0000${b.routingKey}`
    const earlier = seen.get(key)
    if (earlier === undefined) { seen.set(key, [i]); return }
    const args = canonicalTable(b.arguments)
    const first = earlier.find((j) => canonicalTable(ctx.vhost.bindings[j]!.arguments) === args)
    earlier.push(i)
    if (first === undefined) return
    const firstPath = ctx.vhost.bindings[first]?.path
    const at = firstPath && ctx.input.locate?.(firstPath)
    report({
      rule: 'duplicate/binding',
      message: `duplicate binding ${q(b.source)} → ${b.destinationType} ${q(b.destination)} with key ${q(b.routingKey)}${at ? ` (first at line ${at.line})` : ''}`,
      hint: 'remove one: RabbitMQ stores identical bindings once',
      path: b.path ?? [],
    })
  })
}
