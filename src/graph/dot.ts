import { terminalText } from '../report/terminal-text.js'
import { nodeSubtitle, nodeTitle, type GraphNode, type TopologyGraph } from './model.js'
import type { GraphRoute } from './mermaid.js'
import { EDGE_COLOUR, nodeFill, ROUTE_COLOUR } from './style.js'

/**
 * A DOT string literal: backslash and double quote escaped, so names cannot end the string or use escString
 * sequences (`\N`, `\G`, `\l`); control characters are first made visible (terminalText).
 */
export function dotString(s: string): string {
  return `"${dotEscape(s)}"`
}

function dotEscape(s: string): string {
  return terminalText(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')
}

const EXCHANGE_SHAPE: ReadonlyMap<string, string> = new Map([
  ['direct', 'box'], ['fanout', 'trapezium'], ['topic', 'hexagon'], ['headers', 'parallelogram'],
])

function nodeAttributes(n: GraphNode, onRoute: boolean): string {
  const shape = n.kind === 'queue' ? (n.type === 'stream' ? 'cds' : 'cylinder') : EXCHANGE_SHAPE.get(n.type) ?? 'octagon'
  const attrs = [
    // \n in a DOT string is a line break; the names' own backslashes are doubled by dotEscape
    `label="${dotEscape(nodeTitle(n))}\\n${dotEscape(nodeSubtitle(n))}"`,
    `shape=${shape}`,
    `style=${dotString(n.missing === true ? 'filled,dashed' : 'filled')}`,
    `fillcolor=${dotString(onRoute ? '#bfdbfe' : nodeFill(n))}`,
  ]
  if (n.kind === 'queue' && n.type === 'quorum') attrs.push('peripheries=2')
  if (onRoute) attrs.push(`color=${dotString(ROUTE_COLOUR)}`, 'penwidth=3')
  else if (n.missing === true) attrs.push(`color=${dotString(EDGE_COLOUR['dead-letter'])}`)
  return attrs.join(', ')
}

/**
 * A Graphviz digraph: a cluster per vhost, exchanges shaped by type, queues as cylinders (quorum: double
 * outline, stream: cds), bindings labelled with their key or header condition, alternate-exchange edges
 * dashed orange and dead-letter edges dashed red, each labelled; a route drawn in thick blue.
 */
export function renderDot(graph: TopologyGraph, route?: GraphRoute): string {
  const lines: string[] = [
    'digraph topology {',
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ]
  for (const vg of graph.vhosts) {
    const hl = route?.vhostId === vg.id ? route.highlight : undefined
    lines.push(`  subgraph cluster_${vg.id} {`, `    label=${dotString(`vhost ${vg.vhost}`)};`, '    style="rounded";')
    for (const n of vg.nodes) lines.push(`    ${n.id} [${nodeAttributes(n, hl?.nodes.has(n.id) === true)}];`)
    lines.push('  }')
    for (const e of vg.edges) {
      const attrs: string[] = []
      if (e.label !== '') attrs.push(`label=${dotString(e.label)}`)
      const onRoute = hl?.edges.has(e.id) === true
      if (e.kind !== 'binding') attrs.push('style=dashed')
      if (onRoute) attrs.push(`color=${dotString(ROUTE_COLOUR)}`, `fontcolor=${dotString(ROUTE_COLOUR)}`, 'penwidth=3')
      else if (e.kind !== 'binding') attrs.push(`color=${dotString(EDGE_COLOUR[e.kind])}`, `fontcolor=${dotString(EDGE_COLOUR[e.kind])}`)
      lines.push(`  ${e.from} -> ${e.to}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`)
    }
  }
  lines.push('}')
  return `${lines.join('\n')}\n`
}
