import { resolve } from 'node:path'
import type { Publish } from '../../core/route-types.js'
import { renderGraph, type GraphFormat } from '../../graph/render-graph.js'
import { writeFileAtomic } from '../../topology/write-file.js'
import { buildHeaders, type HeaderOptions } from '../header-args.js'
import { EXIT_OK, UsageError, type CliIO } from '../io.js'
import { displayPath, loadForCommand } from '../load-for-command.js'

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
  const vhosts = opts.vhost !== undefined ? [opts.vhost] : model.vhosts.size > 0 ? [...model.vhosts.keys()] : [vhost?.name ?? '/']
  const publish: Publish = {
    exchange: opts.exchange ?? '',
    routingKey: opts.key ?? '',
    ...(headers.size > 0 ? { headers } : {}),
    mandatory: opts.mandatory === true,
  }
  let pageScript: string | undefined
  if (format === 'html') {
    const { readPageScript } = await import('../../graph/page-script.js')
    pageScript = readPageScript()
    if (pageScript === undefined) throw new UsageError('graph: the page script dist/graph-page/page.js is missing: run npm run build')
  }
  const drawn = await renderGraph({
    topology: model, rules, vhosts, format,
    ...(routeAsked ? { route: { vhost: vhost!.name, publish, ...(opts.headers !== undefined ? { headersText: opts.headers } : {}) } } : {}),
    ...(pageScript !== undefined ? { pageScript } : {}),
    title: `rmq-sim graph: ${displayPath(loaded.file, io.cwd)}`,
  })
  if (!drawn.ok) {
    const hint = drawn.error.code === 404 ? await closestExchange(publish.exchange, drawn.exchanges) : ''
    throw new UsageError(`graph: --exchange: ${drawn.error.message}${hint}`)
  }
  if (opts.output === undefined || opts.output === '-') {
    io.stdout.write(drawn.text)
    return EXIT_OK
  }
  const written = writeFileAtomic(resolve(io.cwd, opts.output), drawn.text, opts.force === true)
  if (!written.ok) throw new UsageError(`graph: ${written.message}`)
  io.stderr.write(`rmq-sim: wrote ${opts.output} (${format})\n`)
  return EXIT_OK
}

async function closestExchange(name: string, names: readonly string[]): Promise<string> {
  const { didYouMean } = await import('../../topology/did-you-mean.js')
  const guess = didYouMean(name, names.filter((n) => n !== ''))
  return guess !== undefined ? ` (did you mean ${JSON.stringify(guess)}?)` : ''
}
