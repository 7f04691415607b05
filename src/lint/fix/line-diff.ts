/**
 * A unified diff of two texts whose fixes changed lines in place (--fix edits scalars, never adds or removes lines):
 * one hunk per changed line, no context. When the line counts differ, one hunk replaces the whole text.
 */
export function lineDiff(file: string, before: string, after: string): string {
  if (before === after) return ''
  const a = before.split('\n')
  const b = after.split('\n')
  const out = [`--- a/${file}`, `+++ b/${file}`]
  if (a.length !== b.length) {
    out.push(`@@ -1,${a.length} +1,${b.length} @@`, ...a.map((l) => `-${l}`), ...b.map((l) => `+${l}`))
    return `${out.join('\n')}\n`
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue
    out.push(`@@ -${i + 1},1 +${i + 1},1 @@`, `-${a[i]}`, `+${b[i]}`)
  }
  return `${out.join('\n')}\n`
}
