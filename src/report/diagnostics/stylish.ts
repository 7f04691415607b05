import type { ChalkInstance } from 'chalk'
import { codeFrame, sourceLines } from '../code-frame.js'
import { terminalText } from '../terminal-text.js'
import { summarize, summaryText, type FileReport } from './types.js'

/**
 * Human output, grouped by file: `file:line:col  severity  message  rule`, the source line with a `^`, the hint,
 * and a summary line. Colour only through the chalk instance passed in (level 0 = plain text).
 */
export function formatStylish(reports: readonly FileReport[], chalk: ChalkInstance): string {
  const out: string[] = []
  for (const r of reports) {
    if (r.diagnostics.length === 0) continue
    out.push(chalk.underline(terminalText(r.file)))
    const lines = r.source !== undefined ? sourceLines(r.source) : undefined
    for (const d of r.diagnostics) {
      const where = terminalText(d.pos ? `${r.file}:${d.pos.line}:${d.pos.col}` : r.file)
      const sev = d.severity === 'error' ? chalk.red('error  ') : d.severity === 'warning' ? chalk.yellow('warning') : chalk.blue('info   ')
      out.push(`  ${chalk.dim(where)}  ${sev}  ${terminalText(d.message)}  ${chalk.dim(terminalText(d.rule))}`)
      const frame = lines && d.pos ? codeFrame(lines, d.pos, { dim: chalk.dim, mark: d.severity === 'error' ? chalk.red.bold : chalk.yellow.bold }) : undefined
      if (frame) out.push(frame.split('\n').map((l) => `  ${l}`).join('\n'))
      if (d.hint) out.push(`    ${chalk.cyan('hint:')} ${terminalText(d.hint)}`)
    }
    out.push('')
  }
  const s = summarize(reports)
  if (s.errors + s.warnings + s.infos === 0) return ''
  const colour = s.errors ? chalk.red.bold : s.warnings ? chalk.yellow.bold : chalk.blue.bold
  out.push(colour(`✖ ${summaryText(s)}`))
  return `${out.join('\n')}\n`
}
