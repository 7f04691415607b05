import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, tempDirWith } from './trace-helpers.js'

// A small topology exercising every element of the trace output. Rules cited: rabbit_exchange.erl (route1,
// process_alternate), rabbit_basic.erl (CC/BCC), rabbit_exchange_type_headers.erl (typed equality).
const TOPOLOGY = `
exchanges:
  orders: { type: topic, arguments: { alternate-exchange: unrouted } }
  events: { type: fanout }
  unrouted: { type: fanout, internal: true }
  loop-a: { type: topic }
  loop-b: { type: topic }
  pol.x: { type: direct }
  pol-ae: { type: fanout }
  hashed: { type: x-consistent-hash }
  h: { type: headers }
  d: { type: direct }
  dia: { type: fanout }
  dia-a: { type: fanout }
  dia-b: { type: fanout }
  dia-c: { type: fanout }
policies:
  ae-policy: { pattern: "^pol\\\\.", apply-to: exchanges, definition: { alternate-exchange: pol-ae } }
queues:
  audit:
  eu:
  log:
  lost:
  pdf:
  q1:
  q2:
  cycled:
  pol-q:
  dia-q:
bindings:
  - { source: dia, destination: dia-a, destination_type: exchange }
  - { source: dia, destination: dia-b, destination_type: exchange }
  - { source: dia-a, destination: dia-c, destination_type: exchange }
  - { source: dia-b, destination: dia-c, destination_type: exchange }
  - { source: dia-c, destination: dia-q }
  - { source: dia-a, destination: dia-q }
  - { source: orders, destination: audit, routing_key: "order.#" }
  - { source: orders, destination: eu, routing_key: "order.*.eu" }
  - { source: orders, destination: events, destination_type: exchange, routing_key: "order.created.*" }
  - { source: events, destination: log }
  - { source: unrouted, destination: lost }
  - { source: loop-a, destination: loop-b, destination_type: exchange, routing_key: "#" }
  - { source: loop-b, destination: loop-a, destination_type: exchange, routing_key: "#" }
  - { source: loop-b, destination: cycled, routing_key: "#" }
  - { source: pol-ae, destination: pol-q }
  - { source: h, destination: pdf, arguments: { x-match: all, n: 1, format: pdf } }
  - { source: d, destination: q1, routing_key: k1 }
  - { source: d, destination: q2, routing_key: k2 }
`

const MULTI_VHOST = `
vhosts:
  a:
    exchanges: { x: { type: fanout } }
    queues: { qa: }
    bindings: [{ source: x, destination: qa }]
  b:
    exchanges: { x: { type: fanout } }
    queues: { qb: }
    bindings: [{ source: x, destination: qb }]
`

let dir: string
beforeAll(() => {
  dir = tempDirWith({
    't.yaml': TOPOLOGY,
    'multi.yaml': MULTI_VHOST,
    'broken.yaml': 'exchanges:\n  x: { type: topic\n',
    'badtype.yaml': 'exchanges:\n  x: { type: 5 }\n',
    'probes.jsonl': [
      '{"exchange": "orders", "routingKey": "order.created.eu"}',
      '',
      'not json',
      '{"exchange": "nope", "routingKey": "x"}',
      '{"exchange": "h", "headers": {"n": 1.0, "format": "pdf"}}',
      '{"exchange": "d", "routingKey": "zz", "cc": ["k1"], "bcc": ["k2"], "mandatory": true}',
      '{"exchange": "d", "routing_key": "k1"}',
    ].join('\n') + '\n',
  })
})

const trace = (...args: string[]) => runCli(['trace', ...args], { cwd: dir })

describe('rmq-sim trace (human output)', () => {
  it('lists the queues reached ("copies to N queues") and the route as a tree with the keys that led there', async () => {
    const r = await trace('t.yaml', '-e', 'orders', '-k', 'order.created.eu')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('✓ routed: copies to 3 queues: audit, eu, log')
    expect(r.stdout).toContain('exchange orders (topic) (published here)')
    expect(r.stdout).toContain('binding "order.#" → queue audit · via key "order.created.eu"')
    // bindings in file order; the fanout hop nested under the E2E binding that reached it
    expect(r.stdout).toMatch(/├─ binding "order\.#"[^\n]*\n├─ binding "order\.\*\.eu"[^\n]*\n└─ binding "order\.created\.\*" → exchange events \(fanout\) · via key "order\.created\.eu"\n {3}└─ binding → queue log/)
    expect(r.stdout).not.toContain('\u001b[') // NO_COLOR
  })

  it('marks an alternate-exchange hop (argument), and an internal AE still routes', async () => {
    const r = await trace('t.yaml', '-e', 'orders', '-k', 'invoice.paid')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    expect(r.stdout).toContain('✓ routed to 1 queue: lost')
    expect(r.stdout).toContain('no binding matched')
    expect(r.stdout).toContain('exchange unrouted (fanout) (alternate exchange of orders, via argument)')
  })

  it('marks an alternate exchange set by a policy, naming the policy', async () => {
    const r = await trace('t.yaml', '-e', 'pol.x', '-k', 'whatever')
    expect(r.stdout).toContain('exchange pol-ae (fanout) (alternate exchange of pol.x, via policy ae-policy)')
    expect(r.stdout).toContain('✓ routed to 1 queue: pol-q')
  })

  it('shows the cycle skip: each exchange routes once (E2E cycle loop-a ⇄ loop-b)', async () => {
    const r = await trace('t.yaml', '-e', 'loop-a', '-k', 'k')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    expect(r.stdout).toContain('✓ routed to 1 queue: cycled')
    expect(r.stdout).toMatch(/→ exchange loop-a · via key "k" \(already visited: skipped/)
  })

  it('a diamond: the shared exchange routes once and the queue gets one copy, reached two ways', async () => {
    const r = await trace('t.yaml', '-e', 'dia')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    expect(r.stdout).toContain('✓ routed to 1 queue: dia-q')
    expect(r.stdout).toMatch(/→ exchange dia-c \(already visited: skipped/)
    expect(r.stdout).toContain('dia-q gets one copy, reached 2 ways')
  })

  it('says an exchange type it cannot simulate makes the answer partial', async () => {
    const r = await trace('t.yaml', '-e', 'hashed', '-k', 'k')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    expect(r.stdout).toContain('cannot simulate x-consistent-hash (exchange hashed): answer partial')
  })

  it('explains the default exchange: each key names a queue (CC keys too)', async () => {
    const r = await trace('t.yaml', '-e', '', '-k', 'audit', '--cc', 'eu', '--cc', 'missing')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    expect(r.stdout).toContain('copies to 2 queues: audit, eu')
    expect(r.stdout).toContain('default exchange "" (direct): each routing key names a queue')
    expect(r.stdout).toContain('key "missing": no queue of that name')
  })

  it('unroutable: "dropped" without --mandatory, "returned (basic.return 312 NO_ROUTE)" with it', async () => {
    const dropped = await trace('t.yaml', '-e', 'd', '-k', 'none')
    expect({ code: dropped.code, stderr: dropped.stderr }).toEqual({ code: 0, stderr: "" })
    expect(dropped.stdout).toContain('✗ unroutable: dropped')
    const returned = await trace('t.yaml', '-e', 'd', '-k', 'none', '--mandatory')
    expect({ code: returned.code, stderr: returned.stderr }).toEqual({ code: 0, stderr: "" })
    expect(returned.stdout).toContain('✗ unroutable: returned (basic.return 312 NO_ROUTE)')
  })

  it('CC and BCC keys route at the exchange and are labelled (rabbit_basic:header_routes/1)', async () => {
    const r = await trace('t.yaml', '-e', 'd', '-k', 'zz', '--cc', 'k1', '--bcc', 'k2')
    expect(r.stdout).toContain('copies to 2 queues: q1, q2')
    expect(r.stdout).toContain('→ queue q1 · via CC "k1"')
    expect(r.stdout).toContain('→ queue q2 · via BCC "k2"')
  })

  it('--verbose lists the bindings that did not match, with the reason', async () => {
    const quiet = await trace('t.yaml', '-e', 'd', '-k', 'k1')
    expect(quiet.stdout).not.toContain('✗ binding')
    const r = await trace('t.yaml', '-e', 'd', '-k', 'k1', '--verbose')
    expect(r.stdout).toMatch(/✗ binding "k2" → queue q2: .+/)
  })
})

describe('colour', () => {
  it('FORCE_COLOR colours the human output, --no-color wins, --json is never coloured', async () => {
    const env = { FORCE_COLOR: '1', NO_COLOR: '' }
    const human = await runCli(['trace', 't.yaml', '-e', 'd', '-k', 'k1'], { cwd: dir, env })
    expect(human.stdout).toContain('\u001b[')
    const off = await runCli(['trace', 't.yaml', '-e', 'd', '-k', 'k1', '--no-color'], { cwd: dir, env })
    expect(off.stdout).not.toContain('\u001b[')
    const json = await runCli(['trace', 't.yaml', '-e', 'd', '-k', 'k1', '--json'], { cwd: dir, env })
    expect(json.stdout).not.toContain('\u001b[')
    expect(JSON.parse(json.stdout).queues).toEqual(['q1'])
  })
})

describe('typed headers change the result (rabbit_exchange_type_headers.erl: == up to 3.12, =:= from 3.13)', () => {
  it.each([
    ['3.10', ['-H', 'n:double=1.0'], true],
    ['3.13', ['-H', 'n:double=1.0'], false],
    ['3.13', ['-H', 'n:int=1'], true],
    ['3.13', ['-H', 'n=1'], false], // a string "1" never equals the integer 1
    ['3.10', ['--headers', '{"n": 1.0}'], true],
    ['3.13', ['--headers', '{"n": 1.0}'], false],
    ['3.13', ['--headers', '{"n": 1}'], true],
  ])('--rabbitmq %s %j → routed %s', async (version, flags, routed) => {
    const r = await trace('t.yaml', '-e', 'h', '-H', 'format=pdf', ...flags, '--rabbitmq', version, '--json')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    const j = JSON.parse(r.stdout) as { routed: boolean; queues: string[]; rabbitmq: string }
    expect(j.rabbitmq).toBe(version)
    expect(j.routed).toBe(routed)
    expect(j.queues).toEqual(routed ? ['pdf'] : [])
  })
})

describe('rmq-sim trace --json', () => {
  it('prints the documented shape (docs/trace-json.md)', async () => {
    const r = await trace('t.yaml', '-e', 'orders', '-k', 'order.created.eu', '--cc', 'x.y', '--json')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    const j = JSON.parse(r.stdout)
    expect(j).toMatchObject({
      vhost: '/', exchange: 'orders', routingKey: 'order.created.eu', routingKeys: ['order.created.eu', 'x.y'],
      cc: ['x.y'], bcc: [], mandatory: false, queues: ['audit', 'eu', 'log'], routed: true, returned: false,
      verdict: 'routed', unsupported: [],
    })
    expect(j.error).toBeUndefined()
    const [first, second] = j.hops
    expect(first).toMatchObject({ exchange: 'orders', type: 'topic', via: { kind: 'publish' }, alternate: { name: 'unrouted', source: 'argument', used: false, missing: false } })
    expect(first.matched).toContainEqual({ destination: 'audit', destinationType: 'queue', routingKey: 'order.#', arguments: {}, keys: ['order.created.eu'] })
    expect(second).toMatchObject({ exchange: 'events', type: 'fanout', via: { kind: 'binding', from: 'orders', bindingKey: 'order.created.*', keys: ['order.created.eu'] } })
    expect(j.routes).toContainEqual({ queue: 'log', via: [{ exchange: 'events', bindingKey: '', arguments: {}, keys: [] }] })
  })

  it('--verbose --json adds notMatched with the reason', async () => {
    const r = await trace('t.yaml', '-e', 'd', '-k', 'k1', '--verbose', '--json')
    const j = JSON.parse(r.stdout)
    expect(j.hops[0].notMatched).toEqual([{ destination: 'q2', destinationType: 'queue', routingKey: 'k2', arguments: {}, reason: expect.any(String) }])
    const plain = JSON.parse((await trace('t.yaml', '-e', 'd', '-k', 'k1', '--json')).stdout)
    expect(plain.hops[0].notMatched).toBeUndefined()
  })

  it('encodes binding arguments in the typed encoding', async () => {
    const r = await trace('t.yaml', '-e', 'h', '-H', 'format=pdf', '-H', 'n:long=1', '--json')
    const j = JSON.parse(r.stdout)
    expect(j.hops[0].matched[0].arguments).toEqual({ 'x-match': 'all', n: 1, format: 'pdf' })
  })

  it('a publish error has {code, name, message} and exit 1: 404, 403, 406', async () => {
    for (const [args, code, name] of [
      [['-e', 'nope'], 404, 'NOT_FOUND'],
      [['-e', 'unrouted'], 403, 'ACCESS_REFUSED'],
      [['-e', 'd', '-H', 'CC=not-an-array'], 406, 'PRECONDITION_FAILED'],
    ] as const) {
      const r = await trace('t.yaml', ...args, '--json')
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" })
      const j = JSON.parse(r.stdout)
      expect(j.error).toMatchObject({ code, name })
      expect(j.verdict).toBe('error')
    }
  })
})

describe('publish errors in human output (exit 1)', () => {
  it("prints RabbitMQ's 404 text and a did-you-mean", async () => {
    const r = await trace('t.yaml', '-e', 'order', '-k', 'x')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" })
    expect(r.stdout).toContain("NOT_FOUND - no exchange 'order' in vhost '/'")
    expect(r.stdout).toContain('did you mean "orders"?')
  })

  it("prints RabbitMQ's 403 for an internal exchange", async () => {
    const r = await trace('t.yaml', '-e', 'unrouted', '-k', 'x')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" })
    expect(r.stdout).toContain("ACCESS_REFUSED - cannot publish to internal exchange 'unrouted' in vhost '/'")
  })
})

describe('usage and I/O errors exit 2 without a stack trace', () => {
  it.each([
    ['missing --exchange', ['t.yaml', '-k', 'x'], /--exchange is required/],
    ['missing file', ['nope.yaml', '-e', 'x'], /nope\.yaml.*io\/not-found/],
    ['missing topology argument', ['-e', 'x'], /missing the topology file/],
    ['bad header type', ['t.yaml', '-e', 'x', '-H', 'n:intt=1'], /--header "n:intt=1": unknown type "intt"/],
    ['bad header value', ['t.yaml', '-e', 'x', '-H', 'n:int=one'], /--header "n:int=one": expected a whole number/],
    ['bad --headers JSON', ['t.yaml', '-e', 'x', '--headers', '{"a":'], /--headers: invalid JSON/],
    ['bad version', ['t.yaml', '-e', 'x', '--rabbitmq', '2.7'], /--rabbitmq: RabbitMQ 2\.7 is not supported/],
    ['unknown vhost', ['t.yaml', '-e', 'x', '--vhost', 'prod'], /no vhost "prod" in this topology \(vhosts: "\/"\)/],
    ['ambiguous vhost', ['multi.yaml', '-e', 'x'], /several vhosts.*--vhost.*"a", "b"/],
    ['YAML syntax error with file:line:col', ['broken.yaml', '-e', 'x'], /broken\.yaml:\d+:\d+ yaml\//],
    ['schema error with file:line:col', ['badtype.yaml', '-e', 'x'], /badtype\.yaml:2:\d+ schema\//],
    ['unknown option', ['t.yaml', '-e', 'x', '--nope'], /unknown option/],
    ['missing batch file', ['t.yaml', '--batch', 'none.jsonl'], /cannot read none\.jsonl: no such file/],
  ])('%s', async (_name, args, message) => {
    const r = await trace(...args)
    expect(r).toMatchObject({ code: 2 })
    expect(r.stderr).toMatch(message)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.stdout).toBe('')
  })

  it('--vhost picks one of several vhosts', async () => {
    const r = await trace('multi.yaml', '-e', 'x', '--vhost', 'b', '--json')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    expect(JSON.parse(r.stdout)).toMatchObject({ vhost: 'b', queues: ['qb'] })
  })
})

describe('rmq-sim trace --batch', () => {
  type Line = { line: number; queues: string[]; routed: boolean; error?: { code: number; name: string; message: string }; returned?: boolean; cc?: string[] }
  const lines = (stdout: string): Line[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Line)

  it('one JSON result per probe line, in order; a bad line in the middle gets BAD_PROBE and the rest still run; exit 1', async () => {
    const r = await trace('t.yaml', '--batch', 'probes.jsonl')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" })
    expect(r.stderr).toBe('')
    const out = lines(r.stdout)
    expect(out.map((l) => l.line)).toEqual([1, 3, 4, 5, 6, 7]) // blank line 2 skipped
    expect(out[0]).toMatchObject({ queues: ['audit', 'eu', 'log'], routed: true })
    expect(out[1]!.error).toMatchObject({ code: 400, name: 'BAD_PROBE', message: expect.stringContaining('invalid JSON') })
    expect(out[2]!.error).toMatchObject({ code: 404, name: 'NOT_FOUND' })
    expect(out[3]).toMatchObject({ queues: [], routed: false }) // 1.0 is a double: no match on 4.3.5
    expect(out[4]).toMatchObject({ queues: ['q1', 'q2'], cc: ['k1'] })
    expect(out[5]!.error).toMatchObject({ name: 'BAD_PROBE', message: expect.stringContaining('did you mean "routingKey"') })
  })

  it('reads probes from stdin with -, with the same fields as --json', async () => {
    const input = '{"exchange": "d", "routingKey": "k1"}\n{"exchange": "d", "routingKey": "none", "mandatory": true}\n'
    const r = await runCli(['trace', 't.yaml', '--batch', '-'], { cwd: dir, input })
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    const [a, b] = lines(r.stdout)
    const single = JSON.parse((await trace('t.yaml', '-e', 'd', '-k', 'k1', '--json')).stdout) as Record<string, unknown>
    expect(Object.keys(a!).filter((k) => k !== 'line').sort()).toEqual(Object.keys(single).sort())
    expect(a).toMatchObject({ queues: ['q1'], routed: true })
    expect(b).toMatchObject({ queues: [], routed: false, returned: true })
  })

  it('--exchange / --key / --mandatory give defaults to probes that leave them out', async () => {
    const input = '{}\n{"routingKey": "k2"}\n{"exchange": "orders", "routingKey": "order.x"}\n'
    const r = await runCli(['trace', 't.yaml', '--batch', '-', '-e', 'd', '-k', 'k1', '--mandatory'], { cwd: dir, input })
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' })
    const out = lines(r.stdout).map((l) => [l.queues, (l as { mandatory?: boolean }).mandatory])
    expect(out).toEqual([[['q1'], true], [['q2'], true], [['audit'], true]])
  })

  it('CRLF line ends are accepted; a line over 1 MiB is one BAD_PROBE, not buffered whole', async () => {
    const input = `{"exchange": "d", "routingKey": "k1"}\r\n${'x'.repeat(3 * 1024 * 1024)}\n{"exchange": "d", "routingKey": "k2"}`
    const r = await runCli(['trace', 't.yaml', '--batch', '-'], { cwd: dir, input })
    expect(r.code).toBe(1)
    const out = lines(r.stdout)
    expect(out.map((l) => [l.line, l.queues, l.error?.name])).toEqual([[1, ['q1'], undefined], [2, [], 'BAD_PROBE'], [3, ['q2'], undefined]])
  })

  it('--rabbitmq applies to every probe', async () => {
    const input = '{"exchange": "h", "headers": {"n": {"type": "double", "value": 1}, "format": "pdf"}}\n'
    const old = lines((await runCli(['trace', 't.yaml', '--batch', '-', '--rabbitmq', '3.10'], { cwd: dir, input })).stdout)
    const cur = lines((await runCli(['trace', 't.yaml', '--batch', '-', '--rabbitmq', '3.13'], { cwd: dir, input })).stdout)
    expect(old[0]!.queues).toEqual(['pdf'])
    expect(cur[0]!.queues).toEqual([])
  })

  it('a probe may name its vhost; an unknown vhost is a BAD_PROBE line', async () => {
    const input = '{"vhost": "a", "exchange": "x"}\n{"vhost": "b", "exchange": "x"}\n{"vhost": "c", "exchange": "x"}\n{"exchange": "x"}\n'
    const r = await runCli(['trace', 'multi.yaml', '--batch', '-'], { cwd: dir, input })
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" })
    const out = lines(r.stdout)
    expect(out[0]!.queues).toEqual(['qa'])
    expect(out[1]!.queues).toEqual(['qb'])
    expect(out[2]!.error?.message).toContain('no vhost "c"')
    expect(out[3]!.error?.message).toContain('several vhosts')
  })
})
