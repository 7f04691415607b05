// The page of `rmq-sim graph --format html` in a real browser: Debian's chromium, driven by playwright-core.
// Skipped, with a message, where /usr/bin/chromium is absent (CI installs it: see docs/graph.md).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { runCli } from '../cli/trace-helpers.js'

const CHROMIUM = process.env.RMQ_SIM_CHROMIUM ?? '/usr/bin/chromium'
const HAVE_CHROMIUM = existsSync(CHROMIUM)
if (!HAVE_CHROMIUM) console.warn(`test/browser: ${CHROMIUM} not found, so the graph page's browser tests are skipped (apt-get install chromium)`)

const ROOT = resolve(import.meta.dirname, '../..')
const SAMPLE = join(ROOT, 'samples/orders-service.yaml')
const HEADERS = join(ROOT, 'samples/headers-match.yaml')
const HOSTILE = join(ROOT, 'test/fixtures/graph/hostile-names.yaml')
const OUT = join(tmpdir(), `rmq-sim-graph-page-${process.pid}`)

async function pageFor(browser: Browser, topology: string, name: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const html = await runCli(['graph', topology, '--format', 'html'])
  expect(html.code).toBe(0)
  const file = join(OUT, `${name}.html`)
  writeFileSync(file, html.stdout)
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  const errors: string[] = []
  const requests: string[] = []
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()) })
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('request', (r) => requests.push(r.url()))
  await page.goto(`file://${file}`)
  return { page, errors, requests }
}

/** What the page shows after typing a probe: highlighted edge ids, highlighted node names, queues listed, trace JSON. */
async function probe(page: Page, exchange: string, key: string, headers = '', mandatory = false) {
  await page.fill('#headers', headers)
  await page.setChecked('#mandatory', mandatory)
  await page.fill('#exchange', exchange)
  await page.fill('#key', key)
  return {
    edges: (await page.$$eval('#graph .edge.on', (els) => els.map((e) => e.getAttribute('data-edge')!))).sort(),
    nodes: (await page.$$eval('#graph .node.on .name', (els) => els.map((e) => e.textContent!))).sort(),
    queues: await page.$$eval('#queues li', (els) => els.map((e) => e.textContent!)),
    verdict: await page.textContent('#verdict'),
    json: JSON.parse((await page.textContent('#trace-json')) || 'null') as unknown,
  }
}

// Generous time-outs: on a loaded 2-core machine Chromium alone may take many seconds to parse mermaid.min.js.
describe.skipIf(!HAVE_CHROMIUM)('graph --format html in headless Chromium', { timeout: 180_000 }, () => {
  let browser: Browser
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true })
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  }, 120_000)
  afterAll(async () => { await browser?.close() })

  it('loads with no console errors and fetches nothing but itself', async () => {
    for (const [file, name] of [[SAMPLE, 'orders'], [HEADERS, 'headers'], [HOSTILE, 'hostile']] as const) {
      const { page, errors, requests } = await pageFor(browser, file, name)
      expect(await page.textContent('#verdict')).toBe('Type an exchange to see where a message goes.')
      expect(await page.$$eval('#graph .node', (els) => els.length)).toBeGreaterThan(3)
      expect(errors).toEqual([])
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([])
      await page.close()
    }
  })

  it('hostile names are shown as text, never run', async () => {
    const { page, errors } = await pageFor(browser, HOSTILE, 'hostile-text')
    const names = await page.$$eval('#graph .node .name', (els) => els.map((e) => e.textContent))
    expect(names).toContain('<script>alert(1)</script>')
    expect(names).toContain('say "hi"')
    expect(names).toContain('bell\\x07and\\u{202e}bidi')
    expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(2)
    const r = await probe(page, 'end', 'a"b')
    expect(r.queues).toEqual(['classDef'])
    expect(errors).toEqual([])
    await page.close()
  })

  it('typing a key highlights the edges of its route and lists the queues reached', async () => {
    const { page, errors } = await pageFor(browser, SAMPLE, 'typing')
    // ids as in test/cli/graph.test.ts: e1 orders->orders.audit, e2 orders->notifications, e4/e5 notifications->email/sms
    const shipped = await probe(page, 'orders', 'order.shipped')
    expect(shipped.edges).toEqual(['v0_e1', 'v0_e2', 'v0_e4', 'v0_e5'])
    expect(shipped.nodes).toEqual(['notifications', 'notifications.email', 'notifications.sms', 'orders', 'orders.audit'])
    expect(shipped.queues).toEqual(['notifications.email', 'notifications.sms', 'orders.audit'])
    expect(shipped.verdict).toBe('routed to 3 queues')
    const viaAe = await probe(page, 'orders', 'invoice.sent')
    expect(viaAe.edges).toEqual(['v0_e3', 'v0_e9']) // orders.unrouted -> queue, orders -AE-> orders.unrouted
    expect(viaAe.queues).toEqual(['orders.unrouted'])
    const stroke = await page.$eval('#graph [data-edge="v0_e9"] path', (p) => getComputedStyle(p).stroke)
    expect(stroke).toBe('rgb(37, 99, 235)')
    const none = await probe(page, 'payments', 'nothing', '', true)
    expect(none.edges).toEqual([])
    expect(none.verdict).toBe('unroutable: returned to the publisher (mandatory)')
    const missing = await probe(page, 'nope', 'x')
    expect(missing.verdict).toBe("NOT_FOUND - no exchange 'nope' in vhost '/'")
    expect(errors).toEqual([])
    await page.close()
  })

  it("the page's answer equals rmq-sim trace --json for sample probes", async () => {
    const cases: [string, string, string, string, boolean][] = [
      [SAMPLE, 'orders', 'order.created', '', false],
      [SAMPLE, 'orders', 'order.shipped', '{"CC": ["order.created"]}', false],
      [SAMPLE, 'orders', 'nothing.matches', '', true],
      [SAMPLE, 'payments.retry', 'payment.requested', '', false],
      [SAMPLE, '', 'orders.audit', '', false],
      [SAMPLE, 'ordres', 'x', '', false],
      [HEADERS, 'documents', '', '{"format": "pdf", "type": "report"}', false],
      [HEADERS, 'documents', '', '{"schema": {"type": "double", "value": 2}, "urgent": false, "lang": "de"}', false],
      [HEADERS, 'documents', '', '{"lang-fallback": "de", "schema": 2}', false],
    ]
    const pages = new Map<string, Page>()
    for (const [file, exchange, key, headers, mandatory] of cases) {
      if (!pages.has(file)) pages.set(file, (await pageFor(browser, file, `probe-${pages.size}`)).page)
      const shown = await probe(pages.get(file)!, exchange, key, headers, mandatory)
      const cli = await runCli(['trace', file, '--exchange', exchange, '--key', key, '--json',
        ...(headers !== '' ? ['--headers', headers] : []), ...(mandatory ? ['--mandatory'] : [])])
      expect(shown.json, `${exchange} ${key} ${headers}`).toEqual(JSON.parse(cli.stdout))
      expect(shown.queues).toEqual((JSON.parse(cli.stdout) as { queues: string[] }).queues)
    }
    for (const p of pages.values()) await p.close()
  })

  it('screenshot: the picture is not blank and the highlighted edge changes on screen', async () => {
    const { page } = await pageFor(browser, SAMPLE, 'shot')
    const full = await page.screenshot({ path: join(OUT, 'before.png'), fullPage: true })
    expect(full.length).toBeGreaterThan(20_000)
    const edge = page.locator('#graph [data-edge="v0_e2"]')
    const before = await edge.screenshot()
    await probe(page, 'orders', 'order.shipped')
    const after = await edge.screenshot({ path: join(OUT, 'edge-after.png') })
    await page.screenshot({ path: join(OUT, 'after.png'), fullPage: true })
    expect(after.equals(before)).toBe(false)
    expect(await edge.locator('path').evaluate((p) => getComputedStyle(p).stroke)).toBe('rgb(37, 99, 235)')
    // clearing the form takes the highlight away again
    await probe(page, '', '')
    expect(await edge.locator('path').evaluate((p) => getComputedStyle(p).stroke)).toBe('rgb(55, 65, 81)')
    expect((await edge.screenshot()).equals(after)).toBe(false)
    await page.close()
  })

  it('Mermaid itself (the renderer GitHub uses) draws the --format mermaid output, hostile names as text', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(String(e)))
    await page.setContent('<!doctype html><html><body></body></html>')
    await page.addScriptTag({ path: join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js') })
    await page.evaluate(() => (window as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }))
    const render = (text: string) => page.evaluate(async (t) => {
      const m = (window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid
      try {
        const { svg } = await m.render(`g${Math.random().toString(36).slice(2)}`, t)
        const div = document.createElement('div')
        div.innerHTML = svg
        return { ok: true, text: div.textContent ?? '', edges: div.querySelectorAll('.edgePaths path, path.flowchart-link').length }
      } catch (e) {
        return { ok: false, text: String(e), edges: 0 }
      }
    }, text)
    for (const args of [[SAMPLE], [SAMPLE, '-e', 'orders', '-k', 'order.shipped'], [HEADERS, '-e', 'documents', '-H', 'format=pdf'], [join(ROOT, 'test/fixtures/valid/multi-vhost.yaml')]]) {
      const r = await runCli(['graph', ...args])
      const drawn = await render(r.stdout)
      expect(drawn.ok, drawn.text).toBe(true)
      expect(drawn.edges).toBeGreaterThan(0)
    }
    const hostile = await render((await runCli(['graph', HOSTILE])).stdout)
    expect(hostile.ok, hostile.text).toBe(true)
    for (const name of ['say "hi"', 'x#y;', '<script>alert(1)</script>', 'q|pipe]', 'subgraph', 'classDef', 'click call()', '-->|x|', '#.end.#']) {
      expect(hostile.text).toContain(name)
    }
    expect(errors).toEqual([])
    await page.close()
  })
})
