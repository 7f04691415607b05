import { CST, Composer, Parser, isMap, isPair, isScalar } from 'yaml'
import type { Document, Node, Pair } from 'yaml'
import type { DocPath } from '../../core/model.js'
import type { Diagnostic } from '../../topology/diagnostic.js'

/** The rules `--fix` can fix: one safe, local edit each. */
export const FIXABLE_RULES: ReadonlySet<string> = new Set(['exchange/x-alternate-exchange', 'topic/literal-wildcard-char', 'queue/invalid-arg-value'])

/** What --fix did to one file. */
export interface FixResult {
  /** The new text: the source with only the fixed scalars changed (comments, quoting and layout kept). */
  readonly text: string
  /** The findings fixed, as `rule@line:col`. */
  readonly fixed: readonly string[]
}

/**
 * Applies the safe, local fixes for a YAML topology's findings, editing yaml's CST tokens in place
 * (`CST.setScalarValue`), so everything not fixed stays byte for byte: comments, quoting style, flow or block layout.
 * - exchange/x-alternate-exchange: the key becomes `alternate-exchange` (only when that key is not there already);
 * - topic/literal-wildcard-char: the binding key gets its wildcards as words (`order*` → `order.*`), only when every
 *   glued word has one wildcard at its start or end, so the rule's hint is the only reading;
 * - queue/invalid-arg-value on `x-message-ttl`: a string of digits becomes that integer.
 * A YAML stream with several documents, or one the composer reports errors for, is left alone.
 */
export function applyFixes(source: string, diagnostics: readonly Diagnostic[]): FixResult {
  const tokens = [...new Parser().parse(source)]
  const docs = [...new Composer({ keepSourceTokens: true }).compose(tokens)]
  if (docs.length !== 1 || docs[0]!.errors.length > 0) return { text: source, fixed: [] }
  const doc = docs[0]!
  const fixed: string[] = []
  for (const d of diagnostics) {
    if (!FIXABLE_RULES.has(d.rule)) continue
    if (fixOne(doc, d)) fixed.push(`${d.rule}@${d.pos?.line ?? 0}:${d.pos?.col ?? 0}`)
  }
  if (fixed.length === 0) return { text: source, fixed }
  return { text: tokens.map((t) => CST.stringify(t)).join(''), fixed }
}

function fixOne(doc: Document, d: Diagnostic): boolean {
  const last = d.path[d.path.length - 1]
  if (d.rule === 'exchange/x-alternate-exchange' && last === 'x-alternate-exchange') {
    const args = doc.getIn(d.path.slice(0, -1), true) as Node | undefined
    if (!isMap(args) || args.items.some((p) => isPair(p) && isScalar(p.key) && p.key.value === 'alternate-exchange')) return false
    const pair = args.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'x-alternate-exchange') as Pair | undefined
    return pair !== undefined && setScalar(pair.key, 'alternate-exchange')
  }
  if (d.rule === 'topic/literal-wildcard-char' && last === 'routing_key') {
    const node = scalarAt(doc, d.path)
    if (!node || typeof node.value !== 'string' || !unambiguous(node.value)) return false
    return setScalar(node, unglue(node.value))
  }
  if (d.rule === 'queue/invalid-arg-value' && last === 'x-message-ttl') {
    const node = scalarAt(doc, d.path)
    if (!node || typeof node.value !== 'string' || !/^\d{1,15}$/.test(node.value.trim())) return false
    return setScalar(node, String(Number(node.value.trim())), 'PLAIN')
  }
  return false
}

/** Every glued word (`order*`, `#audit`) has exactly one wildcard, at its start or its end; no empty words. */
function unambiguous(key: string): boolean {
  const words = key.split('.')
  if (words.some((w) => w === '')) return false
  const glued = words.filter((w) => w !== '*' && w !== '#' && /[*#]/.test(w))
  return glued.length > 0 && glued.every((w) => /^[^*#]+[*#]$/.test(w) || /^[*#][^*#]+$/.test(w))
}

const unglue = (key: string): string => key.split('.').map((w) => (w === '*' || w === '#' || !/[*#]/.test(w) ? w : w.split(/([*#])/).filter((s) => s !== '').join('.'))).join('.')

function scalarAt(doc: Document, path: DocPath): (Node & { value: unknown; srcToken?: CST.Token }) | undefined {
  const node = doc.getIn(path, true)
  return isScalar(node) ? (node as Node & { value: unknown }) : undefined
}

function setScalar(node: unknown, value: string, type?: 'PLAIN'): boolean {
  const token = (node as { srcToken?: CST.Token }).srcToken
  if (!isScalar(node) || !token) return false
  CST.setScalarValue(token, value, type ? { type } : {})
  return true
}
