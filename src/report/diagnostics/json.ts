import type { Diagnostic } from '../../topology/diagnostic.js'
import { summarize, type FileReport, type Summary } from './types.js'

/** One diagnostic in `--format json` (documented in docs/lint-rules.md; fields are never removed). */
export interface JsonDiagnostic {
  readonly rule: string
  readonly severity: 'error' | 'warning' | 'info'
  readonly message: string
  /** null when the rule has no hint for this finding */
  readonly hint: string | null
  /** 1-based; null when no position is known (e.g. an unreadable file) */
  readonly line: number | null
  readonly col: number | null
  /** Where in the document: keys and list indexes, e.g. ["bindings", 3, "routing_key"] */
  readonly path: readonly (string | number)[]
}

/** A suppressed finding: the same fields, and the comment's reason (null when it gave none). */
export interface JsonSuppressed extends JsonDiagnostic {
  readonly suppression: { readonly kind: 'inSource'; readonly justification: string | null }
}

export interface JsonReport {
  readonly files: readonly { readonly file: string; readonly diagnostics: readonly JsonDiagnostic[]; readonly suppressed: readonly JsonSuppressed[] }[]
  readonly summary: Summary
}

/** The machine-readable report: every file (clean ones too, with an empty list) and the totals. */
export function toJsonReport(reports: readonly FileReport[]): JsonReport {
  return {
    files: reports.map((r) => ({
      file: r.file,
      diagnostics: r.diagnostics.map(toJson),
      suppressed: (r.suppressed ?? []).map((d) => ({ ...toJson(d), suppression: { kind: d.suppression.kind, justification: d.suppression.justification ?? null } })),
    })),
    summary: summarize(reports),
  }
}

const toJson = (d: Diagnostic): JsonDiagnostic => ({
  rule: d.rule, severity: d.severity, message: d.message, hint: d.hint ?? null,
  line: d.pos?.line ?? null, col: d.pos?.col ?? null, path: d.path,
})

export const formatJson = (reports: readonly FileReport[]): string => `${JSON.stringify(toJsonReport(reports), null, 2)}\n`
