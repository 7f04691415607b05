import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml'

/** Default for --max-alias-expansion: aliases may make the document this many times the size of the file. */
export const DEFAULT_MAX_ALIAS_EXPANSION = 20
/** Whatever the factor, an expanded document up to this size (in source characters) is accepted. */
export const ALIAS_EXPANSION_FLOOR = 1024 * 1024

/**
 * The document's size with every alias replaced by the node it names, in source characters (a scalar counts its
 * source text, a collection 2 plus its entries). Each node is measured once and an alias reuses its anchor's
 * measure, so a "billion laughs" file (9 levels of 9 aliases) is measured in as many steps as it has nodes,
 * without expanding anything. Iterative: deep documents cannot overflow the stack. An alias to an enclosing
 * node (a cycle) measures Infinity.
 *
 * yaml's own guard (maxAliasCount) counts alias uses, which refuses one anchor shared by 150 queues; this
 * measures what the aliases cost instead.
 */
export function expandedSize(doc: Document.Parsed): number {
  const anchors = new Map<string, unknown>()
  const size = new Map<unknown, number>()
  // frames: the node, its children (document order), how many are done, their running sum
  type Frame = { node: unknown; children: unknown[]; next: number; sum: number }
  const frameOf = (node: unknown): Frame => {
    const anchor = (node as { anchor?: string } | null)?.anchor
    if (typeof anchor === 'string') anchors.set(anchor, node)
    let children: unknown[] = []
    if (isMap(node)) children = node.items.flatMap((pair) => [pair.key, pair.value])
    else if (isSeq(node)) children = node.items
    else if (isPair(node)) children = [node.key, node.value]
    return { node, children, next: 0, sum: 0 }
  }
  const leaf = (node: unknown): number | undefined => {
    if (node === null || node === undefined) return 0
    if (isAlias(node)) {
      const target = anchors.get(node.source)
      if (target === undefined) return 0 // yaml reports the unknown anchor itself
      return size.get(target) ?? Infinity // not measured yet: the alias is inside its own anchor
    }
    if (isScalar(node)) {
      const r = node.range
      return r ? Math.max(1, r[1] - r[0]) : 1
    }
    return undefined
  }
  const root = doc.contents
  const first = leaf(root)
  if (first !== undefined) return first
  const stack: Frame[] = [frameOf(root)]
  let result = 0
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!
    if (top.next < top.children.length) {
      const child = top.children[top.next++]
      const known = leaf(child)
      if (known !== undefined) top.sum += known
      else stack.push(frameOf(child))
      continue
    }
    stack.pop()
    const total = top.sum + (isPair(top.node) ? 0 : 2)
    size.set(top.node, total)
    if (stack.length > 0) stack[stack.length - 1]!.sum += total
    else result = total
  }
  return result
}

/** The largest expanded size accepted for a file of `sourceLength` characters. */
export function aliasExpansionLimit(sourceLength: number, factor: number = DEFAULT_MAX_ALIAS_EXPANSION): number {
  return Math.max(ALIAS_EXPANSION_FLOOR, factor * sourceLength)
}
