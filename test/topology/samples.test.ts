import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadTopologyFile } from '../../src/topology/load.js'

const dir = fileURLToPath(new URL('../../samples/', import.meta.url))
const samples = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()

describe.each(samples)('samples/%s', (name) => {
  it('loads without any diagnostic', async () => {
    const l = await loadTopologyFile(`${dir}${name}`)
    expect(l.diagnostics).toEqual([])
    expect(l.topology).toBeDefined()
    const v = [...(l.topology?.vhosts.values() ?? [])]
    expect(v.reduce((n, x) => n + x.exchanges.size + x.queues.size, 0)).toBeGreaterThan(0)
  })
  if (/\.ya?ml$/.test(name)) {
    it('starts with the schema modeline', () => {
      expect(readFileSync(`${dir}${name}`, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/topology.schema.json')
    })
  }
})

describe('what the samples teach', () => {
  const load = async (name: string) => (await loadTopologyFile(`${dir}${name}`)).topology?.vhosts.get('/')
  it('there is one per exchange type', async () => {
    const types = new Set<string>()
    for (const n of ['fanout-broadcast.yaml', 'direct-copies.yaml', 'topic-wildcards.yaml', 'headers-match.yaml']) {
      for (const x of (await load(n))?.exchanges.values() ?? []) types.add(x.type)
    }
    expect([...types].sort()).toEqual(['direct', 'fanout', 'headers', 'topic'])
  })
  it('topic-wildcards uses both * and #', async () => {
    const words = (await load('topic-wildcards.yaml'))?.bindings.flatMap((b) => b.routingKey.split('.')) ?? []
    expect(words).toContain('*')
    expect(words).toContain('#')
  })
  it('orders-service has a dead-letter exchange and an alternate exchange that exist', async () => {
    const v = await load('orders-service.yaml')
    const dlx = [...(v?.queues.values() ?? [])].map((q) => q.arguments.get('x-dead-letter-exchange')).filter((a) => a?.type === 'longstr')
    expect(dlx.length).toBeGreaterThan(0)
    for (const a of dlx) expect(v?.exchanges.has(String(a?.type === 'longstr' ? a.value : ''))).toBe(true)
    const ae = [...(v?.exchanges.values() ?? [])].map((x) => x.arguments.get('alternate-exchange')).filter((a) => a !== undefined)
    expect(ae).toHaveLength(1)
  })
})
