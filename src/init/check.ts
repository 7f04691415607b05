import { DEFAULT_VERSION, rulesFor } from '../core/versions.js'
import { lintTopology } from '../lint/lint-topology.js'
import type { Diagnostic } from '../topology/diagnostic.js'
import { parseTopologyText } from '../topology/parse-topology.js'

/** What the linter says about the text init is about to write. */
export interface RenderedCheck {
  readonly errors: readonly Diagnostic[]
  readonly warnings: readonly Diagnostic[]
  /** Every finding, errors first (what a report shows). */
  readonly diagnostics: readonly Diagnostic[]
}

/**
 * Loads the rendered text exactly as `rmq-sim lint` would load the file, and lints it with the rules of the version
 * it names (else the default version). init writes nothing with an error in it.
 */
export function checkRendered(text: string, file: string, version?: string): RenderedCheck {
  const loaded = parseTopologyText(text, file)
  const diagnostics = lintTopology(loaded, rulesFor(version ?? loaded.topology?.rabbitmqVersion ?? DEFAULT_VERSION))
  const errors = diagnostics.filter((d) => d.severity === 'error')
  const warnings = diagnostics.filter((d) => d.severity !== 'error')
  return { errors, warnings, diagnostics: [...errors, ...warnings] }
}
