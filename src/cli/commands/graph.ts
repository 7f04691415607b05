import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Publish } from '../../core/route-types.js'
import { createRouter } from '../../core/router.js'
import { buildGraph } from '../../graph/model.js'
import type { GraphRoute } from '../../graph/mermaid.js'
import { highlightRoute } from '../../graph/route-highlight.js'
import { writeFileAtomic } from '../../topology/write-file.js'
import { buildHeaders, type HeaderOptions } from '../header-args.js'
import { EXIT_OK, UsageError, type CliIO } from '../io.js'
import { displayPath, loadForCommand } from '../load-for-command.js'
import { packageRoot } from '../package-root.js'

export type GraphFormat = 'mermaid' | 'dot' | 'html'

/** Options of `rmq-sim graph` (declared in program.ts). */
export interface GraphOptions extends HeaderOptions {
  /** Default: mermaid */
  readonly format?: GraphFormat
  /** Highlight the route of a message published here. Default: no route */
  readonly exchange?: string
  /** Routing key of the highlighted message. Default: "" */
  readonly key?: string
  readonly mandatory?: boolean
  /** Draw only this vhost (and route in it). Default: every vhost; routes in "/" or the only vhost */
  readonly vhost?: string
  /** Write here (atomically) instead of stdout. Default: stdout */
  readonly output?: string
  /** Replace an existing output file. Default: false */
  readonly force?: boolean
  readonly rabbitmq?: string
  readonly maxFileSize?: number
}

/**
 * `rmq-sim graph`: the topology as a Mermaid flowchart, a Graphviz digraph or a self-contained HTML page, with the
 * route of one message highlighted when --exchange is given (computed by the routing core, as trace does).
 * Exit 0 when drawn; 2 on usage or I/O errors, including a highlighted publish the broker would refuse (404/403/406).
 */
export async function graphCommand(topology: string | undefined, opts: GraphOptions, io: CliIO): Promise<number> {
  const format = opts.format ?? 'mermaid'
  const routeAsked = opts.exchange !== undefined
  if (!routeAsked && (opts.key !== undefined || (opts.header ?? []).length > 0 || opts.headers !== undefined || (opts.cc ?? []).length > 0 || (opts.bcc ?? []).length > 0)) {
    throw new UsageError('graph: --key, --header(s), --cc and --bcc describe the message whose route --exchange highlights: give --exchange too')
  }
  const headers = buildHeaders(opts)
  const { topology: model, vhost, rules, loaded } = await loadForCommand('graph', topology, { ...opts, requireVhost: routeAsked }, io)
  const names = opts.vhost !== undefined ? [opts.vhost] : model.vhosts.size > 0 ? [...model.vhosts.keys()] : [vhost?.name ?? '/']
  const graph = buildGraph(model, rules, names)
  const routeVhost = vhost?.name ?? names[0]!
  const routeIndex = Math.max(0, names.indexOf(routeVhost))
  const routeGraph = graph.vhosts[routeIndex]!

  const publish: Publish = {
    exchange: opts.exchange ?? '',
    routingKey: opts.key ?? '',
    ...(headers.size > 0 ? { headers } : {}),
    mandatory: opts.mandatory === true,
  }
  let route: GraphRoute | undefined
  if (routeAsked) {
    const router = createRouter(vhost!, rules)
    const result = router.route(publish)
    if (result.error !== undefined) {
      const hint = result.error.code === 404 ? await closestExchange(publish.exchange, router.exchanges().map((x) => x.name)) : ''
      throw new UsageError(`graph: --exchange: ${result.error.message}${hint}`)
    }
    route = { vhostId: routeGraph.id, highlight: highlightRoute(routeGraph, result) }
  }

  let text: string
  if (format === 'dot') {
    const { renderDot } = await import('../../graph/dot.js')
    text = renderDot(graph, route)
  } else if (format === 'html') {
    const { renderHtml } = await import('../../graph/html.js')
    const script = readPageScript()
    const vhostTopology = (name: string) => model.vhosts.get(name) ?? { name, exchanges: new Map(), queues: new Map(), bindings: [], policies: [] }
    text = renderHtml(graph, {
      rabbitmq: rules.label,
      vhosts: graph.vhosts.map((vg) => ({ graph: vg, topology: vhostTopology(vg.vhost) })),
      vhostId: routeGraph.id,
      ...(routeAsked ? { probe: { exchange: publish.exchange, key: publish.routingKey, headers: opts.headers ?? '', mandatory: publish.mandatory === true } } : {}),
    }, script, `rmq-sim graph: ${displayPath(loaded.file, io.cwd)}`, route)
  } else {
    const { renderMermaid } = await import('../../graph/mermaid.js')
    text = renderMermaid(graph, route)
  }

  if (opts.output === undefined || opts.output === '-') {
    io.stdout.write(text)
    return EXIT_OK
  }
  const written = writeFileAtomic(resolve(io.cwd, opts.output), text, opts.force === true)
  if (!written.ok) throw new UsageError(`graph: ${written.message}`)
  io.stderr.write(`rmq-sim: wrote ${opts.output} (${format})\n`)
  return EXIT_OK
}

/** The browser bundle of the page script (built by scripts/bundle-graph-page.mjs). */
function readPageScript(): string {
  const path = join(packageRoot(import.meta.url), 'dist/graph-page/page.js')
  try {
    return readFileSync(path, 'utf8')
  } catch {
    throw new UsageError(`graph: the page script ${path} is missing: run npm run build`)
  }
}

async function closestExchange(name: string, names: readonly string[]): Promise<string> {
  const { didYouMean } = await import('../../topology/did-you-mean.js')
  const guess = didYouMean(name, names.filter((n) => n !== ''))
  return guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}?)` : ''
}
