import { terminalText } from '../report/terminal-text.js'
import { nodeSubtitle, nodeTitle, type GraphNode, type TopologyGraph } from './model.js'
import type { RouteHighlight } from './route-highlight.js'
import { EDGE_COLOUR, EXCHANGE_FILL, MISSING_FILL, OTHER_EXCHANGE_FILL, QUEUE_FILL, ROUTE_COLOUR } from './style.js'

/** A route to draw over one vhost's graph (its VhostGraph id and the highlighted ids). */
export interface GraphRoute {
  readonly vhostId: string
  readonly highlight: RouteHighlight
}

/**
 * Text for a quoted Mermaid label. Mermaid has no backslash escapes: a `"` ends the label and `#` starts an entity,
 * so every character outside a small safe set is written as a decimal entity code (`#35;` for `#`, `#34;` for `"`),
 * which Mermaid turns back into the character. Control characters are first made visible (terminalText).
 */
export function mermaidText(s: string): string {
  let out = ''
  for (const ch of terminalText(s)) out += /^[A-Za-z0-9 ._\-/:*,=+@()]$/.test(ch) ? ch : `#${ch.codePointAt(0)!};`
  return out
}

const EXCHANGE_SHAPE: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['direct', ['{{', '}}']], ['fanout', ['[/', '\\]']], ['topic', ['[[', ']]']], ['headers', ['[/', '/]']],
])

function shape(n: GraphNode): readonly [string, string] {
  if (n.kind === 'queue') return n.missing === true ? ['[', ']'] : ['[(', ')]']
  return (n.missing === true ? undefined : EXCHANGE_SHAPE.get(n.type)) ?? ['[', ']']
}

function className(n: GraphNode): string {
  if (n.missing === true) return 'missing'
  if (n.kind === 'exchange') return EXCHANGE_FILL.has(n.type) ? `x_${n.type}` : 'x_other'
  return QUEUE_FILL.has(n.type) ? `q_${n.type}` : 'q_classic'
}

/**
 * A Mermaid flowchart (renders on GitHub): one subgraph per vhost, exchanges shaped by type (direct hexagon,
 * fanout trapezoid, topic subroutine, headers parallelogram), queues as cylinders coloured by queue type,
 * bindings solid with their key or header condition, alternate-exchange and dead-letter edges dashed and
 * labelled. Ids are generated, so names such as `end` or `#` never meet Mermaid's syntax.
 */
export function renderMermaid(graph: TopologyGraph, route?: GraphRoute): string {
  const lines: string[] = ['flowchart LR']
  const classes = new Map<string, string[]>()
  const linkStyles = new Map<string, number[]>()
  let linkIndex = 0
  const styleLink = (style: string): void => {
    const list = linkStyles.get(style)
    if (list === undefined) linkStyles.set(style, [linkIndex])
    else list.push(linkIndex)
  }
  for (const vg of graph.vhosts) {
    const hl = route?.vhostId === vg.id ? route.highlight : undefined
    lines.push(`  subgraph ${vg.id}["${mermaidText(`vhost ${vg.vhost}`)}"]`)
    lines.push('    direction LR')
    for (const n of vg.nodes) {
      const [open, close] = shape(n)
      lines.push(`    ${n.id}${open}"${mermaidText(nodeTitle(n))}<br/>${mermaidText(nodeSubtitle(n))}"${close}`)
      const cls = hl?.nodes.has(n.id) === true ? 'route' : className(n)
      const list = classes.get(cls)
      if (list === undefined) classes.set(cls, [n.id])
      else list.push(n.id)
    }
    lines.push('  end')
    for (const e of vg.edges) {
      const label = e.label === '' ? '' : `|"${mermaidText(e.label)}"|`
      lines.push(`  ${e.from} ${e.kind === 'binding' ? '-->' : '-.->'}${label} ${e.to}`)
      if (hl?.edges.has(e.id) === true) styleLink(`stroke:${ROUTE_COLOUR},stroke-width:4px`)
      else if (e.kind !== 'binding') styleLink(`stroke:${EDGE_COLOUR[e.kind]},stroke-width:2px`)
      linkIndex++
    }
  }
  lines.push(...classDefs())
  for (const [cls, ids] of classes) lines.push(`  class ${ids.join(',')} ${cls}`)
  for (const [style, ids] of linkStyles) lines.push(`  linkStyle ${ids.join(',')} ${style}`)
  return `${lines.join('\n')}\n`
}

function classDefs(): string[] {
  const defs: string[] = []
  for (const [type, fill] of EXCHANGE_FILL) defs.push(`  classDef x_${type} fill:${fill},stroke:#6b7280`)
  defs.push(`  classDef x_other fill:${OTHER_EXCHANGE_FILL},stroke:#6b7280`)
  for (const [type, fill] of QUEUE_FILL) defs.push(`  classDef q_${type} fill:${fill},stroke:#6b7280${type === 'quorum' ? ',stroke-width:3px' : ''}`)
  defs.push(`  classDef missing fill:${MISSING_FILL},stroke:#dc2626,stroke-dasharray:4 3`)
  defs.push(`  classDef route fill:#bfdbfe,stroke:${ROUTE_COLOUR},stroke-width:3px`)
  return defs
}
