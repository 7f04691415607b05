/// <reference lib="dom" />
// The script of `rmq-sim graph --format html`, bundled for the browser by scripts/bundle-graph-page.mjs: the same
// routing core as `rmq-sim trace` answers each probe typed into the form, and the route is drawn over the SVG.
import type { AmqpTable } from '../../core/amqp-value.js'
import type { Publish } from '../../core/route-types.js'
import { createRouter, type Router } from '../../core/router.js'
import { rulesFor } from '../../core/versions.js'
import { traceToJson } from '../../report/trace-json.js'
import { makeTraceView } from '../../report/trace-view.js'
import { decodeTypedTable } from '../../topology/typed-value.js'
import { decodePageData } from '../page-data.js'
import { highlightRoute } from '../route-highlight.js'

const data = decodePageData(document.getElementById('rmq-data')!.textContent ?? '')
const rules = rulesFor(data.rabbitmq)
const routers = new Map<string, Router>(data.vhosts.map((v) => [v.graph.id, createRouter(v.topology, rules)]))
const field = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T
const vhostSelect = field<HTMLSelectElement>('vhost')
const exchangeInput = field<HTMLInputElement>('exchange')
const keyInput = field<HTMLInputElement>('key')
const headersInput = field<HTMLTextAreaElement>('headers')
const mandatoryInput = field<HTMLInputElement>('mandatory')
const verdict = field<HTMLDivElement>('verdict')
const queueList = field<HTMLUListElement>('queues')
const traceJson = field<HTMLPreElement>('trace-json')
const svg = document.getElementById('graph')!

function fillExchanges(): void {
  const list = field<HTMLDataListElement>('exchanges')
  list.replaceChildren(...routers.get(vhostSelect.value)!.exchanges().map((x) => {
    const o = document.createElement('option')
    o.value = x.name
    return o
  }))
}

/** The headers field: a JSON object in the typed encoding (docs/trace-json.md), or nothing. */
function readHeaders(): AmqpTable | string {
  const text = headersInput.value.trim()
  if (text === '') return new Map()
  let plain: unknown
  try {
    plain = JSON.parse(text)
  } catch (e) {
    return `headers: invalid JSON: ${(e as Error).message}`
  }
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return 'headers: expected a JSON object, e.g. {"format": "pdf"}'
  const table = decodeTypedTable(plain)
  return table.ok ? table.value : `headers: ${table.message}`
}

function clear(): void {
  svg.classList.remove('routing')
  for (const el of svg.querySelectorAll('.on')) el.classList.remove('on')
  queueList.replaceChildren()
  traceJson.textContent = ''
}

function update(): void {
  clear()
  const entry = data.vhosts.find((v) => v.graph.id === vhostSelect.value)!
  const router = routers.get(entry.graph.id)!
  if (exchangeInput.value === '' && keyInput.value === '') {
    verdict.textContent = 'Type an exchange to see where a message goes.'
    return
  }
  const headers = readHeaders()
  if (typeof headers === 'string') {
    verdict.textContent = headers
    return
  }
  // the publish exactly as `rmq-sim trace` builds it (src/cli/commands/trace.ts)
  const publish: Publish = {
    exchange: exchangeInput.value,
    routingKey: keyInput.value,
    ...(headers.size > 0 ? { headers } : {}),
    mandatory: mandatoryInput.checked,
  }
  const result = router.route(publish)
  const view = makeTraceView(entry.topology.name, rules.label, publish, result, result.error?.code === 404 ? router.exchanges().map((x) => x.name) : undefined)
  const json = traceToJson(view)
  traceJson.textContent = JSON.stringify(json, null, 2)
  if (result.error !== undefined) {
    verdict.textContent = result.error.message
    return
  }
  const hl = highlightRoute(entry.graph, result)
  svg.classList.add('routing')
  for (const id of [...hl.edges, ...hl.nodes]) svg.querySelector(`[data-edge="${id}"], [data-node="${id}"]`)?.classList.add('on')
  verdict.textContent = result.queues.length > 0
    ? `routed to ${result.queues.length} queue${result.queues.length === 1 ? '' : 's'}`
    : result.returned ? 'unroutable: returned to the publisher (mandatory)' : 'unroutable: dropped'
  queueList.replaceChildren(...result.queues.map((q) => {
    const li = document.createElement('li')
    li.textContent = q
    return li
  }))
}

fillExchanges()
vhostSelect.addEventListener('change', () => { fillExchanges(); update() })
for (const el of [exchangeInput, keyInput, headersInput, mandatoryInput]) el.addEventListener('input', update)
update()
