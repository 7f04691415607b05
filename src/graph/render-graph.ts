import type { Topology, VhostTopology } from '../core/model.js'
import type { Publish, PublishError } from '../core/route-types.js'
import { createRouter } from '../core/router.js'
import type { VersionRules } from '../core/versions.js'
import type { GraphRoute } from './mermaid.js'
import { buildGraph } from './model.js'
import { highlightRoute } from './route-highlight.js'

export type GraphFormat = 'mermaid' | 'dot' | 'html'

/** One drawing request, shared by `rmq-sim graph` and the REPL's `graph`. */
export interface GraphRequest {
  readonly topology: Topology
  readonly rules: VersionRules
  /** The vhosts to draw, in order. */
  readonly vhosts: readonly string[]
  readonly format: GraphFormat
  /** The message whose route is highlighted, and the vhost it is published in. Default: no route */
  readonly route?: { readonly vhost: string; readonly publish: Publish; readonly headersText?: string }
  /** html: the page script (graph/page-script.ts) and the page title. */
  readonly pageScript?: string
  readonly title?: string
}

export type GraphText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: PublishError; readonly exchanges: readonly string[] }

const emptyVhost = (name: string): VhostTopology => ({ name, exchanges: new Map(), queues: new Map(), bindings: [], policies: [] })

/**
 * Builds the graph, routes the message through the routing core when asked, and renders the format. A publish the
 * broker would refuse (404/403/406) is returned as its error (with the exchange names, for a did-you-mean).
 */
export async function renderGraph(req: GraphRequest): Promise<GraphText> {
  const graph = buildGraph(req.topology, req.rules, req.vhosts)
  const routeIndex = req.route === undefined ? 0 : Math.max(0, req.vhosts.indexOf(req.route.vhost))
  const routeGraph = graph.vhosts[routeIndex]
  let route: GraphRoute | undefined
  if (req.route !== undefined && routeGraph !== undefined) {
    const router = createRouter(req.topology.vhosts.get(req.route.vhost) ?? emptyVhost(req.route.vhost), req.rules)
    const result = router.route(req.route.publish)
    if (result.error !== undefined) return { ok: false, error: result.error, exchanges: router.exchanges().map((x) => x.name) }
    route = { vhostId: routeGraph.id, highlight: highlightRoute(routeGraph, result) }
  }
  if (req.format === 'dot') {
    const { renderDot } = await import('./dot.js')
    return { ok: true, text: renderDot(graph, route) }
  }
  if (req.format === 'html') {
    const { renderHtml } = await import('./html.js')
    const publish = req.route?.publish
    return {
      ok: true,
      text: renderHtml(graph, {
        rabbitmq: req.rules.label,
        vhosts: graph.vhosts.map((vg) => ({ graph: vg, topology: req.topology.vhosts.get(vg.vhost) ?? emptyVhost(vg.vhost) })),
        vhostId: routeGraph?.id ?? 'v0',
        ...(publish !== undefined
          ? { probe: { exchange: publish.exchange, key: publish.routingKey, headers: req.route?.headersText ?? '', mandatory: publish.mandatory === true } }
          : {}),
      }, req.pageScript ?? '', req.title ?? 'rmq-sim graph', route),
    }
  }
  const { renderMermaid } = await import('./mermaid.js')
  return { ok: true, text: renderMermaid(graph, route) }
}
