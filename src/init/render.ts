import { isMap, isScalar, isSeq, parseDocument, Scalar, type Pair, type YAMLMap, type YAMLSeq } from 'yaml'
import { topologyToYaml } from '../topology/write-yaml.js'
import { draftToTopology, orderForFile, type Draft } from './draft.js'

export interface RenderOptions {
  /** The `$schema` value of the modeline (a relative path or a URL; see schema-ref.ts). */
  readonly schema: string
  /** Comment lines written under the modeline, before the content. Default: none */
  readonly header?: readonly string[]
}

/** `# yaml-language-server: $schema=...`: editors using yaml-language-server then complete and check the file. */
export function modeline(schema: string): string {
  return `# yaml-language-server: $schema=${schema}`
}

const commentText = (lines: readonly string[]): string => lines.map((l) => (l === '' ? '' : ` ${l}`)).join('\n')

/**
 * The file `rmq-sim init` writes for a draft: bindings of the dead-letter exchanges init made last (orderForFile), the model written by the shared YAML writer (topologyToYaml, so the
 * file reads back to the same model), with the modeline first, the header comment, each entity's comment above it,
 * and a blank line between sections.
 */
export function renderDraft(entered: Draft, options: RenderOptions): string {
  const draft = orderForFile(entered)
  const doc = parseDocument(topologyToYaml(draftToTopology(draft)))
  const root = doc.contents
  if (isMap(root)) {
    root.commentBefore = undefined
    const items = (root as YAMLMap).items as Pair[]
    items.forEach((pair, i) => {
      if (i > 0 && isScalar(pair.key) && ['exchanges', 'queues', 'bindings'].includes(String(pair.key.value))) pair.key.spaceBefore = true
    })
    commentEntities(root.get('exchanges', true), draft.exchanges)
    const queues = root.get('queues', true)
    commentEntities(queues, draft.queues)
    // `audit:` rather than `audit: null`: a queue with every default reads better with nothing after its name
    if (isMap(queues)) {
      for (const pair of (queues as YAMLMap).items as Pair[]) {
        // topologyToYaml writes such a queue `audit: {}`; init's files say `audit:`
        if (isMap(pair.value) && pair.value.items.length === 0) { const empty = new Scalar(null); empty.source = ''; pair.value = empty }
      }
    }
    const bindings = root.get('bindings', true)
    if (isSeq(bindings)) {
      ;(bindings as YAMLSeq).items.forEach((node, i) => {
        const comment = draft.bindings[i]?.comment
        if (comment && (isMap(node) || isScalar(node))) node.commentBefore = commentText(comment.split('\n'))
      })
    }
  }
  doc.commentBefore = commentText([modeline(options.schema).slice(2), ...(options.header ?? [])])
  return doc.toString({ lineWidth: 0 })
}

function commentEntities(node: unknown, entities: readonly { readonly name: string; readonly comment?: string }[]): void {
  if (!isMap(node)) return
  const comments = new Map(entities.filter((e) => e.comment).map((e) => [e.name, e.comment!]))
  for (const pair of (node as YAMLMap).items as Pair[]) {
    if (!isScalar(pair.key)) continue
    const c = comments.get(String(pair.key.value))
    if (c) pair.key.commentBefore = commentText(c.split('\n'))
  }
}
