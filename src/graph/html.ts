import { encodePageData, type PageData } from './page-data.js'
import type { GraphRoute } from './mermaid.js'
import type { TopologyGraph } from './model.js'
import { renderSvg, xmlText } from './svg.js'

const CSS = `
[hidden] { display: none !important; }
body { font-family: Helvetica, Arial, sans-serif; margin: 0; color: #111827; }
header { padding: 10px 16px; background: #f3f4f6; border-bottom: 1px solid #d1d5db; }
h1 { font-size: 17px; margin: 0 0 8px; }
form { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; }
label { display: flex; flex-direction: column; font-size: 12px; gap: 3px; }
input, select, textarea { font: 13px monospace; padding: 4px; }
textarea { width: 260px; height: 22px; }
main { display: flex; gap: 16px; padding: 12px 16px; align-items: flex-start; }
#diagram { overflow: auto; border: 1px solid #e5e7eb; flex: 1 1 auto; }
aside { width: 320px; flex: none; font-size: 13px; }
#verdict { font-weight: bold; }
#queues li { font-family: monospace; }
pre#trace-json { font-size: 11px; max-height: 360px; overflow: auto; background: #f9fafb; padding: 6px; }
.cluster { fill: none; stroke: #9ca3af; stroke-dasharray: 4 3; }
.cluster-title { font-size: 13px; font-weight: bold; fill: #374151; }
.shape { stroke: #6b7280; stroke-width: 1.2; }
.node .name { font-size: 12px; font-weight: bold; }
.node .sub { font-size: 10px; fill: #4b5563; }
.edge path { fill: none; stroke-width: 1.4; }
.edge text { font-size: 10px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg.routing .edge, svg.routing .node { opacity: 0.35; }
svg .edge.on path { stroke: #2563eb; stroke-width: 4; marker-end: url(#arrow-route); }
svg .edge.on text { fill: #1d4ed8; font-weight: bold; }
svg .node.on .shape { stroke: #2563eb; stroke-width: 3.5; fill: #bfdbfe; }
svg.routing .edge.on, svg.routing .node.on { opacity: 1; }
`

/**
 * One self-contained page: the SVG diagram, a form (vhost, exchange, routing key, headers, mandatory) and the
 * answer, computed in the page by the routing core bundled for the browser (`script`, built by
 * scripts/bundle-graph-page.mjs). No server, no network: nothing is loaded from anywhere.
 */
export function renderHtml(graph: TopologyGraph, data: PageData, script: string, title: string, route?: GraphRoute): string {
  const vhostOptions = graph.vhosts.map((vg) => `<option value="${vg.id}"${vg.id === data.vhostId ? ' selected' : ''}>${xmlText(vg.vhost)}</option>`).join('')
  const probe = data.probe
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${xmlText(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${xmlText(title)}</h1>
<form id="probe" autocomplete="off" onsubmit="return false">
<label${graph.vhosts.length > 1 ? '' : ' hidden'}>vhost<select id="vhost">${vhostOptions}</select></label>
<label>exchange<input id="exchange" list="exchanges" placeholder="exchange name" value="${xmlText(probe?.exchange ?? '')}"></label>
<datalist id="exchanges"></datalist>
<label>routing key<input id="key" placeholder="routing key" value="${xmlText(probe?.key ?? '')}"></label>
<label>headers (JSON, typed as in trace --headers)<textarea id="headers" placeholder='{"format": "pdf"}'>${xmlText(probe?.headers ?? '')}</textarea></label>
<label><span>mandatory</span><input id="mandatory" type="checkbox"${probe?.mandatory === true ? ' checked' : ''}></label>
</form>
</header>
<main>
<div id="diagram">${renderSvg(graph, route)}</div>
<aside>
<div id="verdict">Type an exchange to see where a message goes.</div>
<ul id="queues"></ul>
<details><summary>trace JSON (as rmq-sim trace --json)</summary><pre id="trace-json"></pre></details>
</aside>
</main>
<script type="application/json" id="rmq-data">${encodePageData(data)}</script>
<script>${script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`
}
