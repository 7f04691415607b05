import { terminalText } from './terminal-text.js'
import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'

/**
 * An AMQP value as a person reads it, keeping the type where it changes routing (headers exchange):
 * `"pdf"`, `1 (long)`, `1.0 (double)`, `true`, `(void)`, `["a", 1 (long)]`.
 */
export function valueText(v: AmqpValue): string {
  switch (v.type) {
    case 'longstr': return terminalText(JSON.stringify(v.value))
    case 'bool': return String(v.value)
    case 'void': return '(void)'
    case 'array': return `[${v.value.map(valueText).join(', ')}]`
    case 'table': return `{${tableText(v.value)}}`
    case 'double': case 'float': return `${numberText(v.value, true)} (${v.type})`
    default: return `${numberText(v.value, false)} (${v.type})`
  }
}

/** `k: v, k2: v2` with names quoted only when they need it. */
export function tableText(t: AmqpTable): string {
  const parts: string[] = []
  for (const [k, v] of t) parts.push(`${nameText(k)}: ${valueText(v)}`)
  return parts.join(', ')
}

/** A name as written in output: bare when it is a plain word, JSON-quoted otherwise (empty, spaces, quotes). */
export function nameText(name: string): string {
  // JSON.stringify escapes C0 controls but leaves C1 and bidi controls raw: terminalText takes those.
  return /^[\w.\-:/@#*+]+$/u.test(name) ? name : terminalText(JSON.stringify(name))
}

/** A value's type name, as RabbitMQ spells it. */
export function typeText(v: AmqpValue | undefined): string {
  return v === undefined ? '-' : v.type
}

function numberText(n: number, float: boolean): string {
  if (!Number.isFinite(n)) return String(n)
  // 1.0 stays visibly a float: `1 (long)` and `1.0 (double)` route differently from 3.13.
  return float && Number.isInteger(n) && Math.abs(n) < 1e21 ? `${n}.0` : String(n)
}
