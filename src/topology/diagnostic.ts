import type { DocPath } from '../core/model.js'

export type LinePos = { readonly line: number; readonly col: number }
export type Severity = 'error' | 'warning' | 'info'

/**
 * One problem found in a topology file: YAML syntax, schema, or a lint rule. Values, collected, not thrown.
 * `rule` uses one scheme for everything: 'yaml/syntax', 'schema/type', 'ref/unknown-queue', ...
 */
export interface Diagnostic {
  readonly rule: string
  readonly severity: Severity
  readonly message: string
  readonly hint?: string
  readonly file: string
  readonly path: DocPath
  readonly pos?: LinePos
  readonly endPos?: LinePos
}
