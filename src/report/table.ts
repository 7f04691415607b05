/** A table cell: plain text (measured) and an optional style applied after padding (colour never skews widths). */
export interface Cell {
  readonly text: string
  readonly style?: (s: string) => string
}

export const cell = (text: string, style?: (s: string) => string): Cell => (style ? { text, style } : { text })

/** Left-aligned columns separated by two spaces; trailing spaces trimmed. */
export function renderTable(rows: readonly (readonly Cell[])[], indent = '  '): string[] {
  const widths: number[] = []
  for (const row of rows) row.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, [...c.text].length) })
  return rows.map((row) => {
    const parts = row.map((c, i) => {
      const pad = i === row.length - 1 ? '' : ' '.repeat((widths[i] ?? 0) - [...c.text].length)
      return (c.style ? c.style(c.text) : c.text) + pad
    })
    return (indent + parts.join('  ')).trimEnd()
  })
}
