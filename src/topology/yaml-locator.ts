import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml'
import type { Document, Node, Pair, YAMLMap } from 'yaml'
import type { DocPath } from '../core/model.js'

/**
 * Finds nodes of a parsed YAML document by model path (`['exchanges', 'orders', 'type']`), as
 * `doc.getIn(path, true)` would, but: keys compare as the strings toJS makes of them, aliases are followed,
 * and the pairs of big maps are indexed once (a 10k-queue map is not scanned once per lookup).
 */
export interface YamlLocator {
  /** The node at `path` (a scalar, map or sequence), or null for an empty value (`my.queue:`); undefined if absent. */
  node(path: DocPath): Node | null | undefined
  /**
   * Source offset for `path`: `value` is the value's start, `key` the key of the last map step; `auto` shows
   * collections and empty values at their key and scalars at the value. When the path does not exist, the
   * deepest existing step is used.
   */
  offset(path: DocPath, mode?: 'key' | 'value' | 'auto'): number | undefined
  /** Like offset, with the end of what is pointed at (for editors' and code scanning's underlines). */
  span(path: DocPath, mode?: 'key' | 'value' | 'auto'): { start: number; end: number } | undefined
}

const INDEX_THRESHOLD = 16

export function createYamlLocator(doc: Document): YamlLocator {
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>()

  const findPair = (map: YAMLMap, key: string): Pair | undefined => {
    const items = map.items as Pair[]
    if (items.length < INDEX_THRESHOLD) {
      for (const p of items) if (keyString(p.key) === key) return p
      return undefined
    }
    let index = indexes.get(map)
    if (index === undefined) {
      index = new Map()
      for (const p of items) {
        const k = keyString(p.key)
        if (k !== undefined && !index.has(k)) index.set(k, p)
      }
      indexes.set(map, index)
    }
    return index.get(key)
  }

  const resolve = (n: unknown): unknown => {
    let cur = n
    // a few hops at most: alias → anchored node; guard against alias chains anyway
    for (let i = 0; i < 8 && isAlias(cur); i++) cur = cur.resolve(doc)
    return cur
  }

  type Walked = { node: unknown; pair?: Pair; complete: boolean; trail: { node: unknown; pair?: Pair }[] }
  const walk = (path: DocPath): Walked => {
    let node: unknown = resolve(doc.contents)
    let pair: Pair | undefined
    const trail: { node: unknown; pair?: Pair }[] = [{ node }]
    for (const seg of path) {
      if (isMap(node)) {
        const p = findPair(node, String(seg))
        if (p === undefined) return { node, pair, complete: false, trail }
        pair = p
        node = resolve(p.value)
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg]
        if (item === undefined) return { node, pair, complete: false, trail }
        pair = undefined
        node = resolve(item)
      } else {
        return { node, pair, complete: false, trail }
      }
      trail.push(pair === undefined ? { node } : { node, pair })
    }
    return { node, pair, complete: true, trail }
  }

  const startOf = (n: unknown): number | undefined => {
    if (isPair(n)) return startOf(n.key) ?? startOf(n.value)
    const range = (n as { range?: readonly number[] } | null)?.range
    return range?.[0]
  }

  return {
    node(path) {
      const w = walk(path)
      if (!w.complete) return undefined
      return (w.node ?? null) as Node | null
    },
    offset(path, mode = 'auto') {
      return this.span(path, mode)?.start
    },
    span(path, mode = 'auto') {
      const w = walk(path)
      const key = w.pair?.key
      const keySpan = key !== undefined && key !== null ? spanOf(key) : undefined
      const nodeSpan = spanOf(w.node)
      if (!w.complete) {
        // the deepest existing step: its key if it has one, else the node itself
        return keySpan ?? nodeSpan ?? { start: 0, end: 0 }
      }
      if (mode === 'key') return keySpan ?? nodeSpan
      if (mode === 'value') return nodeSpan ?? keySpan
      const scalarValue = isScalar(w.node) && w.node.value !== null
      return scalarValue ? nodeSpan : keySpan ?? nodeSpan
    },
  }
}

/** A node's source span (start, end of its value). Collections span to their last item: callers show their key instead. */
function spanOf(n: unknown): { start: number; end: number } | undefined {
  const range = (n as { range?: readonly number[] } | null)?.range
  const start = range?.[0]
  return start === undefined ? undefined : { start, end: range?.[1] ?? start }
}

/** A map key as toJS turns it into an object key (`1.0:` becomes "1"); undefined for collection keys. */
export function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value)
  if (key === null || key === undefined) return ''
  return undefined
}
