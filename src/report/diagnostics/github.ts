import { terminalText } from '../terminal-text.js'
import { summarize, summaryText, type FileReport } from './types.js'

/** Workflow-command data escaping (@actions/core command.ts escapeData). */
export const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
/** Workflow-command property escaping (escapeProperty): also `:` and `,`. */
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/**
 * GitHub Actions annotations, one per line: `::error file=…,line=…,col=…,title=rule::message` (warning and notice
 * for the other severities), then a plain summary line, since GitHub shows only some annotations per step.
 */
export function formatGithub(reports: readonly FileReport[]): string {
  const out: string[] = []
  for (const r of reports) {
    for (const d of r.diagnostics) {
      const cmd = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice'
      const props = [`file=${escapeProperty(terminalText(r.file))}`]
      if (d.pos) props.push(`line=${d.pos.line}`, `col=${d.pos.col}`)
      if (d.endPos) props.push(`endLine=${d.endPos.line}`, `endColumn=${d.endPos.col}`)
      props.push(`title=${escapeProperty(terminalText(d.rule))}`)
      // the message is file text: control characters escaped first (a raw ESC or CR would reach the log), then the
      // workflow-command escaping, which still turns the real newline between message and hint into %0A
      out.push(`::${cmd} ${props.join(',')}::${escapeData(d.hint ? `${terminalText(d.message)}\n${terminalText(d.hint)}` : terminalText(d.message))}`)
    }
  }
  const s = summarize(reports)
  out.push(`rmq-sim lint: ${s.errors + s.warnings + s.infos === 0 ? `no problems in ${s.files} file${s.files === 1 ? '' : 's'}` : summaryText(s)}`)
  return `${out.join('\n')}\n`
}
