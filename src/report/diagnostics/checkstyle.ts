import type { FileReport } from './types.js'
import { xmlText } from '../xml-text.js'

/**
 * Checkstyle XML (as eslint's checkstyle formatter writes it, read by Jenkins warnings-ng, reviewdog, SonarQube):
 * <file name> per linted file, <error line column severity message source> per finding; info is `info`.
 */
export function formatCheckstyle(reports: readonly FileReport[]): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">']
  for (const r of reports) {
    out.push(`  <file name="${xmlText(r.file)}">`)
    for (const d of r.diagnostics) {
      const pos = d.pos ? `line="${d.pos.line}" column="${d.pos.col}" ` : 'line="0" column="0" '
      out.push(`    <error ${pos}severity="${d.severity}" message="${xmlText(d.hint ? `${d.message} (${d.hint})` : d.message)}" source="rmq-sim.${xmlText(d.rule)}"/>`)
    }
    out.push('  </file>')
  }
  out.push('</checkstyle>')
  return `${out.join('\n')}\n`
}
