import { extname, isAbsolute, relative, resolve } from 'node:path'
import type { CommandSpec } from '../command-spec.js'
import type { ParsedArgs } from '../parse-args.js'
import type { ReplSession } from '../session.js'
import type { GraphFormat } from '../../graph/render-graph.js'

/** The REPL's `graph` grammar (registered in command-table.ts). */
export const GRAPH_SPEC: CommandSpec = {
  name: 'graph', summary: 'draw the live topology to a file: Mermaid, Graphviz DOT or a self-contained HTML page',
  usage: 'graph <file> [--format mermaid|dot|html] [--exchange x [--key k] [-H name[:type]=value]...] [--force]',
  details: [
    'The format follows the file name (.mmd/.mermaid, .dot/.gv, .html/.htm) unless --format says; otherwise Mermaid.',
    'With --exchange, the route of that message is highlighted (the same routing core as `trace`).',
    'The HTML page traces routes live in the browser. Never overwrites a file without --force; the write is atomic.',
  ],
  examples: ['graph topology.html', 'graph shop.mmd --exchange shop --key order.created.eu', 'graph docs.dot -H format=pdf --exchange docs'],
  positionals: [{ name: 'file', kind: 'file', required: true }],
  options: [
    { name: 'format', alias: 'f', takes: 'value', valueName: 'mermaid|dot|html', description: 'output format (default: from the file name, else mermaid)' },
    { name: 'exchange', alias: 'e', takes: 'value', valueName: 'name', kind: 'exchange', description: 'highlight the route of a message published here' },
    { name: 'key', alias: 'k', takes: 'value', valueName: 'routing-key', kind: 'routing-key', description: 'routing key of that message (default "")' },
    { name: 'header', alias: 'H', takes: 'repeat', valueName: 'name[:type]=value', description: 'message header (repeatable)' },
    { name: 'headers', takes: 'value', valueName: 'json', description: 'headers as a JSON object in the typed encoding' },
    { name: 'force', description: 'replace the file if it exists' },
  ],
}

const BY_EXTENSION: ReadonlyMap<string, GraphFormat> = new Map([
  ['.mmd', 'mermaid'], ['.mermaid', 'mermaid'], ['.dot', 'dot'], ['.gv', 'dot'], ['.html', 'html'], ['.htm', 'html'],
])

/** `graph <file> ...`: the live topology of the session's vhost, drawn and written atomically. */
export async function graphCommand(s: ReplSession, a: ParsedArgs): Promise<boolean> {
  const target = a.positionals[0]!
  const asked = a.values.get('format')
  if (asked !== undefined && asked !== 'mermaid' && asked !== 'dot' && asked !== 'html') return s.fail(`graph: unknown format "${asked}" (mermaid, dot, html)`)
  const format: GraphFormat = asked ?? BY_EXTENSION.get(extname(target).toLowerCase()) ?? 'mermaid'
  const exchange = a.values.get('exchange')
  const key = a.values.get('key')
  const headersJson = a.values.get('headers')
  const headerList = a.lists.get('header') ?? []
  if (exchange === undefined && (key !== undefined || headersJson !== undefined || headerList.length > 0)) {
    return s.fail('graph: --key and --header(s) describe the message whose route --exchange highlights: give --exchange too')
  }
  const headers = s.services.buildHeaders({ header: headerList, ...(headersJson !== undefined ? { headers: headersJson } : {}) })
  const [{ renderGraph }, { readPageScript }, { writeFileAtomic }] = await Promise.all([
    import('../../graph/render-graph.js'), import('../../graph/page-script.js'), import('../../topology/write-file.js'),
  ])
  const pageScript = format === 'html' ? readPageScript() : undefined
  if (format === 'html' && pageScript === undefined) return s.fail('graph: the page script dist/graph-page/page.js is missing: run npm run build')
  const vhost = s.source.vhost
  const drawn = await renderGraph({
    topology: s.broker.topology(), rules: s.source.rules, vhosts: [vhost], format,
    ...(exchange !== undefined
      ? { route: { vhost, publish: { exchange, routingKey: key ?? '', ...(headers.size > 0 ? { headers } : {}), mandatory: false }, ...(headersJson !== undefined ? { headersText: headersJson } : {}) } }
      : {}),
    ...(pageScript !== undefined ? { pageScript } : {}),
    title: `rmq-sim repl: vhost ${vhost}`,
  })
  if (!drawn.ok) return s.fail(`graph: --exchange: ${drawn.error.message}`)
  const path = resolve(s.cwd, target)
  const written = writeFileAtomic(path, drawn.text, a.flags.get('force') === true)
  if (!written.ok) return s.fail(`graph: ${written.message}`)
  const shown = relative(s.cwd, path)
  s.print(s.c.green(`wrote ${shown !== '' && !shown.startsWith('..') && !isAbsolute(shown) ? shown : path} (${format}${exchange !== undefined ? ', route highlighted' : ''})`))
  return true
}
