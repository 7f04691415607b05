import type { GraphEdge, GraphNode } from './model.js'

/** Colours shared by the renderers, so a topic exchange looks the same in Mermaid, DOT and the HTML page. */
export const EXCHANGE_FILL: ReadonlyMap<string, string> = new Map([
  ['direct', '#dbeafe'], ['fanout', '#dcfce7'], ['topic', '#fef3c7'], ['headers', '#f3e8ff'],
])
export const OTHER_EXCHANGE_FILL = '#e5e7eb'
export const QUEUE_FILL: ReadonlyMap<string, string> = new Map([['classic', '#ffffff'], ['quorum', '#e0f2fe'], ['stream', '#fce7f3']])
export const MISSING_FILL = '#fee2e2'
export const EDGE_COLOUR: Readonly<Record<GraphEdge['kind'], string>> = { 'binding': '#374151', 'alternate-exchange': '#d97706', 'dead-letter': '#dc2626' }
export const ROUTE_COLOUR = '#2563eb'

/** Fill colour of a node by its type. */
export function nodeFill(n: GraphNode): string {
  if (n.missing === true) return MISSING_FILL
  if (n.kind === 'exchange') return EXCHANGE_FILL.get(n.type) ?? OTHER_EXCHANGE_FILL
  return QUEUE_FILL.get(n.type) ?? QUEUE_FILL.get('classic')!
}
