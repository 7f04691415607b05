import { terminalText } from '../report/terminal-text.js'
import { layoutVhost, MAX_LABEL_CHARS, type NodeBox } from './layout.js'
import { nodeSubtitle, nodeTitle, type GraphEdge, type GraphNode, type TopologyGraph } from './model.js'
import type { GraphRoute } from './mermaid.js'
import { EDGE_COLOUR, nodeFill } from './style.js'

/** Text for SVG/HTML content and attributes: XML-escaped, control characters made visible first. */
export function xmlText(s: string): string {
  return terminalText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const PAD = 24
const TITLE = 26

function shorten(s: string): string {
  const chars = [...s]
  return chars.length <= MAX_LABEL_CHARS ? s : `${chars.slice(0, MAX_LABEL_CHARS - 1).join('')}…`
}

function nodeShape(n: GraphNode, b: NodeBox): string {
  const { x, y, width: w, height: h } = b
  const attrs = `fill="${nodeFill(n)}" class="shape"`
  if (n.kind === 'queue') {
    // a cylinder on its side reads as "queue"
    const r = 8
    return `<path d="M${x + r},${y} H${x + w - r} A${r},${h / 2} 0 0 1 ${x + w - r},${y + h} H${x + r} A${r},${h / 2} 0 0 1 ${x + r},${y} Z" ${attrs}${n.type === 'quorum' ? ' stroke-width="3"' : ''}/>`
      + `<path d="M${x + w - r},${y} A${r},${h / 2} 0 0 0 ${x + w - r},${y + h}" fill="none" class="shape"/>`
  }
  const k = 12
  switch (n.missing === true ? 'missing' : n.type) {
    case 'topic': return `<polygon points="${x + k},${y} ${x + w - k},${y} ${x + w},${y + h / 2} ${x + w - k},${y + h} ${x + k},${y + h} ${x},${y + h / 2}" ${attrs}/>`
    case 'fanout': return `<polygon points="${x},${y} ${x + w},${y} ${x + w - k},${y + h} ${x + k},${y + h}" ${attrs}/>`
    case 'headers': return `<polygon points="${x + k},${y} ${x + w},${y} ${x + w - k},${y + h} ${x},${y + h}" ${attrs}/>`
    case 'direct': return `<rect x="${x}" y="${y}" width="${w}" height="${h}" ${attrs}/>`
    default: return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="14" ${attrs}${n.missing === true ? ' stroke-dasharray="5 3"' : ''}/>`
  }
}

function edgePath(a: NodeBox, b: NodeBox, kind: GraphEdge['kind'], lane: number): { d: string; lx: number; ly: number } {
  if (b.x > a.x) {
    const x1 = a.x + a.width
    const y1 = a.y + a.height / 2
    const x2 = b.x
    const y2 = b.y + b.height / 2
    const c = (x2 - x1) / 2
    return { d: `M${x1},${y1} C${x1 + c},${y1} ${x2 - c},${y2} ${x2},${y2}`, lx: (x1 + x2) / 2, ly: (y1 + y2) / 2 - 4 }
  }
  // a back edge (dead-letter, cycle, same column): loop below both nodes
  const x1 = a.x + a.width / 2 + (kind === 'dead-letter' ? 10 : 0)
  const y1 = a.y + a.height
  const x2 = b.x + b.width / 2 - (kind === 'dead-letter' ? 10 : 0)
  const y2 = b.y + b.height
  const low = Math.max(y1, y2) + 30 + lane * 14
  return { d: `M${x1},${y1} C${x1},${low} ${x2},${low} ${x2},${y2}`, lx: (x1 + x2) / 2, ly: low - 6 }
}

/**
 * The whole topology as one SVG: a framed block per vhost, stacked; every node and edge carries its graph id
 * (`data-node`, `data-edge`) so the page can highlight a route by id. `route` pre-highlights one route.
 */
export function renderSvg(graph: TopologyGraph, route?: GraphRoute): string {
  const parts: string[] = []
  let top = 0
  let width = 0
  for (const vg of graph.vhosts) {
    const layout = layoutVhost(vg)
    const hl = route?.vhostId === vg.id ? route.highlight : undefined
    const ox = PAD
    const oy = top + TITLE + PAD
    const box = (id: string): NodeBox => {
      const b = layout.boxes.get(id)!
      return { ...b, x: b.x + ox, y: b.y + oy }
    }
    const backEdges = vg.edges.filter((e) => layout.boxes.get(e.to)!.x <= layout.boxes.get(e.from)!.x).length
    const blockHeight = TITLE + PAD * 2 + layout.height + (backEdges > 0 ? 36 + backEdges * 14 : 0)
    parts.push(`<g class="vhost" data-vhost="${vg.id}">`,
      `<rect class="cluster" x="4" y="${top + 4}" width="${layout.width + PAD * 2 - 8}" height="${blockHeight - 8}" rx="10"/>`,
      `<text class="cluster-title" x="${PAD}" y="${top + 22}">vhost ${xmlText(vg.vhost)}</text>`)
    let lane = 0
    for (const e of vg.edges) {
      const a = box(e.from)
      const b = box(e.to)
      const p = edgePath(a, b, e.kind, b.x > a.x ? 0 : lane++)
      const on = hl?.edges.has(e.id) === true ? ' on' : ''
      parts.push(`<g class="edge ${e.kind}${on}" data-edge="${e.id}">`,
        `<path d="${p.d}" stroke="${EDGE_COLOUR[e.kind]}" marker-end="url(#arrow-${e.kind})"${e.kind === 'binding' ? '' : ' stroke-dasharray="6 4"'}/>`,
        e.label === '' ? '' : `<text x="${p.lx}" y="${p.ly}" text-anchor="middle" fill="${EDGE_COLOUR[e.kind]}">${xmlText(shorten(e.label))}<title>${xmlText(e.label)}</title></text>`,
        '</g>')
    }
    for (const n of vg.nodes) {
      const b = box(n.id)
      const on = hl?.nodes.has(n.id) === true ? ' on' : ''
      const title = nodeTitle(n)
      parts.push(`<g class="node ${n.kind}${on}" data-node="${n.id}">`,
        `<title>${xmlText(`${title} (${nodeSubtitle(n)})`)}</title>`,
        nodeShape(n, b),
        `<text x="${b.x + b.width / 2}" y="${b.y + 18}" text-anchor="middle" class="name">${xmlText(shorten(title))}</text>`,
        `<text x="${b.x + b.width / 2}" y="${b.y + 34}" text-anchor="middle" class="sub">${xmlText(shorten(nodeSubtitle(n)))}</text>`,
        '</g>')
    }
    parts.push('</g>')
    top += blockHeight
    width = Math.max(width, layout.width + PAD * 2)
  }
  const markers = (Object.keys(EDGE_COLOUR) as GraphEdge['kind'][]).map((k) =>
    `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${EDGE_COLOUR[k]}"/></marker>`)
  markers.push('<marker id="arrow-route" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#2563eb"/></marker>')
  return `<svg xmlns="http://www.w3.org/2000/svg" id="graph" width="${Math.max(width, 200)}" height="${Math.max(top, 60)}" viewBox="0 0 ${Math.max(width, 200)} ${Math.max(top, 60)}" font-family="Helvetica, Arial, sans-serif">`
    + `<defs>${markers.join('')}</defs>${parts.join('')}</svg>`
}
