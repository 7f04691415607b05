import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Chalk } from 'chalk'
import { ReplSession } from '../../src/repl/session.js'
import type { ReplServices, ReplTopology } from '../../src/repl/services.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'
import { rulesFor } from '../../src/core/versions.js'
import { buildHeaders } from '../../src/cli/header-args.js'

const ROOT = resolve(import.meta.dirname, '../..')
const DEMO = join(ROOT, 'samples/repl-demo.yaml')

function demo(): ReplTopology {
  const loaded = parseTopologyText(readFileSync(DEMO, 'utf8'), DEMO)
  if (!loaded.topology) throw new Error(JSON.stringify(loaded.diagnostics))
  return { topology: loaded.topology, vhost: '/', rules: rulesFor('3.13'), file: DEMO, format: 'yaml', demo: true }
}

const services: ReplServices = {
  loadTopology: () => Promise.reject(new Error('no files in this test')),
  buildHeaders: (input) => buildHeaders(input),
}

function session(): { s: ReplSession; out: string[] } {
  const out: string[] = []
  const s = new ReplSession({ start: demo(), services, chalk: new Chalk({ level: 0 }), cwd: ROOT, write: (l) => out.push(l) })
  return { s, out }
}

/** Everything a failed command must leave alone (channels excepted: a channel error closes its channel). */
function snapshot(s: ReplSession): string {
  const b = s.broker
  return JSON.stringify({
    now: b.now,
    queues: b.queueStats().map((q) => [q.name, q.ready, q.unacked, q.consumers, b.peek(q.name).map((m) => [m.message.seq, m.redelivered])]),
    consumers: b.consumers().map((k) => [k.consumerTag, k.queue, k.unacked]),
    unacked: b.unacked().map((d) => [d.channel, d.deliveryTag, d.message.seq]),
    bindings: [...(b.topology().vhosts.get('/')?.bindings ?? [])].map((x) => [x.source, x.destination, x.routingKey]),
    exchanges: [...(b.topology().vhosts.get('/')?.exchanges.keys() ?? [])],
  })
}

describe('ReplSession', () => {
  it('loads the demo and prints its banner', () => {
    const { s } = session()
    expect(s.banner()).toMatch(/the bundled demo topology, vhost "\/", RabbitMQ 3\.13 rules \(6 exchanges, 10 queues, 10 bindings\)/)
  })

  it('blank lines and comments do nothing; exit ends', async () => {
    const { s, out } = session()
    expect(await s.execute('   ')).toEqual({ ok: true })
    expect(await s.execute('# publish shop x')).toEqual({ ok: true })
    expect(out).toEqual([])
    expect(await s.execute('quit')).toEqual({ ok: true, exit: true })
    expect(await s.execute('.exit')).toEqual({ ok: true, exit: true })
  })

  it('a bare publish without a terminal fails with the usage instead of prompting', async () => {
    const { s, out } = session()
    expect((await s.execute('publish')).ok).toBe(false)
    expect(out).toEqual([expect.stringMatching(/^error: missing <exchange>: usage: publish <exchange>/)])
  })

  it('the prompt shows the vhost, and the clock once it moved', async () => {
    const { s } = session()
    expect(s.prompt()).toBe('rmq-sim /> ')
    await s.execute('tick 1m30s')
    expect(s.prompt()).toBe('rmq-sim / t=90s> ')
  })

  it('completion reads live names: a queue declared at run time completes at once', async () => {
    const { s } = session()
    await s.execute('declare queue zebra')
    expect(s.completionSource().queues()).toContain('zebra')
    expect(s.completionSource().exchanges()).toEqual(expect.arrayContaining(['', 'amq.topic', 'shop']))
    // Routing keys: direct binding keys, wildcard-free topic keys only, queue names for the default exchange.
    expect(s.completionSource().routingKeys('billing')).toEqual(['payment', 'payment.retry'])
    expect(s.completionSource().routingKeys('shop')).toEqual([])
    await s.execute('bind shop zebra order.special')
    expect(s.completionSource().routingKeys('shop')).toEqual(['order.special'])
    expect(s.completionSource().routingKeys('')).toContain('zebra')
    expect(s.completionSource().routingKeys('notify')).toEqual([])
  })

  // Words that make commands fail in many ways: unknown names, bad numbers, bad headers, stray options.
  const word = fc.constantFrom(
    'publish', 'consume', 'get', 'ack', 'nack', 'reject', 'cancel', 'tick', 'declare', 'delete', 'bind', 'unbind', 'purge',
    'inspect', 'close', 'queue', 'exchange', 'shop', 'nope', 'orders.all', 'dlx', '""', '0', '1', '7', '-1', 'abc', '30s',
    '--prefetch', '--multiple', '--no-requeue', '--arg', 'x-message-ttl=5', 'x-max-length=1', '-H', 'n:int=x', 'n:int=1',
    '--expiration', '--priority', '999', '--count', '--bogus', '"unterminated', "'", '\\', '--channel', 'ch9', 'c1', 'topic',
    '--to-exchange', '--if-empty', 'x-overflow=reject-publish', '__proto__', 'constructor',
  )

  it('no input throws, and a failed command leaves the broker state unchanged unless a channel error closed its channel (property)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.array(word, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
      async (lines) => {
        const { s, out } = session()
        // A little state first, so failures have something to disturb.
        await s.execute('consume orders.all --tag c1 --prefetch 2')
        await s.execute('publish shop order.created.eu --count 3')
        await s.execute('get orders.eu')
        for (const words of lines) {
          const before = snapshot(s)
          const printed = out.length
          const r = await s.execute(words.join(' '))
          // A broker channel error (e.g. 406 unknown delivery tag) closes its channel and requeues, as RabbitMQ
          // does, and says so; any other failure changes nothing.
          const closedByError = out.slice(printed).some((l) => l.includes('closed by this error'))
          if (!r.ok && !closedByError) {
            expect(snapshot(s), words.join(' ')).toBe(before)
            expect(out.slice(printed).some((l) => l.startsWith('error: ')), words.join(' ')).toBe(true)
          }
          expect(out.join('\n')).not.toMatch(/not implemented|internal error|TypeError|\n\s+at /)
        }
      },
    ), { numRuns: 150 })
  })
})
