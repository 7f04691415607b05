import type { DocPath, Topology } from '../core/model.js'
import type { Diagnostic, LinePos, Severity } from '../topology/diagnostic.js'
import type { LoadedTopology } from '../topology/loaded-topology.js'

/** A name declared twice in a definitions export (YAML maps cannot repeat keys: yaml/duplicate-key). */
export interface DuplicateDeclaration {
  readonly kind: 'exchange' | 'queue' | (string & {})
  readonly name: string
  readonly vhost?: string
  readonly path: DocPath
  readonly firstPath?: DocPath
}

/**
 * What the linter needs from a loaded file: the fields of topology/load.ts's LoadedTopology it reads
 * (structural, so the linter can be tested with hand-built models).
 */
export interface LintInput {
  readonly file: string
  readonly format?: LoadedTopology['format']
  /** undefined when the file has load errors: only those are reported. */
  readonly topology?: Topology
  /** The loader's own diagnostics (yaml/*, schema/*, io/*, defs/*), reported first. */
  readonly diagnostics: readonly Diagnostic[]
  locate?(path: DocPath): LinePos | undefined
  readonly definitionsShape?: 'rabbitmqctl' | 'api' | 'api-vhost'
  /** The export leaves out internal exchanges (rabbitmqctl export_definitions). Default: definitionsShape === 'rabbitmqctl' */
  readonly omitsInternalExchanges?: boolean
  readonly duplicates?: readonly DuplicateDeclaration[]
  /** Rule options from the lint config (config/rule-options.ts), by rule id. Default: none */
  readonly ruleOptions?: ReadonlyMap<string, Readonly<Record<string, unknown>>>
}

/** A finding before it gets its file and position. Severity defaults to the catalogue's. */
export interface Finding {
  readonly rule: string
  readonly message: string
  readonly hint?: string
  readonly path: DocPath
  readonly severity?: Severity
}

export type Report = (finding: Finding) => void
