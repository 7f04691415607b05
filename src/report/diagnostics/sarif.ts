import type { Diagnostic, Severity } from '../../topology/diagnostic.js'
import type { SuppressedDiagnostic } from '../../lint/suppressions.js'
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
  /** Absolute directory the artifact URIs are relative to (%SRCROOT% in originalUriBaseIds). Default: none given */
  readonly srcRoot?: string
}

/**
 * Where rmq-sim's docs are published, from its package.json: a GitHub (or GitLab) `repository` gives
 * `<repo>/blob/HEAD/`, else `homepage` (without a `#readme` fragment) with a trailing slash. undefined when neither
 * is set: no URL is invented.
 */
export function docsBaseFromPackage(pkg: { readonly homepage?: string; readonly repository?: string | { readonly url?: string } }): string | undefined {
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url
  if (repo) {
    const short = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(repo)
    const url = short ? `https://github.com/${short[1]}` : repo.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^git:\/\//, 'https://').replace(/^ssh:\/\/git@/, 'https://')
    if (/^https:\/\/(github\.com|gitlab\.com)\//.test(url)) return `${url}/${url.includes('gitlab.com') ? '-/blob' : 'blob'}/HEAD/`
  }
  if (pkg.homepage && /^https?:\/\//.test(pkg.homepage)) {
    const base = pkg.homepage.replace(/#.*$/, '')
    return base.endsWith('/') ? base : `${base}/`
  }
  return undefined
}

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' }

/** SARIF `suppressions` for a finding a comment suppressed (its reason as `justification`); none otherwise. */
function suppressionsOf(d: Diagnostic | SuppressedDiagnostic): { suppressions?: { kind: 'inSource'; justification?: string }[] } {
  if (!('suppression' in d)) return {}
  const j = d.suppression.justification
  return { suppressions: [{ kind: d.suppression.kind, ...(j !== undefined ? { justification: j } : {}) }] }
}

/** The first sentence of a description (SARIF shortDescription); the whole text is fullDescription. */
const firstSentence = (text: string): string => /^.*?[.:](?=\s|$)/.exec(text)?.[0].replace(/:$/, '.') ?? text

/** file:///abs/dir/ (trailing slash: SARIF requires it for a base URI). */
const dirUri = (dir: string): string => `file://${dir.split(/[\\/]/).map(encodeURIComponent).join('/').replace(/^(?!\/)/, '/')}${dir.endsWith('/') ? '' : '/'}`

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
      shortDescription: { text: firstSentence(info?.description ?? id) },
      fullDescription: { text: info?.description ?? id },
      help: { text: `${info?.description ?? id} See ${ruleDocPath(id)}.` },
      ...(options.docsBaseUri ? { helpUri: new URL(ruleDocPath(id), options.docsBaseUri).href } : {}),
      defaultConfiguration: { level: LEVEL[info?.severity ?? 'warning'] },
    }
  })
  const results = reports.flatMap((r) => [...r.diagnostics, ...(r.suppressed ?? [])].map((d) => ({
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
    ...suppressionsOf(d),
  })))
  const sarif = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'rmq-sim', version: options.toolVersion, ...(options.docsBaseUri ? { informationUri: options.docsBaseUri } : {}), rules } },
      ...(options.srcRoot ? { originalUriBaseIds: { '%SRCROOT%': { uri: dirUri(options.srcRoot) } } } : {}),
      results,
    }],
  }
  return `${JSON.stringify(sarif, null, 2)}\n`
}
