import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { outputOf, spawnRepl, type Run } from './repl-helpers.js'

// Connections, double acks, verbose deliveries and consumer counts in the REPL, through the real bin
// (--script). Broker behaviour: rabbit_amqqueue:check_exclusive_access, rabbit_channel:collect_acks,
// rabbit_fifo (get channels count as consumers); the real-broker scenarios exclusive-queue-locked and
// connection-close-requeues check the same on RabbitMQ 3.10.
const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-repl-conn-'))
let n = 0

function repl(script: string, args: readonly string[] = []): Run {
  const topology = join(dir, `t${++n}.yaml`)
  writeFileSync(topology, 'queues:\n  q:\n  dlq:\n  qq:\n    arguments: { x-queue-type: quorum, x-dead-letter-exchange: "", x-dead-letter-routing-key: dlq }\n')
  const s = join(dir, `s${n}.rms`)
  writeFileSync(s, script)
  return spawnRepl([topology, '--rabbitmq', '3.10', ...args, '--script', s], { dir })
}

const LOCKED = "error: RESOURCE_LOCKED - cannot obtain exclusive access to locked queue 'ex' in vhost '/'. It could be " +
  'originally declared on another connection or the exclusive property value does not match that of the original declaration.'

describe('rmq-sim repl: connections and exclusive queues', () => {
  it('connect, declare an exclusive queue; the default connection gets 405 on get, consume and declare', () => {
    const r = repl([
      'connect c2', 'declare queue ex --exclusive --no-durable', 'publish "" ex --count 2', 'use default',
      'get ex', 'consume ex', 'declare queue ex --exclusive --no-durable', 'connections', 'use c2', 'get ex',
    ].join('\n'))
    expect(r.code).toBe(1)
    expect(outputOf(r, 'connect c2')).toEqual(['connection c2 opened; now using it (channels c2/ch1, c2/pub)'])
    expect(outputOf(r, 'get ex')).toEqual([LOCKED, 'channel ch1 closed by this error (the next use opens it again)'])
    expect(outputOf(r, 'consume ex')[0]).toBe(LOCKED)
    expect(outputOf(r, 'declare queue ex --exclusive --no-durable', 1)).toEqual([LOCKED])
    expect(outputOf(r, 'connections').map((l) => l.trim().split(/ {2,}/))).toEqual([
      ['connection', 'channels', 'exclusive queues'], ['* default', '-', '-'], ['c2', 'c2/pub', 'ex'],
    ])
    // The owner gets the message, on its own default channel (c2/ch1, not named: it is the current default).
    expect(outputOf(r, 'get ex', 1)[0]).toBe('→ get ← m1 ("ex") from ex tag 1')
  })

  it('close --connection closes its channels (requeue), deletes its exclusive queue, and switches back', () => {
    const r = repl([
      'publish "" q --count 2', 'connect c2', 'declare queue ex --exclusive --no-durable', 'publish "" ex',
      'consume q --tag c1 --prefetch 1', 'close --connection c2', 'queues', 'publish "" ex --mandatory',
    ].join('\n'))
    expect(r.code, r.stdout).toBe(0)
    expect(outputOf(r, 'close --connection c2')).toEqual([
      'channel c2/pub closed',
      'consumer c1 on q cancelled',
      '↺ m1 requeued to q (tag 1)',
      'channel c2/ch1 closed; 1 unacked requeued',
      'queue ex deleted (exclusive: its connection closed), 1 message discarded',
      'connection c2 closed (channels c2/pub, c2/ch1)',
      'now using connection default',
    ])
    expect(outputOf(r, 'queues').join('\n')).toMatch(/^ +q +2 +2 +0 +0/m)
    expect(outputOf(r, 'queues').join('\n')).not.toMatch(/^ +ex /m)
    expect(outputOf(r, 'publish "" ex --mandatory')).toContain('↩ returned m4 312 NO_ROUTE')
  })

  it('refuses what is not a connection, and says which ones are open', () => {
    const r = repl('use nope\nclose --connection nope\nconnect "a b"\nclose ch1 --connection default\n')
    expect(outputOf(r, 'use nope')).toEqual(['error: no open connection "nope"; `connect nope` opens it'])
    expect(outputOf(r, 'close --connection nope')).toEqual(['error: no open connection "nope" (open: default)'])
    expect(outputOf(r, 'connect "a b"')).toEqual(['error: connection names have no spaces or "/": "a b"'])
    expect(outputOf(r, 'close ch1 --connection default')).toEqual(['error: give a channel or --connection, not both'])
  })
})

describe('rmq-sim repl: the broker\'s answer to a double ack', () => {
  it('a second ack of the same delivery: 406, the channel closes and its other unacked messages are requeued', () => {
    const r = repl('publish "" q --count 3\nget q\nget q\nack 1\nack 1\ninspect q\n')
    expect(r.code).toBe(1)
    expect(outputOf(r, 'ack 1')).toEqual(['✓ acked m1 (tag 1)'])
    expect(outputOf(r, 'ack 1', 1)).toEqual([
      'error: PRECONDITION_FAILED - unknown delivery tag 1',
      '↺ m2 requeued to q (tag 2)',
      'channel ch1 closed by this error; 1 unacked requeued (the next use opens it again)',
    ])
    expect(outputOf(r, 'inspect q')[0]).toBe('q: 2 ready, 0 unacked')
  })
})

describe('rmq-sim repl: consumer deliveries in full (consume --verbose)', () => {
  it('shows x-delivery-count on a quorum redelivery and x-death on a dead letter; a plain consumer stays one line', () => {
    const r = repl([
      'consume dlq --tag d --verbose', 'consume qq --tag c --prefetch 1 --verbose', 'publish "" qq --message-id a',
      'nack 1', 'reject 2 --no-requeue',
    ].join('\n'))
    expect(r.code, r.stdout).toBe(0)
    expect(outputOf(r, 'nack 1')).toEqual([
      '↺ a requeued to qq (tag 1)',
      '→ c ← a ("qq") from qq tag 2 (redelivered)',
      '     body "" (0 bytes)',
      '     properties message-id a',
      '     headers x-delivery-count: 1 (long)',
    ])
    const dead = outputOf(r, 'reject 2 --no-requeue')
    expect(dead[0]).toMatch(/^✗ dead-lettered a from qq \(rejected\)/)
    expect(dead[1]).toBe('→ d ← a ("dlq") from dlq tag 3')
    expect(dead.join('\n')).toMatch(/x-death \(newest first\)\n +count 1 · rejected · queue qq/)
    const plain = repl('consume q --tag p\npublish "" q\n')
    expect(outputOf(plain, 'publish "" q')).toEqual(['m1 ("q") routed to q', '→ p ← m1 ("q") from q tag 1'])
  })
})

describe('rmq-sim repl: consumer counts as a passive declare answers them', () => {
  it('a quorum queue counts the basic.get channel holding its messages as a consumer', () => {
    const r = repl('publish "" qq --count 2\nget qq\nqueues\nack 1\nqueues\n')
    expect(outputOf(r, 'queues').join('\n')).toMatch(/^ +qq +2 +1 +1 +1 /m)
    expect(outputOf(r, 'queues', 1).join('\n')).toMatch(/^ +qq +1 +1 +0 +0 /m)
  })
})

describe('rmq-sim repl: help', () => {
  it('help publish names the publish channel (pub), help consume the consumers\' one (ch1)', () => {
    const r = repl('help publish\nhelp consume\nhelp connect\n')
    expect(outputOf(r, 'help publish').join('\n')).toMatch(/--channel <channel> +channel to use \(default: pub, or <connection>\/pub after connect/)
    expect(outputOf(r, 'help consume').join('\n')).toMatch(/--channel <channel> +channel to use \(default: ch1, or <connection>\/ch1 after connect/)
    expect(outputOf(r, 'help connect').join('\n')).toMatch(/405 RESOURCE_LOCKED/)
  })
})
