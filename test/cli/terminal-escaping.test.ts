// Text from a file never reaches the terminal raw (issue #8, "Terminal injection"): names, keys, header names and
// values, argument values and the messages that quote them are escaped in every human-readable format, so a queue
// named "q\r\x1b[2K" cannot erase a line and a bidi override cannot reorder one. JSON output stays exact.
import { describe, expect, it } from 'vitest'
import { runCli, tempDirWith } from './trace-helpers.js'
import { spawnRepl } from './repl-helpers.js'

// C0 (but newline), DEL, C1 and the bidi embedding/override/isolate characters.
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u

const EVIL_Q = 'q\r\u001b[2Kfine\u0085'
const EVIL_X = 'x\u202egnp.exe'
const EVIL_KEY = 'a.\u001b]0;title\u0007'
const TOPOLOGY = JSON.stringify({
  exchanges: {
    [EVIL_X]: { type: 'topic', arguments: { 'alternate-exchange': 'ae\u2066' } },
    'ae\u2066': { type: 'fanout' },
    hx: { type: 'headers' },
  },
  queues: {
    [EVIL_Q]: { arguments: { 'x-dead-letter-exchange': 'dlx\u001b[31m' } },
    'other\u009b': {},
  },
  bindings: [
    { source: EVIL_X, destination: EVIL_Q, destination_type: 'queue', routing_key: 'a.*' },
    { source: EVIL_X, destination: 'other\u009b', destination_type: 'queue', routing_key: 'b.\u001b[1m#' },
    { source: 'ae\u2066', destination: EVIL_Q, destination_type: 'queue', routing_key: '' },
    { source: 'hx', destination: EVIL_Q, destination_type: 'queue', routing_key: '', arguments: { 'x-match': 'all', 'h\u001b[2K': 'v\r' } },
  ],
}, null, 1)

function rawIn(text: string): string | undefined {
  const line = text.split('\n').find((l) => RAW.test(l))
  return line === undefined ? undefined : JSON.stringify(line)
}

describe('control characters from a file are escaped in human output', () => {
  const dir = tempDirWith({ 't.yaml': TOPOLOGY })

  it.each([
    ['trace', ['trace', 't.yaml', '-e', EVIL_X, '-k', EVIL_KEY, '--verbose']],
    ['trace (alternate exchange)', ['trace', 't.yaml', '-e', EVIL_X, '-k', 'zzz', '--verbose', '--mandatory']],
    ['trace (headers)', ['trace', 't.yaml', '-e', 'hx', '-H', 'h\u001b[2K=v\r', '--verbose']],
    ['explain (topology mode)', ['explain', 't.yaml', '-e', EVIL_X, '-k', 'a.b']],
    ['explain (headers exchange)', ['explain', 't.yaml', '-e', 'hx', '-H', 'h\u001b[2K=w']],
    ['explain (pattern mode)', ['explain', 'a.\u001b[2K*', 'a.\u001b[2Kb\u202e']],
    ['trace of an unknown exchange', ['trace', 't.yaml', '-e', 'nope\u001b[2K', '-k', 'k']],
  ])('%s', async (_name, args) => {
    const r = await runCli(args, { cwd: dir })
    expect(r.stdout + r.stderr).not.toBe('')
    expect(rawIn(r.stdout)).toBeUndefined()
    expect(rawIn(r.stderr)).toBeUndefined()
  })

  it('a load error quoting a hostile name (exit 2) is escaped too', async () => {
    const bad = tempDirWith({ 'b.yaml': 'queues:\n  "q\\r\\e[2K":\n    "dura\\e[2Kble\\u202e": true\n' })
    const r = await runCli(['trace', 'b.yaml', '-e', '', '-k', 'q'], { cwd: bad })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/b\.yaml:3:5 schema\/additional-property unknown property 'dura\\e\[2Kble\\u\{202e\}'/)
    expect(rawIn(r.stderr)).toBeUndefined()
  })

  it('the REPL: listings, publish, get, consume and trace', () => {
    // The script holds the raw characters (a script is a file too); the tokenizer's \\r escape gives the carriage return.
    const script = [
      'queues', 'exchanges', 'bindings',
      `publish "${EVIL_X}" a.b`,
      'publish hx "" -H "h\u001b[2K=v\\r"',
      'get "q\\r\u001b[2Kfine\u0085"',
      'consume "q\\r\u001b[2Kfine\u0085"',
      `trace "${EVIL_X}" "a.\u001b[2K"`,
    ].join('\n')
    const dirR = tempDirWith({ 't.yaml': TOPOLOGY })
    const r = spawnRepl(['t.yaml'], { dir: dirR, input: `${script}\n` })
    expect(r.stdout).toMatch(/m1 \("x\\u\{202e\}gnp\.exe" "a\.b"\) routed to "q\\r\\u001b\[2Kfine\\x85"/)
    expect(r.stdout).toMatch(/m2 \(hx ""\) routed to "q\\r/)
    expect(r.stdout).toMatch(/consumer/)
    expect(rawIn(r.stdout)).toBeUndefined()
    expect(rawIn(r.stderr)).toBeUndefined()
  })

  it('JSON output keeps the exact names', async () => {
    const r = await runCli(['trace', 't.yaml', '-e', EVIL_X, '-k', 'a.b', '--json'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).queues).toEqual([EVIL_Q])
  })
})
