import type { Diagnostic } from '../topology/diagnostic.js'

/** One `# rmq-sim-…` comment in a YAML file. */
export interface Directive {
  readonly kind: 'disable-next-line' | 'disable-line' | 'disable' | 'enable'
  /** Rule ids named; empty means every rule. */
  readonly rules: readonly string[]
  /** The text after ` -- `, kept in JSON and SARIF output. */
  readonly reason?: string
  /** Where the comment's `#` is (1-based). */
  readonly line: number
  readonly col: number
}

/** A finding a directive suppressed, with why. */
export type SuppressedDiagnostic = Diagnostic & { readonly suppression: { readonly kind: 'inSource'; readonly justification?: string } }

const DIRECTIVE = /(?:^|[ \t])#[ \t]*rmq-sim-(disable-next-line|disable-line|disable|enable)(?=[ \t]|$)(.*)$/

/**
 * The suppression comments of a YAML source, in order: `# rmq-sim-disable-next-line a/b, c/d -- reason`, the
 * end-of-line form `key: value  # rmq-sim-disable-line a/b`, and `# rmq-sim-disable a/b` … `# rmq-sim-enable a/b`
 * blocks (no rule named: every rule). A comment is a `#` at a line start or after a blank, as YAML has it; a `#`
 * inside a quoted scalar that looks like a directive would be read as one (an accepted approximation).
 */
export function parseDirectives(source: string): Directive[] {
  if (!source.includes('rmq-sim-')) return []
  const out: Directive[] = []
  const lines = source.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!
    if (!text.includes('rmq-sim-')) continue
    const m = DIRECTIVE.exec(text.replace(/\r$/, ''))
    if (!m) continue
    const [body, reason] = splitReason(m[2]!)
    const rules = body.split(/[\s,]+/).filter((s) => s !== '')
    const hash = m.index + m[0].indexOf('#')
    out.push({ kind: m[1] as Directive['kind'], rules, ...(reason !== undefined ? { reason } : {}), line: i + 1, col: hash + 1 })
  }
  return out
}

function splitReason(rest: string): [string, string | undefined] {
  const at = rest.search(/(^|\s)--(\s|$)/)
  if (at === -1) return [rest, undefined]
  const reason = rest.slice(at).replace(/^\s*--\s*/, '').trim()
  return [rest.slice(0, at), reason === '' ? undefined : reason]
}

/** A directive (and one of its rules, or all) that suppressed nothing. */
export interface UnusedDirective { readonly directive: Directive; readonly rule?: string }

interface Range { readonly directive: Directive; readonly rules: ReadonlySet<string> | undefined; readonly except: ReadonlySet<string>; readonly from: number; to: number }

/**
 * Splits findings into those still reported and those a directive suppresses, and lists the directives (per rule
 * named) that suppressed nothing. A finding without a position cannot be suppressed.
 */
export function applySuppressions(diagnostics: readonly Diagnostic[], directives: readonly Directive[]): {
  active: Diagnostic[]; suppressed: SuppressedDiagnostic[]; unused: UnusedDirective[]
} {
  const ranges: Range[] = []
  const open: Range[] = []
  for (const d of directives) {
    if (d.kind === 'disable-next-line' || d.kind === 'disable-line') {
      const line = d.kind === 'disable-line' ? d.line : d.line + 1
      ranges.push({ directive: d, rules: d.rules.length ? new Set(d.rules) : undefined, except: new Set(), from: line, to: line })
    } else if (d.kind === 'disable') {
      const r: Range = { directive: d, rules: d.rules.length ? new Set(d.rules) : undefined, except: new Set(), from: d.line, to: Number.POSITIVE_INFINITY }
      ranges.push(r)
      open.push(r)
    } else {
      for (const r of open.splice(0)) {
        r.to = d.line
        if (d.rules.length === 0) continue
        // `enable x` after `disable` (all, or several rules): the others stay disabled
        const left = r.rules ? new Set([...r.rules].filter((x) => !d.rules.includes(x))) : undefined
        if (left && left.size === 0) continue
        const next: Range = { directive: r.directive, rules: left, except: new Set([...r.except, ...(left ? [] : d.rules)]), from: d.line, to: Number.POSITIVE_INFINITY }
        ranges.push(next)
        open.push(next)
      }
    }
  }
  const used = new Map<Directive, Set<string>>()
  const active: Diagnostic[] = []
  const suppressed: SuppressedDiagnostic[] = []
  for (const diag of diagnostics) {
    const line = diag.pos?.line
    const hit = line === undefined ? undefined : ranges.find((r) => line >= r.from && line <= r.to && covers(r, diag.rule))
    if (!hit) { active.push(diag); continue }
    const u = used.get(hit.directive) ?? new Set<string>()
    u.add(hit.rules ? [...hit.rules].find((x) => diag.rule === x || diag.rule.startsWith(`${x}/`))! : '*')
    used.set(hit.directive, u)
    suppressed.push({ ...diag, suppression: { kind: 'inSource', ...(hit.directive.reason !== undefined ? { justification: hit.directive.reason } : {}) } })
  }
  const unused: UnusedDirective[] = []
  for (const d of directives) {
    if (d.kind === 'enable') continue
    const u = used.get(d)
    if (d.rules.length === 0) { if (!u) unused.push({ directive: d }); continue }
    for (const rule of d.rules) if (!u?.has(rule)) unused.push({ directive: d, rule })
  }
  return { active, suppressed, unused }
}

/** A rule named in a directive covers its own id and, for a family name (`schema`), the family's ids. */
function covers(r: Range, rule: string): boolean {
  const named = (set: ReadonlySet<string>) => set.has(rule) || set.has(rule.slice(0, Math.max(0, rule.indexOf('/'))))
  if (named(r.except)) return false
  return r.rules === undefined || named(r.rules)
}
