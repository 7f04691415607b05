import { spawnSync } from 'node:child_process'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Topology } from '../../src/core/model.js'
import { checkRendered } from '../../src/init/check.js'
import { draftToTopology, orderForFile, type Draft } from '../../src/init/draft.js'
import { draftFromFlags, hasEntityFlags, type InitFlags } from '../../src/init/flags.js'
import { modeline, renderDraft } from '../../src/init/render.js'
import { fileHeader, shellWord, starterDraft } from '../../src/init/starter.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'

const SCHEMA = './node_modules/rmq-sim/schemas/topology.schema.json'
const render = (d: Draft) => renderDraft(d, { schema: SCHEMA, header: fileHeader('t.yaml', d) })
const flags = (f: InitFlags): Draft => { const r = draftFromFlags(f); if (!r.ok) throw new Error(r.message); return r.draft }
const flagError = (f: InitFlags): string => { const r = draftFromFlags(f); return r.ok ? 'ok' : r.message }

/** Entities of a model without source paths, for comparing a draft's model with the file read back. */
function plain(t: Topology) {
  const v = t.vhosts.get('/')!
  const strip = <T extends { path?: unknown; arguments: ReadonlyMap<string, unknown> }>(e: T) => { const { path: _p, ...rest } = e; return { ...rest, arguments: [...e.arguments] } }
  return { version: t.rabbitmqVersion, exchanges: [...v.exchanges.values()].map(strip), queues: [...v.queues.values()].map(strip), bindings: v.bindings.map(strip) }
}

describe('the starter topology', () => {
  const d = starterDraft()
  const text = render(d)

  it('has a topic exchange, two queues bound with * and #, and a dead-letter exchange and queue', () => {
    expect(d.exchanges.filter((x) => x.type === 'topic')).toHaveLength(1)
    expect(d.bindings.map((b) => b.routingKey)).toEqual(expect.arrayContaining(['order.*', '#']))
    expect(d.queues.some((q) => q.deadLetterExchange !== undefined)).toBe(true)
  })

  it('starts with the modeline, is commented, and lints with no finding at all', () => {
    expect(text.split('\n')[0]).toBe(modeline(SCHEMA))
    expect(text).toMatch(/# `#` alone matches every routing key/)
    expect(text).toMatch(/rmq-sim trace t\.yaml --exchange events --key order\.created/)
    expect(checkRendered(text, 't.yaml').diagnostics).toEqual([])
  })

  it('reads back to the model it was written from', () => {
    const loaded = parseTopologyText(text, 't.yaml')
    expect(loaded.diagnostics).toEqual([])
    expect(plain(loaded.topology!)).toEqual(plain(draftToTopology(orderForFile(d))))
  })
})

describe('flags', () => {
  it('no entity flags: the starter (with --rabbitmq written as rabbitmq:)', () => {
    const r = draftFromFlags({ rabbitmq: '3.13' })
    expect(r.ok && r.starter).toBe(true)
    expect(r.ok && r.draft.rabbitmq).toBe('3.13')
    expect(render(flags({ rabbitmq: '3.13' }))).toMatch(/^rabbitmq: "3\.13"$/m)
    expect(hasEntityFlags({ dlx: true })).toBe(true)
    expect(hasEntityFlags({ exchange: [] })).toBe(false)
  })

  it('exchanges, queues, bindings (queue or exchange destination), --dlx per queue except streams', () => {
    const r = draftFromFlags({
      exchange: ['shop:topic', 'fan:fanout', 'h:headers'], queue: ['orders:quorum', 'mail', 'log:stream'],
      bind: ['shop:orders:order.#', 'shop:fan:order.shipped', 'fan:mail', 'h:orders:x-match=any,format=pdf', 'shop:log:#'], dlx: true,
    })
    if (!r.ok) throw new Error(r.message)
    expect(r.notes.join()).toMatch(/'log' is a stream/)
    const d = r.draft
    expect(d.exchanges.map((x) => x.name)).toEqual(['shop', 'fan', 'h', 'orders.dlx', 'mail.dlx'])
    expect(d.queues.map((q) => `${q.name}:${q.type}`)).toEqual(['orders:quorum', 'mail:classic', 'log:stream', 'orders.dlq:quorum', 'mail.dlq:classic'])
    expect(d.bindings.find((b) => b.destination === 'fan')?.destinationType).toBe('exchange')
    const h = d.bindings.find((b) => b.source === 'h')!
    expect(h.routingKey).toBe('')
    expect([...h.arguments.keys()]).toEqual(['x-match', 'format'])
    const text = render(d)
    const found = checkRendered(text, 't.yaml')
    expect(found.errors).toEqual([])
    expect(found.warnings.map((w) => w.rule)).toEqual([]) // every queue and exchange is bound: nothing to warn about
    expect(plain(parseTopologyText(text, 't.yaml').topology!)).toEqual(plain(draftToTopology(orderForFile(d))))
  })

  it.each([
    [{ exchange: ['shop'] }, /give a type, e.g. --exchange shop:topic/],
    [{ exchange: ['shop:topc'] }, /unknown exchange type 'topc'/],
    [{ exchange: ['amq.shop:topic'] }, /reserved/],
    [{ exchange: ['a:topic', 'a:fanout'] }, /already an exchange named 'a'/],
    [{ queue: ['q:qourum'] }, /unknown queue type 'qourum'/],
    [{ queue: ['q'.repeat(252) + ':quorum'] }, /at most 251 bytes/],
    [{ queue: ['q'], bind: ['x:q'] }, /no exchange named 'x'/],
    [{ queue: ['q'], bind: [':q'] }, /default exchange/],
    [{ exchange: ['x:topic'], bind: ['x:nowhere:#'] }, /no queue or exchange named 'nowhere'/],
    [{ exchange: ['x:topic', 'q:fanout'], queue: ['q'], bind: ['x:q'] }, /both a queue and an exchange/],
    [{ exchange: ['x:topic'], queue: ['q'], bind: ['x'] }, /expected source:destination/],
    [{ exchange: ['h:headers'], queue: ['q'], bind: ['h:q:x-match=some'] }, /x-match must be/],
    [{ rabbitmq: '2.8' }, /--rabbitmq: .*not supported/],
  ] as [InitFlags, RegExp][])('refuses bad flags #%#: %s', (f, message) => {
    expect(flagError(f)).toMatch(message)
  })

  it('binds from a predeclared exchange (amq.topic) without declaring it', () => {
    const text = render(flags({ queue: ['q'], bind: ['amq.topic:q:#'] }))
    expect(checkRendered(text, 't.yaml').diagnostics).toEqual([])
  })

  it('property: any set of valid flags renders a file that loads, reads back the same, and lints without error', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/).filter((s) => !s.startsWith('amq.'))
    const arb = fc.record({
      exchanges: fc.uniqueArray(fc.tuple(name, fc.constantFrom('direct', 'fanout', 'topic', 'headers')), { selector: (t) => t[0], maxLength: 4 }),
      queues: fc.uniqueArray(fc.tuple(name, fc.constantFrom('classic', 'quorum', 'stream')), { selector: (t) => t[0], maxLength: 4 }),
      keys: fc.array(fc.constantFrom('#', 'a.*', 'a.#', 'k', '*.b', 'x-match=any,a=1'), { maxLength: 6 }),
      dlx: fc.boolean(),
      version: fc.constantFrom(undefined, '3.10', '3.13', '4.3.5'),
    })
    fc.assert(fc.property(arb, ({ exchanges, queues, keys, dlx, version }) => {
      const qNames = queues.map((q) => q[0])
      const xNames = new Set(exchanges.map((x) => x[0]))
      const dests = qNames.filter((q) => !xNames.has(q))
      const bind = exchanges.length === 0 || dests.length === 0 ? [] : keys.map((k, i) => `${exchanges[i % exchanges.length]![0]}:${dests[i % dests.length]}:${k}`)
      const r = draftFromFlags({ exchange: exchanges.map((x) => x.join(':')), queue: queues.map((q) => q.join(':')), bind, dlx, ...(version ? { rabbitmq: version } : {}) })
      if (!r.ok) {
        // the only refusals valid-looking flags can meet: a repeated binding, or a dead-letter name already taken
        expect(r.message).toMatch(/exists already|already (an exchange|a queue) named|no queue or exchange|both a queue/)
        return
      }
      const text = render(r.draft)
      const loaded = parseTopologyText(text, 't.yaml')
      expect(loaded.diagnostics).toEqual([])
      expect(plain(loaded.topology!)).toEqual(plain(draftToTopology(orderForFile(r.draft))))
      expect(checkRendered(text, 't.yaml').errors).toEqual([])
    }), { numRuns: 150 })
  })
})

describe('the header commands quote names so a shell reads them back', () => {
  it.each(['plain.name', "it's", 'a b', '#x', 'ü', `a\nb`, `tab\tx`, `back\\slash'`, '$HOME'])('%j', (word) => {
    const r = spawnSync('bash', ['-c', `printf %s ${shellWord(word)}`], { encoding: 'utf8' })
    expect(r.stdout).toBe(word)
  })
})
