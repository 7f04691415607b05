import type { LinePos } from '../topology/diagnostic.js'
import { terminalText } from './terminal-text.js'

/** Finds lines of one source text by number; the line-start index is built on first use (files can be large). */
export interface SourceLines {
  line(n: number): string | undefined
}

export function sourceLines(source: string): SourceLines {
  let starts: number[] | undefined
  return {
    line(n) {
      if (!starts) {
        starts = [0]
        for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1)
      }
      const start = starts[n - 1]
      if (start === undefined) return undefined
      const end = starts[n] ?? source.length
      return source.slice(start, end).replace(/\r?\n$/, '')
    },
  }
}

/** Options for codeFrame. */
export interface CodeFrameOptions {
  /** Paint the gutter and the caret. Default: identity */
  readonly dim?: (s: string) => string
  readonly mark?: (s: string) => string
  /** Longest source line shown; longer lines are cut around the column. Default: 160 */
  readonly maxWidth?: number
}

/**
 * The source line at `pos` and a `^` under its column, with a line-number gutter:
 * ```
 *   12 |     routing_key: "order*"
 *      |                  ^
 * ```
 * Tabs are kept (so the caret lines up in a terminal); other control characters are shown escaped (terminalText).
 */
export function codeFrame(lines: SourceLines, pos: LinePos, options: CodeFrameOptions = {}): string | undefined {
  const dim = options.dim ?? ((s: string) => s)
  const mark = options.mark ?? ((s: string) => s)
  const maxWidth = options.maxWidth ?? 160
  let text = lines.line(pos.line)
  if (text === undefined) return undefined
  let col = Math.max(1, pos.col)
  if (text.length > maxWidth) {
    const from = Math.max(0, Math.min(col - 1 - Math.floor(maxWidth / 2), text.length - maxWidth))
    text = (from > 0 ? '…' : '') + text.slice(from, from + maxWidth) + (from + maxWidth < text.length ? '…' : '')
    col = col - from + (from > 0 ? 1 : 0)
  }
  const gutter = String(pos.line)
  const pad = ' '.repeat(gutter.length)
  // control characters and bidi overrides shown as escapes (terminal-text.ts); tabs kept so the caret lines up
  const shown = (s: string): string => s.split('\t').map(terminalText).join('\t')
  const caretPad = [...shown(text.slice(0, col - 1))].map((c) => (c === '\t' ? c : ' ')).join('')
  return `${dim(`  ${gutter} |`)} ${shown(text)}\n${dim(`  ${pad} |`)} ${caretPad}${mark('^')}`
}
