import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli, tempDirWith } from './trace-helpers.js'

const ROOT = resolve(import.meta.dirname, '../..')
const SAMPLE = join(ROOT, 'samples/orders-service.yaml')
const HOSTILE = join(ROOT, 'test/fixtures/graph/hostile-names.yaml')
const MULTI = join(ROOT, 'test/fixtures/valid/multi-vhost.yaml')

describe('rmq-sim graph (through bin/rmq-sim.js)', () => {
  it('prints a Mermaid flowchart by default: exchanges by type, queues by type, labelled bindings, dashed AE and DLX edges', async () => {
    const r = await runCli(['graph', SAMPLE])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('flowchart LR')
    expect(lines).toContain('  subgraph v0["vhost /"]')
    expect(lines).toContain('    v0_x0[["orders<br/>topic"]]')
    expect(lines).toContain('    v0_x3{{"payments<br/>direct"}}')
    expect(lines).toContain('    v0_q0[("orders.created<br/>quorum queue")]')
    expect(lines).toContain('  v0_x0 -->|"order.#35;"| v0_q1')
    expect(lines).toContain('  v0_x0 -.->|"alternate-exchange"| v0_x1')
    expect(lines).toContain('  v0_q5 -.->|"dead-letter"| v0_x4')
    expect(lines.filter((l) => l.startsWith('  linkStyle'))).toEqual(['  linkStyle 9 stroke:#d97706,stroke-width:2px', '  linkStyle 10,11,12 stroke:#dc2626,stroke-width:2px'])
  })

  it('--exchange/--key highlights the route the router computes (nodes in class route, edges by linkStyle)', async () => {
    const r = await runCli(['graph', SAMPLE, '--exchange', 'orders', '--key', 'order.shipped'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('  class v0_x0,v0_x2,v0_q1,v0_q3,v0_q4 route\n')
    // orders->orders.audit, orders->notifications, notifications->email, notifications->sms
    expect(r.stdout).toContain('  linkStyle 1,2,4,5 stroke:#2563eb,stroke-width:4px\n')
    const ae = await runCli(['graph', SAMPLE, '-f', 'dot', '-e', 'orders', '-k', 'invoice.sent'])
    expect(ae.stdout).toContain('v0_x0 -> v0_x1 [label="alternate-exchange", style=dashed, color="#2563eb", fontcolor="#2563eb", penwidth=3];')
    expect(ae.stdout).toMatch(/v0_q2 \[label="orders.unrouted\\nclassic queue".*penwidth=3\]/)
  })

  it('headers highlight a headers route, typed as trace takes them', async () => {
    const file = join(ROOT, 'samples/headers-match.yaml')
    const r = await runCli(['graph', file, '-f', 'dot', '-e', 'documents', '-H', 'format=pdf', '-H', 'type=report'])
    expect(r.code).toBe(0)
    const onRoute = r.stdout.split('\n').filter((l) => l.includes('penwidth=3')).map((l) => l.trim().split(' ')[0])
    expect(onRoute).toEqual(['v0_x0', 'v0_q0', 'v0_x0'])
    expect(r.stdout).toContain('[label="all: format=\\"pdf\\", type=\\"report\\"", color="#2563eb", fontcolor="#2563eb", penwidth=3]')
  })

  it('draws a cluster per vhost; --vhost draws one', async () => {
    const all = await runCli(['graph', MULTI, '-f', 'dot'])
    expect(all.stdout).toContain('subgraph cluster_v0 {\n    label="vhost /";')
    expect(all.stdout).toContain('subgraph cluster_v1 {\n    label="vhost staging";')
    expect(all.stdout).toContain('v1_x1 [label="amq.topic\\ntopic, predeclared"')
    const one = await runCli(['graph', MULTI, '-f', 'mermaid', '--vhost', 'staging'])
    expect(one.stdout).toContain('subgraph v0["vhost staging"]')
    expect(one.stdout).not.toContain('vhost /')
  })

  it('hostile names stay text: Mermaid entity codes, DOT escapes, generated ids', async () => {
    const m = await runCli(['graph', HOSTILE])
    expect(m.code).toBe(0)
    expect(m.stdout).toContain('v0_x1[/"say #34;hi#34;<br/>fanout"\\]')
    expect(m.stdout).toContain('v0_x3[/"#60;script#62;alert(1)#60;/script#62;<br/>headers"/]')
    expect(m.stdout).toContain('v0_x2 -->|"--#62;#124;x#124;"| v0_q2')
    expect(m.stdout).not.toMatch(/[\u0007\u202e]/)
    const d = await runCli(['graph', HOSTILE, '-f', 'dot'])
    expect(d.stdout).toContain('v0_x4 [label="back\\\\slash\\\\N\\ndirect"')
    expect(d.stdout).toContain('v0_q4 [label="bell\\\\x07and\\\\u{202e}bidi\\nclassic queue"')
  })

  it.skipIf(!existsSync('/usr/bin/dot'))('Graphviz accepts the DOT output, hostile names included (skipped without graphviz)', async () => {
    for (const file of [SAMPLE, HOSTILE, MULTI]) {
      const d = await runCli(['graph', file, '-f', 'dot'])
      const svg = execFileSync('/usr/bin/dot', ['-Tsvg'], { input: d.stdout, encoding: 'utf8' })
      expect(svg).toContain('<svg')
    }
    const d = await runCli(['graph', HOSTILE, '-f', 'dot'])
    const svg = execFileSync('/usr/bin/dot', ['-Tsvg'], { input: d.stdout, encoding: 'utf8' })
    expect(svg).toContain('say &quot;hi&quot;')
    expect(svg).toContain('back\\slash\\N')
  })

  it('-o writes the file atomically, never over an existing one without --force', async () => {
    const dir = tempDirWith({ 'old.md': 'keep me\n' })
    const r = await runCli(['graph', SAMPLE, '-o', 'out.mmd'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('rmq-sim: wrote out.mmd (mermaid)\n')
    expect(readFileSync(join(dir, 'out.mmd'), 'utf8')).toMatch(/^flowchart LR\n/)
    const refused = await runCli(['graph', SAMPLE, '-o', 'old.md'], { cwd: dir })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('old.md exists: not overwritten (use --force to replace it)')
    expect(readFileSync(join(dir, 'old.md'), 'utf8')).toBe('keep me\n')
    const forced = await runCli(['graph', SAMPLE, '-f', 'dot', '-o', 'old.md', '--force'], { cwd: dir })
    expect(forced.code).toBe(0)
    expect(readFileSync(join(dir, 'old.md'), 'utf8')).toMatch(/^digraph topology \{/)
  })

  it('an unwritable output path is exit 2 with a message, and nothing is written', async () => {
    const dir = tempDirWith({ 'a-file': 'x' })
    const r = await runCli(['graph', SAMPLE, '-o', 'a-file/graph.mmd'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^rmq-sim: graph: cannot write .*a-file\/graph\.mmd: a part of the path is not a directory\n$/)
    const missing = await runCli(['graph', SAMPLE, '-o', 'no/such/dir/graph.mmd'], { cwd: dir })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no such directory')
    expect(r.stdout + missing.stdout).toBe('')
  })

  it('bad input: unknown exchange (did you mean), internal exchange, key without exchange, bad format, missing file', async () => {
    const unknown = await runCli(['graph', SAMPLE, '--exchange', 'order', '--key', 'x'])
    expect(unknown.code).toBe(2)
    expect(unknown.stdout).toBe('')
    expect(unknown.stderr).toBe('rmq-sim: graph: --exchange: NOT_FOUND - no exchange \'order\' in vhost \'/\' (did you mean "orders"?)\n')
    const dir = tempDirWith({ 't.yaml': 'exchanges:\n  hidden: {type: fanout, internal: true}\n' })
    const internal = await runCli(['graph', 't.yaml', '-e', 'hidden'], { cwd: dir })
    expect(internal.code).toBe(2)
    expect(internal.stderr).toContain('ACCESS_REFUSED - cannot publish to internal exchange \'hidden\'')
    const keyOnly = await runCli(['graph', SAMPLE, '--key', 'order.created'])
    expect(keyOnly.code).toBe(2)
    expect(keyOnly.stderr).toContain('give --exchange too')
    const format = await runCli(['graph', SAMPLE, '-f', 'png'])
    expect(format.code).toBe(2)
    expect(format.stderr).toContain("argument 'png' is invalid. Allowed choices are mermaid, dot, html.")
    const missing = await runCli(['graph', 'nope.yaml'], { cwd: dir })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^rmq-sim: nope\.yaml/)
    const badYaml = join(dir, 'bad.yaml')
    writeFileSync(badYaml, 'exchanges:\n  x: {type: topic\n')
    const bad = await runCli(['graph', 'bad.yaml'], { cwd: dir })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^rmq-sim: bad\.yaml:\d+:\d+ yaml\//)
  })

  it('--format html is one self-contained page: the SVG, the form, the data and the bundled routing core, no external resource', async () => {
    const r = await runCli(['graph', SAMPLE, '-f', 'html', '-e', 'orders', '-k', 'order.created'])
    expect(r.code).toBe(0)
    const html = r.stdout
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" id="graph"')
    expect(html).toContain('<input id="exchange" list="exchanges" placeholder="exchange name" value="orders">')
    expect(html).toContain("default-src 'none'")
    // nothing fetched: no src=, href= or url( pointing outside the page
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i)
    expect(html).not.toMatch(/<link\b/i)
    expect(html).toMatch(/<g class="edge binding on" data-edge="v0_e0">/)
    const hostile = await runCli(['graph', HOSTILE, '-f', 'html'])
    expect(hostile.stdout).not.toContain('<script>alert(1)</script>')
    expect(hostile.stdout.match(/<script\b/g)).toHaveLength(2)
    expect(hostile.stdout.match(/<\/script>/g)).toHaveLength(2)
  })

  it("the README's rendered sample is the command's current output", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const block = /```mermaid\n([\s\S]*?)```/.exec(readme)?.[1]
    const r = await runCli(['graph', 'samples/orders-service.yaml', '-e', 'orders', '-k', 'order.shipped'], { cwd: ROOT })
    expect(block).toBe(r.stdout)
  })
})
