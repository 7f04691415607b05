import { parseDocument } from 'yaml'
import type { AmqpTable, AmqpValue } from '../core/amqp-value.js'
import { decodeTypedValue } from '../topology/typed-value.js'
import { SHORTSTR_MAX, utf8Bytes } from './names.js'

export type HeaderValueResult = { readonly ok: true; readonly value: AmqpValue } | { readonly ok: false; readonly message: string }

/**
 * A header value typed as the topology file would read it (docs/topology-format.md, "Typed values"): `pdf` and
 * `"1"` are strings, `1` a long, `1.0` a double, `true` a bool, nothing or `null` void (match on presence),
 * `[a, 1]` an array, `{type: signedint, value: 5}` the explicit form.
 */
export function parseHeaderValue(text: string): HeaderValueResult {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: true, value: { type: 'void' } }
  const doc = parseDocument(trimmed)
  // not YAML (e.g. `a: b: c`): take the text as a string, as a person typing it means
  if (doc.errors.length > 0) return { ok: true, value: { type: 'longstr', value: trimmed } }
  const plain: unknown = doc.toJS()
  const r = decodeTypedValue(plain, { integralDouble: (path) => path.length === 0 && /^[-+]?[\d.]*[.eE]/.test(trimmed) })
  if (!r.ok) return { ok: false, message: r.message }
  return { ok: true, value: r.value }
}

/** The values x-match accepts (rabbit_exchange_type_headers:validate_binding/2; with-x from 3.10). */
export const X_MATCH_VALUES = ['all', 'any', 'all-with-x', 'any-with-x'] as const

/** Checks one header name for a headers binding. */
export function headerNameProblem(name: string, taken: ReadonlySet<string>): string | undefined {
  if (name === '') return 'a header needs a name'
  if (utf8Bytes(name) > SHORTSTR_MAX) return `header names are at most ${SHORTSTR_MAX} bytes`
  if (name === 'x-match') return 'x-match is chosen separately'
  if (taken.has(name)) return `'${name}' is already a condition of this binding`
  return undefined
}

export type HeaderArgsResult = { readonly ok: true; readonly value: AmqpTable } | { readonly ok: false; readonly message: string }

/**
 * Binding arguments from the flags form `x-match=any,format=pdf,version=1.0` (each value typed by parseHeaderValue).
 * x-match must be one of X_MATCH_VALUES; names repeat at most once.
 */
export function parseHeaderArgs(spec: string): HeaderArgsResult {
  const out = new Map<string, AmqpValue>()
  if (spec.trim() === '') return { ok: true, value: out }
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=')
    const name = (eq < 0 ? part : part.slice(0, eq)).trim()
    const valueText = eq < 0 ? '' : part.slice(eq + 1)
    if (name === 'x-match') {
      const v = valueText.trim()
      if (!(X_MATCH_VALUES as readonly string[]).includes(v)) return { ok: false, message: `x-match must be all, any, all-with-x or any-with-x (got '${v}')` }
      out.set(name, { type: 'longstr', value: v })
      continue
    }
    const problem = headerNameProblem(name, new Set(out.keys()))
    if (problem) return { ok: false, message: `${problem} (in '${part}')` }
    const value = parseHeaderValue(valueText)
    if (!value.ok) return { ok: false, message: `header '${name}': ${value.message}` }
    out.set(name, value.value)
  }
  return { ok: true, value: out }
}
