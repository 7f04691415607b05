import { isSeq, parseDocument } from 'yaml'

/** One `exactly` expectation to rewrite: the case index and the queues the route reaches now. */
export interface SnapshotAnswer {
  readonly index: number
  readonly queues: readonly string[]
}

/**
 * Snapshot mode (`rmq-sim test --update`): writes the current answers into `exactly` expectations. Only the
 * text of each list is replaced (found through yaml's Document API), so every other byte, comments included,
 * stays as it was; a flow list (`[a, b]`) stays a flow list and a block list a block list. Returns the new text.
 */
export function updateSpecText(text: string, answers: readonly SnapshotAnswer[]): string {
  const doc = parseDocument(text)
  const edits: { start: number; end: number; replacement: string }[] = []
  for (const a of answers) {
    const node = doc.getIn(['cases', a.index, 'expect', 'exactly'], true)
    if (!isSeq(node) || !node.range) continue
    const [start, end] = node.range
    const items = a.queues.map(scalar)
    let replacement: string
    if (node.flow || items.length === 0) replacement = `[${items.join(', ')}]`
    else {
      const lineStart = text.lastIndexOf('\n', start - 1) + 1
      const indent = ' '.repeat(start - lineStart)
      replacement = items.map((q) => `- ${q}`).join(`\n${indent}`)
    }
    // a block list's range runs to the start of the next line: keep that line break
    const body = text.slice(start, end)
    const trailing = /\s*$/.exec(body)?.[0] ?? ''
    edits.push({ start, end: end - trailing.length, replacement })
  }
  edits.sort((x, y) => y.start - x.start)
  let out = text
  for (const e of edits) out = out.slice(0, e.start) + e.replacement + out.slice(e.end)
  return out
}

/**
 * A queue name as a plain scalar when it is plainly a name (safe in flow and block lists alike), else
 * double-quoted: a JSON string is a valid YAML double-quoted scalar.
 */
function scalar(name: string): string {
  return /^[A-Za-z_][\w.\-/]*$/.test(name) && !/^(?:true|false|null|yes|no|on|off|y|n)$/i.test(name) ? name : JSON.stringify(name)
}
