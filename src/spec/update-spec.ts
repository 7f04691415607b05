import { isSeq, parseDocument } from 'yaml'

/** One `exactly` expectation to rewrite: the case index and the queues the route reaches now. */
export interface SnapshotAnswer {
  readonly index: number
  readonly queues: readonly string[]
}

/**
 * Snapshot mode (`rmq-sim test --update`): writes the current answers into `exactly` expectations with yaml's
 * Document API, so comments, key order and the other cases stay as they were; a flow list (`[a, b]`) stays a
 * flow list. Returns the new text.
 */
export function updateSpecText(text: string, answers: readonly SnapshotAnswer[]): string {
  const doc = parseDocument(text)
  for (const a of answers) {
    const path = ['cases', a.index, 'expect', 'exactly']
    const old = doc.getIn(path, true)
    const node = doc.createNode([...a.queues])
    if (isSeq(old)) {
      node.flow = old.flow ?? false
      if (old.commentBefore) node.commentBefore = old.commentBefore
      if (old.comment) node.comment = old.comment
    } else node.flow = true
    doc.setIn(path, node)
  }
  return doc.toString()
}
