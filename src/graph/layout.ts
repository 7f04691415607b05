import type { VhostGraph } from './model.js'
import { nodeSubtitle, nodeTitle } from './model.js'

/** Where the SVG renderer puts a vhost's nodes: a simple layered (Sugiyama-style) layout, computed in Node. */
export interface NodeBox { readonly id: string; readonly x: number; readonly y: number; readonly width: number; readonly height: number }
export interface VhostLayout {
  readonly vhostId: string
  readonly boxes: ReadonlyMap<string, NodeBox>
  readonly width: number
  readonly height: number
}

export const NODE_HEIGHT = 44
const GAP_X = 110
const GAP_Y = 26
const CHAR_WIDTH = 7
export const MAX_LABEL_CHARS = 30

/**
 * Layers by longest path along binding and alternate-exchange edges (dead-letter edges point back and are
 * drawn as back edges; cycles are broken where a depth-first search meets a node on its stack), then a few
 * barycentre sweeps to reduce crossings. Deterministic: the same graph always gets the same picture.
 */
export function layoutVhost(vg: VhostGraph): VhostLayout {
  const ids = vg.nodes.map((n) => n.id)
  const out = new Map<string, string[]>(ids.map((id) => [id, []]))
  const into = new Map<string, string[]>(ids.map((id) => [id, []]))
  for (const e of vg.edges) {
    if (e.kind === 'dead-letter' || e.from === e.to) continue
    out.get(e.from)!.push(e.to)
  }
  // break cycles: drop edges to a node still on the DFS stack
  const state = new Map<string, 1 | 2>()
  const forward = new Map<string, string[]>(ids.map((id) => [id, []]))
  // depth-first discovery order: the first order of each column, so a chain of bindings starts out aligned
  const discovered = new Map<string, number>()
  const visit = (start: string): void => {
    const stack: [string, number][] = [[start, 0]]
    state.set(start, 1)
    discovered.set(start, discovered.size)
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const next = out.get(top[0])![top[1]++]
      if (next === undefined) {
        state.set(top[0], 2)
        stack.pop()
        continue
      }
      if (state.get(next) === 1) continue
      forward.get(top[0])!.push(next)
      into.get(next)!.push(top[0])
      if (state.get(next) === undefined) {
        state.set(next, 1)
        discovered.set(next, discovered.size)
        stack.push([next, 0])
      }
    }
  }
  for (const id of ids) if (state.get(id) === undefined) visit(id)

  // longest path from the sources, in topological order (Kahn)
  const layer = new Map<string, number>(ids.map((id) => [id, 0]))
  const indegree = new Map(ids.map((id) => [id, into.get(id)!.length]))
  const ready = ids.filter((id) => indegree.get(id) === 0)
  while (ready.length > 0) {
    const id = ready.shift()!
    for (const next of forward.get(id)!) {
      layer.set(next, Math.max(layer.get(next)!, layer.get(id)! + 1))
      indegree.set(next, indegree.get(next)! - 1)
      if (indegree.get(next) === 0) ready.push(next)
    }
  }
  // a queue nothing routes to still sits right of the exchanges' first column
  const kinds = new Map(vg.nodes.map((n) => [n.id, n.kind]))
  const hasExchanges = vg.nodes.some((n) => n.kind === 'exchange')
  for (const id of ids) if (kinds.get(id) === 'queue' && into.get(id)!.length === 0 && hasExchanges) layer.set(id, Math.max(layer.get(id)!, 1))

  const columns: string[][] = []
  for (const id of ids) (columns[layer.get(id)!] ??= []).push(id)
  for (let i = 0; i < columns.length; i++) (columns[i] ??= []).sort((a, b) => discovered.get(a)! - discovered.get(b)!)
  const position = new Map<string, number>()
  const renumber = (col: string[]): void => col.forEach((id, i) => position.set(id, i))
  columns.forEach(renumber)
  const barycentre = (id: string, neighbours: readonly string[]): number => {
    const ps = neighbours.map((n) => position.get(n)!).filter((p) => p !== undefined)
    return ps.length === 0 ? position.get(id)! : ps.reduce((a, b) => a + b, 0) / ps.length
  }
  for (let sweep = 0; sweep < 8; sweep++) {
    const down = sweep % 2 === 0
    const order = down ? columns.slice(1) : columns.slice(0, -1).reverse()
    for (const col of order) {
      const key = new Map(col.map((id) => [id, barycentre(id, down ? into.get(id)! : forward.get(id)!)]))
      col.sort((a, b) => key.get(a)! - key.get(b)! || position.get(a)! - position.get(b)!)
      renumber(col)
    }
  }

  // y: each node as close as it can get to the mean y of its neighbours in the previous column, without overlap
  // (a forward pass, a backward pass pulling parents towards their children, and a forward pass again)
  const step = NODE_HEIGHT + GAP_Y
  const y = new Map<string, number>()
  columns.forEach((col) => col.forEach((id, i) => y.set(id, i * step)))
  const place = (col: readonly string[], neighbours: (id: string) => readonly string[]): void => {
    let floor = 0
    for (const id of col) {
      const ys = neighbours(id).map((n) => y.get(n)!)
      const wanted = ys.length === 0 ? floor : ys.reduce((a, b) => a + b, 0) / ys.length
      const at = Math.max(floor, wanted)
      y.set(id, at)
      floor = at + step
    }
  }
  for (const col of columns.slice(1)) place(col, (id) => into.get(id)!)
  for (const col of columns.slice(0, -1).reverse()) place(col, (id) => forward.get(id)!)
  for (const col of columns.slice(1)) place(col, (id) => into.get(id)!)
  // the backward pass may have pushed every node down: start the picture at the top
  let minY = Number.POSITIVE_INFINITY
  for (const v of y.values()) minY = Math.min(minY, v)
  for (const [id, v] of y) y.set(id, v - minY)

  const titles = new Map(vg.nodes.map((n) => [n.id, n]))
  const widthOf = (id: string): number => {
    const n = titles.get(id)!
    const chars = Math.min(MAX_LABEL_CHARS, Math.max(nodeTitle(n).length, nodeSubtitle(n).length))
    return Math.max(120, chars * CHAR_WIDTH + 28)
  }
  const boxes = new Map<string, NodeBox>()
  let x = 0
  let height = 0
  for (const col of columns) {
    const width = col.reduce((w, id) => Math.max(w, widthOf(id)), 0)
    for (const id of col) {
      boxes.set(id, { id, x, y: y.get(id)!, width, height: NODE_HEIGHT })
      height = Math.max(height, y.get(id)! + NODE_HEIGHT)
    }
    x += width + GAP_X
  }
  return { vhostId: vg.id, boxes, width: Math.max(0, x - GAP_X), height }
}
