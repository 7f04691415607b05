import type { Diagnostic } from '../../topology/diagnostic.js'
import type { SuppressedDiagnostic } from '../../lint/suppressions.js'

/** The diagnostics of one linted file, as every formatter takes them. */
export interface FileReport {
  /** The file as the user should read it: relative to the working directory, with "/" separators. */
  readonly file: string
  readonly diagnostics: readonly Diagnostic[]
  /** The file's text, for code frames (stylish only). */
  readonly source?: string
  /** Findings a `# rmq-sim-disable…` comment suppressed: not counted, shown only in json and sarif. */
  readonly suppressed?: readonly SuppressedDiagnostic[]
  /** The object a finding is about (`queue orders`), for junit test case names. Default: its document path */
  readonly objectOf?: (d: Diagnostic) => string | undefined
}

export interface Summary {
  readonly files: number
  readonly errors: number
  readonly warnings: number
  readonly infos: number
}

export function summarize(reports: readonly FileReport[]): Summary {
  let errors = 0, warnings = 0, infos = 0
  for (const r of reports) {
    for (const d of r.diagnostics) {
      if (d.severity === 'error') errors++
      else if (d.severity === 'warning') warnings++
      else infos++
    }
  }
  return { files: reports.length, errors, warnings, infos }
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** "3 problems (1 error, 2 warnings)", infos mentioned only when there are some. */
export function summaryText(s: Summary): string {
  const total = s.errors + s.warnings + s.infos
  return `${plural(total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${s.infos ? `, ${plural(s.infos, 'info')}` : ''})`
}
