import type { Severity } from '../../topology/diagnostic.js'
import { RULES, ruleDocPath, ruleInfo } from '../../lint/catalogue.js'
import type { FileReport } from './types.js'

export interface SarifOptions {
  /** rmq-sim's version, for tool.driver.version. */
  readonly toolVersion: string
  /**
   * Where the package's files are published (e.g. `https://github.com/<owner>/rmq-sim/blob/main/`): rules then get an
   * absolute `helpUri` into docs/lint-rules.md, and the driver an `informationUri`. Default: none (rules carry
   * `help.text` naming the doc instead of inventing a URL)
   */
  readonly docsBaseUri?: string
}

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' }

/** A repo-relative URI: "/" separators, each segment percent-encoded (spaces, #, ?). */
const toUri = (file: string): string => file.split(/[\\/]/).map(encodeURIComponent).join('/')

/**
 * SARIF 2.1.0 for GitHub code scanning: tool.driver.rules from the lint catalogue (plus any loader id that occurred),
 * one result per diagnostic with ruleId/ruleIndex, level error|warning|note, a repo-relative artifact URI and a
 * 1-based region, and a partial fingerprint from the rule and document path (stable when lines move).
 */
export function formatSarif(reports: readonly FileReport[], options: SarifOptions): string {
  const ids = [...RULES.keys()]
  for (const r of reports) for (const d of r.diagnostics) if (!ids.includes(d.rule)) ids.push(d.rule)
  const index = new Map(ids.map((id, i) => [id, i]))
  const rules = ids.map((id) => {
    const info = ruleInfo(id)
    return {
      id,
      shortDescription: { text: info?.description ?? id },
      help: { text: `${info?.description ?? id} See ${ruleDocPath(id)}.` },
      ...(options.docsBaseUri ? { helpUri: new URL(ruleDocPath(id), options.docsBaseUri).href } : {}),
      defaultConfiguration: { level: LEVEL[info?.severity ?? 'warning'] },
    }
  })
  const results = reports.flatMap((r) => r.diagnostics.map((d) => ({
    ruleId: d.rule,
    ruleIndex: index.get(d.rule)!,
    level: LEVEL[d.severity],
    message: { text: d.hint ? `${d.message}\n${d.hint}` : d.message },
    locations: [{
      physicalLocation: {
        // files outside the working directory keep an absolute file: URI (no base to be relative to)
        artifactLocation: r.file.startsWith('/') ? { uri: `file://${toUri(r.file)}` } : { uri: toUri(r.file), uriBaseId: '%SRCROOT%' },
        ...(d.pos ? { region: { startLine: d.pos.line, startColumn: d.pos.col, ...(d.endPos ? { endLine: d.endPos.line, endColumn: d.endPos.col } : {}) } } : {}),
      },
    }],
    partialFingerprints: { 'rmqSimPath/v1': `${d.rule}:${JSON.stringify(d.path)}` },
  })))
  const sarif = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'rmq-sim', version: options.toolVersion, ...(options.docsBaseUri ? { informationUri: options.docsBaseUri } : {}), rules } },
      results,
    }],
  }
  return `${JSON.stringify(sarif, null, 2)}\n`
}
