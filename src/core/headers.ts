import type { AmqpTable, AmqpValue } from './amqp-value.js'
import type { Binding } from './model.js'
import type { BindingMatch, BindingMiss, BindingProblem, ExchangeType, Matcher, RoutableMessage } from './exchange-type.js'
import type { VersionRules } from './versions.js'
import { headersValueEqual } from './headers-equality.js'

export type XMatchMode = 'all' | 'any' | 'all-with-x' | 'any-with-x'

const MODES: ReadonlySet<string> = new Set(['all', 'any', 'all-with-x', 'any-with-x'])

/**
 * The binding's match mode as rabbit_exchange_type_headers routes it: `any` / `any-with-x` / `all-with-x`
 * when x-match is that longstr, otherwise `all` (absent, or an invalid value the broker would have
 * rejected at bind time: parse_x_match(_) -> all).
 */
export function xMatchMode(args: AmqpTable): XMatchMode {
  const v = args.get('x-match')
  if (v?.type === 'longstr' && MODES.has(v.value)) return v.value as XMatchMode
  return 'all'
}

/** One binding argument the headers exchange tests: a void value is a presence test. */
export interface HeaderCondition { readonly name: string; readonly value: AmqpValue }

/** A binding argument the headers exchange does not test, and why. */
export interface SkippedArgument { readonly name: string; readonly value: AmqpValue; readonly why: 'x-match' | 'x-prefixed' }

/**
 * The conditions a headers binding tests: every argument except `x-match`, and except every other `x-`
 * argument unless the mode is `all-with-x` / `any-with-x` (rabbit_exchange_type_headers.erl match/2, match_x/2).
 */
export function headerConditions(args: AmqpTable): { mode: XMatchMode; conditions: HeaderCondition[]; skipped: SkippedArgument[] } {
  const mode = xMatchMode(args)
  const withX = mode === 'all-with-x' || mode === 'any-with-x'
  const conditions: HeaderCondition[] = []
  const skipped: SkippedArgument[] = []
  for (const [name, value] of args) {
    if (name === 'x-match') skipped.push({ name, value, why: 'x-match' })
    else if (!withX && name.startsWith('x-')) skipped.push({ name, value, why: 'x-prefixed' })
    else conditions.push({ name, value })
  }
  return { mode, conditions, skipped }
}

function conditionHolds(c: HeaderCondition, headers: AmqpTable, rules: VersionRules): boolean {
  // BCC never reaches an exchange (stripped before routing: rabbit_basic / mc_amqpl), whoever passed it.
  if (c.name === 'BCC') return false
  const v = headers.get(c.name)
  if (v === undefined) return false
  return c.value.type === 'void' || headersValueEqual(c.value, v, rules)
}

interface Compiled {
  readonly index: number
  readonly binding: Binding
  readonly any: boolean
  readonly conditions: readonly HeaderCondition[]
  /** The walk that last evaluated this binding (an `any` binding sits in several buckets). */
  mark: number
}

/**
 * A key for a scalar header value such that two values are equal under the version's rules exactly when
 * their keys are equal; undefined for void, arrays and tables (those are indexed by name only).
 */
function valueKey(v: AmqpValue, rules: VersionRules, side: 'binding' | 'message'): string | undefined {
  switch (v.type) {
    case 'longstr': return `s${v.value}`
    case 'bool': return v.value ? 'b1' : 'b0'
    case 'void': case 'array': case 'table': return undefined
    case 'double': return rules.headersEquality === 'exact' ? `f${v.value}` : `n${v.value}`
    case 'float': return rules.headersEquality === 'exact' ? `f${Math.fround(v.value)}` : `n${Math.fround(v.value)}`
    case 'timestamp': {
      const n = side === 'message' && rules.headersTimestampToMs ? v.value * 1000 : v.value
      return rules.headersEquality === 'exact' ? `i${n}` : `n${n}`
    }
    default: return rules.headersEquality === 'exact' ? `i${v.value}` : `n${v.value}`
  }
}

/**
 * Headers bindings with an index: each `all` binding is filed under one of its conditions (by header name
 * and value when the value is a scalar, by name only for void/arrays/tables), each `any` binding under every
 * one of its conditions; a message evaluates only the bindings its (name, value) pairs can reach. `all`
 * with no condition always matches; `any` with none never does.
 */
class HeadersMatcher implements Matcher {
  private readonly always: Compiled[] = []
  private readonly byName = new Map<string, Compiled[]>()
  private readonly byValue = new Map<string, Compiled[]>()
  private readonly compiled: Compiled[] = []
  private epoch = 0

  constructor(bindings: readonly Binding[], private readonly rules: VersionRules) {
    const file = (map: Map<string, Compiled[]>, key: string, c: Compiled): void => {
      const list = map.get(key)
      if (list === undefined) map.set(key, [c])
      else if (list[list.length - 1] !== c) list.push(c)
    }
    const fileCondition = (cond: HeaderCondition, c: Compiled): void => {
      const vk = valueKey(cond.value, rules, 'binding')
      if (vk === undefined) file(this.byName, cond.name, c)
      else file(this.byValue, `${cond.name}\u0000${vk}`, c)
    }
    bindings.forEach((binding, index) => {
      const { mode, conditions } = headerConditions(binding.arguments)
      const any = mode === 'any' || mode === 'any-with-x'
      const c: Compiled = { index, binding, any, conditions, mark: 0 }
      this.compiled.push(c)
      if (conditions.length === 0) {
        if (!any) this.always.push(c)
        return
      }
      if (any) for (const cond of conditions) fileCondition(cond, c)
      else fileCondition(conditions.find((x) => valueKey(x.value, rules, 'binding') !== undefined) ?? conditions[0]!, c)
    })
  }

  private holds(c: Compiled, headers: AmqpTable): boolean {
    if (c.any) {
      for (const cond of c.conditions) if (conditionHolds(cond, headers, this.rules)) return true
      return false
    }
    for (const cond of c.conditions) if (!conditionHolds(cond, headers, this.rules)) return false
    return true
  }

  private consider(list: Compiled[] | undefined, headers: AmqpTable, found: Compiled[]): void {
    if (list === undefined) return
    for (const c of list) {
      if (c.mark === this.epoch) continue
      c.mark = this.epoch
      if (this.holds(c, headers)) found.push(c)
    }
  }

  /** The key is not read: a headers exchange matches on headers only. */
  readonly ignoresRoutingKey = true

  /** The bindings whose conditions hold, in binding order (a message's BCC header is not seen). */
  private matching(headers: AmqpTable): Compiled[] {
    const found: Compiled[] = this.always.slice()
    if (headers.size > 0 && (this.byName.size > 0 || this.byValue.size > 0)) {
      this.epoch++
      for (const [name, v] of headers) {
        if (name === 'BCC') continue
        this.consider(this.byName.get(name), headers, found)
        const vk = valueKey(v, this.rules, 'message')
        if (vk !== undefined) this.consider(this.byValue.get(`${name}\u0000${vk}`), headers, found)
      }
    }
    if (found.length > 1) found.sort((a, b) => a.index - b.index)
    return found
  }

  matchIndices(_routingKey: string, headers: AmqpTable, out: number[]): void {
    const found = this.matching(headers)
    for (let i = 0; i < found.length; i++) out.push(found[i]!.index)
  }

  match(msg: RoutableMessage): readonly BindingMatch[] {
    const found = this.matching(msg.headers)
    if (found.length === 0) return []
    return found.map((c) => ({ binding: c.binding, keys: [] }))
  }

  explain(msg: RoutableMessage): { matches: readonly BindingMatch[]; misses: readonly BindingMiss[] } {
    const matches: BindingMatch[] = []
    const misses: BindingMiss[] = []
    for (const c of this.compiled) {
      const e = explainHeadersBinding(c.binding.arguments, msg.headers, this.rules)
      if (e.matched) matches.push({ binding: c.binding, keys: [] })
      else misses.push({ binding: c.binding, reason: e.summary })
    }
    return { matches, misses }
  }
}

/** One condition of a headers binding checked against a message, for explain tables. */
export interface HeaderConditionResult {
  readonly name: string
  readonly bindingValue: AmqpValue
  /** The message header, when present. */
  readonly messageValue?: AmqpValue
  readonly held: boolean
  readonly why: string
}

export interface HeadersBindingExplanation {
  readonly mode: XMatchMode
  /** x-match is absent or valid; an invalid one is rejected by the broker at bind time (routes as `all`). */
  readonly xMatchValid: boolean
  readonly matched: boolean
  readonly conditions: readonly HeaderConditionResult[]
  readonly skipped: readonly SkippedArgument[]
  readonly summary: string
}

const typeName = (v: AmqpValue): string => v.type

function valueText(v: AmqpValue): string {
  switch (v.type) {
    case 'void': return 'void'
    case 'longstr': return JSON.stringify(v.value)
    case 'array': return `[${v.value.map(valueText).join(', ')}]`
    case 'table': return `{${[...v.value].map(([k, x]) => `${k}: ${valueText(x)}`).join(', ')}}`
    default: return String(v.value)
  }
}

/** Why two header values are (not) equal under the version's rules, in words. */
function inequalityReason(b: AmqpValue, m: AmqpValue, rules: VersionRules): string {
  const numericTypes = new Set(['byte', 'unsignedbyte', 'short', 'unsignedshort', 'signedint', 'unsignedint', 'long', 'double', 'float', 'timestamp'])
  const both = numericTypes.has(b.type) && numericTypes.has(m.type)
  if (both && rules.headersEquality === 'exact') {
    const fl = (t: string) => t === 'double' || t === 'float'
    if (fl(b.type) !== fl(m.type)) return `RabbitMQ ${rules.label} compares with =:=: an integer never equals a float (${valueText(b)} ${typeName(b)} vs ${valueText(m)} ${typeName(m)}; equal up to 3.12)`
    if (m.type === 'timestamp' && rules.headersTimestampToMs) return `a timestamp header is compared in milliseconds from 3.13 (${valueText(m)} s = ${(m as { value: number }).value * 1000} ms)`
  }
  if (b.type === 'float' || m.type === 'float') {
    const f = (b.type === 'float' ? b : m) as { readonly value: number }
    if (Math.fround(f.value) !== f.value) return `a float (32-bit) value is ${Math.fround(f.value)}, not ${String(f.value)}`
  }
  if (!both && b.type !== m.type) return `types differ: binding ${typeName(b)} ${valueText(b)} vs header ${typeName(m)} ${valueText(m)}`
  if ((b.type === 'array' || b.type === 'table') && b.type === m.type) return 'nested values differ (inside arrays and tables the type tags must match too)'
  return `values differ: ${valueText(b)} vs ${valueText(m)}`
}

/**
 * Per condition of one headers binding: the binding value and type, the message value and type, whether it
 * held and why (rabbit_exchange_type_headers.erl), plus the arguments that were skipped.
 */
export function explainHeadersBinding(args: AmqpTable, headers: AmqpTable, rules: VersionRules): HeadersBindingExplanation {
  const { mode, conditions, skipped } = headerConditions(args)
  const xm = args.get('x-match')
  const xMatchValid = xm === undefined || (xm.type === 'longstr' && MODES.has(xm.value))
  const results: HeaderConditionResult[] = conditions.map((c) => {
    const m = headers.get(c.name)
    if (m === undefined) return { name: c.name, bindingValue: c.value, held: false, why: `the message has no header '${c.name}'` }
    if (c.value.type === 'void') return { name: c.name, bindingValue: c.value, messageValue: m, held: true, why: 'presence test (void binding value): the header is present' }
    const held = headersValueEqual(c.value, m, rules)
    return { name: c.name, bindingValue: c.value, messageValue: m, held, why: held ? 'equal' : inequalityReason(c.value, m, rules) }
  })
  const any = mode === 'any' || mode === 'any-with-x'
  const matched = any ? results.some((r) => r.held) : results.every((r) => r.held)
  let summary: string
  if (matched) summary = results.length === 0 ? `x-match ${mode} with no conditions matches every message` : 'matches'
  else if (any && results.length === 0) summary = skipped.some((s) => s.why === 'x-prefixed')
    ? `x-match ${mode} with only x- arguments (ignored unless x-match is any-with-x) never matches`
    : `x-match ${mode} with no conditions never matches`
  else if (any) summary = `no condition held: ${results.map((r) => `${r.name}: ${r.why}`).join('; ')}`
  else summary = results.filter((r) => !r.held).map((r) => `${r.name}: ${r.why}`).join('; ')
  return { mode, xMatchValid, matched, conditions: results, skipped, summary }
}

/** rabbit_exchange_type_headers: x-match all / any / all-with-x / any-with-x; the routing key is ignored. */
export const headersExchangeType: ExchangeType = {
  kind: 'headers',
  validateBinding(binding: Binding): BindingProblem | null {
    // validate_binding/2: x-match absent, or a longstr naming one of the four modes; else binding_invalid.
    const v = binding.arguments.get('x-match')
    if (v === undefined) return null
    if (v.type === 'longstr') {
      if (MODES.has(v.value)) return null
      return { code: 406, message: `PRECONDITION_FAILED - Invalid x-match field value <<"${v.value}">>; expected all, any, all-with-x, or any-with-x` }
    }
    return { code: 406, message: `PRECONDITION_FAILED - Invalid x-match field type ${v.type} (value ${valueText(v)}); expected longstr` }
  },
  compile: (bindings, rules) => new HeadersMatcher(bindings, rules),
}
