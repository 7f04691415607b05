import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { outputOf, spawnRepl, type Run } from './repl-helpers.js'

// These tests drive the real bin (dist/, built by `npm test`) through --script files and piped stdin,
// and assert what a user sees. Expected behaviours: docs/reference/rabbitmq-3.10-delivery-observed.md.
const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/rmq-sim.js')
const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-repl-'))

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
    try { execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' }) } catch { /* emits anyway */ }
  }
}, 120_000)


let fileCounter = 0
function topo(yaml: string): string {
  const file = join(dir, `t${++fileCounter}.yaml`)
  writeFileSync(file, yaml)
  return file
}

/** Runs a script through --script FILE (default) or piped stdin. */
function repl(script: string, opts: { file?: string; stdin?: boolean; args?: readonly string[]; cwd?: string } = {}): Run {
  const args = [...(opts.file ? [opts.file] : []), ...(opts.args ?? [])]
  let input: string | undefined
  if (opts.stdin) input = script
  else {
    const s = join(dir, `s${++fileCounter}.rms`)
    writeFileSync(s, script)
    args.push('--script', s)
  }
  return spawnRepl(args, { dir, ...(opts.cwd ? { cwd: opts.cwd } : {}), ...(input !== undefined ? { input } : {}) })
}


const deliveries = (run: Run) => run.stdout.split('\n').filter((l) => l.startsWith('→ '))

const SIMPLE = `
exchanges:
  x:
    type: fanout
  dlx:
    type: fanout
queues:
  q:
  dlq:
bindings:
  - { source: x, destination: q }
  - { source: dlx, destination: dlq }
`

function queueWith(args: string): string {
  return topo(`
exchanges:
  x: { type: direct }
  dlx: { type: fanout }
queues:
  q:
    arguments:
${args.trim().split('\n').map((l) => `      ${l.trim()}`).join('\n')}
  dlq:
bindings:
  - { source: x, destination: q, routing_key: k }
  - { source: dlx, destination: dlq }
`)
}

describe('rmq-sim repl: starting', () => {
  it('opens the bundled demo without a file, and help lists the commands', () => {
    const r = repl('help\nhelp publish\nexchanges\n')
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(r.stdout).toMatch(/^rmq-sim repl: the bundled demo topology, vhost "\/"/)
    expect(outputOf(r, 'help').join('\n')).toMatch(/publish +publish a message/)
    expect(outputOf(r, 'help publish').join('\n')).toMatch(/usage: publish <exchange> \[routing-key\]/)
    const ex = outputOf(r, 'exchanges').join('\n')
    for (const [name, type] of [['shop', 'topic'], ['notify', 'fanout'], ['billing', 'direct'], ['docs', 'headers']] as const) {
      expect(ex).toMatch(new RegExp(`^ +${name} +${type}`, 'm'))
    }
  })

  it('the demo routes through all four exchange types, its alternate exchange and its TTL retry queue', () => {
    const r = repl([
      'publish shop order.created.eu', 'publish shop refund.requested', 'publish notify ""', 'publish docs "" -H format=pdf',
      'publish billing payment.retry', 'tick 30s', 'queues',
    ].join('\n'))
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(outputOf(r, 'publish shop order.created.eu')).toContain('m1 (shop "order.created.eu") routed to orders.all, orders.eu')
    expect(outputOf(r, 'publish shop refund.requested')).toContain('m2 (shop "refund.requested") routed to unrouted')
    expect(outputOf(r, 'publish notify ""')).toContain('m3 (notify "") routed to email, sms')
    expect(outputOf(r, 'publish docs "" -H format=pdf')).toContain('m4 (docs "") routed to docs.pdf')
    expect(outputOf(r, 'tick 30s').join('\n')).toMatch(/✗ dead-lettered m5 from payments.retry \(expired\) → billing \["payment"\] → payments/)
  })

  it('the transcript in docs/repl.md is what the REPL prints', () => {
    const doc = readFileSync(join(ROOT, 'docs/repl.md'), 'utf8')
    const block = /## A first session[\s\S]*?```\n([\s\S]*?)```/.exec(doc)![1]!
    const commands = block.split('\n').filter((l) => l.startsWith('> ')).map((l) => l.slice(2))
    const r = repl(`${commands.join('\n')}\n`, { stdin: true })
    expect(r.stdout).toBe(block)
  })

  it('the bundled demo lints with no finding', () => {
    const r = spawnSync('node', [BIN, 'lint', join(ROOT, 'samples/repl-demo.yaml'), '--format', 'json'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).summary).toMatchObject({ errors: 0, warnings: 0 })
  })

  it('piped stdin runs the same commands with the same output as --script', () => {
    const file = topo(SIMPLE)
    const script = 'publish x ""\nqueues\n'
    const a = repl(script, { file })
    const b = repl(script, { file, stdin: true })
    expect(b.code).toBe(0)
    expect(b.stdout).toBe(a.stdout)
  })

  it('exit stops a piped script even when the pipe stays open; later lines are not run', async () => {
    const child = spawn('node', [BIN, 'repl'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', RMQ_SIM_HISTORY: '' } })
    let out = ''
    child.stdout.on('data', (d: Buffer) => { out += d.toString() })
    child.stdin.write('queues\nexit\nqueues\n') // stdin is never ended
    const code = await new Promise<number | null>((res) => {
      const timer = setTimeout(() => { child.kill(); res(-1) }, 10_000)
      child.on('close', (c) => { clearTimeout(timer); res(c) })
    })
    expect(code).toBe(0)
    expect(out.match(/^> queues$/gm)).toHaveLength(1)
  })

  it('a load error exits 2 with file:line:col and no stack trace', () => {
    const file = topo('exchanges:\n  x: { type: fanout\n')
    const r = repl('queues', { file })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/t\d+\.yaml:\d+:\d+/)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('a missing script file exits 2', () => {
    const r = spawnSync('node', [BIN, 'repl', '--script', join(dir, 'nope.rms')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/--script .*nope\.rms: no such file/)
  })
})

describe('rmq-sim repl: consumers (rabbit_queue_consumers.erl round-robin)', () => {
  it('consumers attached first share messages round-robin in registration order', () => {
    const r = repl('consume q --tag c1\nconsume q --tag c2\npublish x "" --count 5\n', { file: topo(SIMPLE) })
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(deliveries(r).map((l) => l.replace(/ \(x ""\) from q/, ''))).toEqual([
      '→ c1 ← m1 tag 1', '→ c2 ← m2 tag 2', '→ c1 ← m3 tag 3', '→ c2 ← m4 tag 4', '→ c1 ← m5 tag 5',
    ])
  })

  it('round-robin skips a consumer at its prefetch limit; the rest stays ready', () => {
    const r = repl('consume q --tag c1 --prefetch 1\nconsume q --tag c2 --prefetch 3\npublish x "" --count 5\nqueues\nconsumers\n', { file: topo(SIMPLE) })
    expect(deliveries(r).map((l) => l.split(' ').slice(1, 4).join(' '))).toEqual(['c1 ← m1', 'c2 ← m2', 'c2 ← m3', 'c2 ← m4'])
    expect(outputOf(r, 'queues').join('\n')).toMatch(/^ +q +5 +1 +4 +2/m)
  })

  it('a backlog goes to the first consumer that attaches, up to its prefetch', () => {
    const r = repl('publish x "" --count 6\nconsume q --tag c1 --prefetch 10\nconsume q --tag c2\n', { file: topo(SIMPLE) })
    expect(outputOf(r, 'consume q --tag c1 --prefetch 10').filter((l) => l.startsWith('→'))).toHaveLength(6)
    expect(outputOf(r, 'consume q --tag c2').filter((l) => l.startsWith('→'))).toHaveLength(0)
  })

  it('ack --multiple needs the tag itself outstanding (rabbit_channel:collect_acks): else 406 closes the channel and requeues', () => {
    const r = repl('publish x "" --count 3\nget q\nget q\nack 5 --multiple\nget q\nack 3 --multiple\nqueues\n', { file: topo(SIMPLE) })
    expect(r.code).toBe(1)
    expect(outputOf(r, 'ack 5 --multiple')).toEqual([
      'error: PRECONDITION_FAILED - unknown delivery tag 5',
      '↺ m1 requeued to q (tag 1)',
      '↺ m2 requeued to q (tag 2)',
      'channel ch1 closed by this error; 2 unacked requeued (the next use opens it again)',
    ])
    // The reopened channel numbers its deliveries from 1 again; the requeued m1 comes first.
    expect(outputOf(r, 'get q', 2)[0]).toBe('→ get ← m1 (x "") from q tag 1 (redelivered)')
    expect(outputOf(r, 'ack 3 --multiple')[0]).toBe('error: PRECONDITION_FAILED - unknown delivery tag 3')
    expect(outputOf(r, 'queues').join('\n')).toMatch(/^ +q +3 +3 +0 +0/m)
  })

  it('an ack frees room: the next ready message goes to that consumer', () => {
    const r = repl('consume q --tag c1 --prefetch 1\npublish x "" --count 2\nack 1\n', { file: topo(SIMPLE) })
    expect(outputOf(r, 'ack 1')).toEqual(['✓ acked m1 (tag 1)', '→ c1 ← m2 (x "") from q tag 2'])
  })
})

describe('rmq-sim repl: requeue (rabbit_variable_queue:requeue merges by publish order)', () => {
  it('nacked messages go back to the head in publish order, marked redelivered', () => {
    const r = repl([
      'publish x "" --count 6', 'get q', 'get q', 'get q', 'get q', 'nack 2', 'nack 4', 'nack 1', 'inspect q',
    ].join('\n'), { file: topo(SIMPLE) })
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const shown = outputOf(r, 'inspect q')
    expect(shown[0]).toBe('q: 5 ready, 1 unacked')
    const ready = shown.slice(0, shown.indexOf('  unacked:'))
    const order = ready.filter((l) => /^ +\d+\. /.test(l)).map((l) => `${l.trim().split(' ')[1]}${l.includes('redelivered') ? '*' : ''}`)
    expect(order).toEqual(['m1*', 'm2*', 'm4*', 'm5', 'm6'])
  })

  it('a requeued message goes to the next consumer in the rotation, redelivered', () => {
    const r = repl('consume q --tag c1\nconsume q --tag c2\npublish x "" --count 3\nnack 1\n', { file: topo(SIMPLE) })
    expect(outputOf(r, 'nack 1')).toEqual(['↺ m1 requeued to q (tag 1)', '→ c2 ← m1 (x "") from q tag 4 (redelivered)'])
  })

  it('closing a channel requeues its unacked messages ahead of the ready ones', () => {
    const r = repl('publish x "" --count 4\nconsume q --tag c1 --prefetch 2\nclose\ninspect q\n', { file: topo(SIMPLE) })
    expect(outputOf(r, 'close').join('\n')).toMatch(/channel ch1 closed/)
    const order = outputOf(r, 'inspect q').filter((l) => /^ +\d+\. /.test(l)).map((l) => `${l.trim().split(' ')[1]}${l.includes('redelivered') ? '*' : ''}`)
    expect(order).toEqual(['m1*', 'm2*', 'm3', 'm4'])
  })
})

describe('rmq-sim repl: dead-lettering (rabbit_dead_letter.erl)', () => {
  it('reject without requeue dead-letters with an x-death entry and x-first-death-*', () => {
    const file = queueWith('x-dead-letter-exchange: dlx')
    const r = repl('publish x k --cc extra\nget q\nreject 1 --no-requeue\ninspect dlq\n', { file })
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(outputOf(r, 'reject 1 --no-requeue')).toContain('✗ dead-lettered m1 from q (rejected) → dlx ["k", "extra"] → dlq')
    const shown = outputOf(r, 'inspect dlq').join('\n')
    expect(shown).toMatch(/x-death \(newest first\)\n +count 1 · rejected · queue q · exchange x · keys \[k, extra\]/)
    expect(shown).toMatch(/x-first-death: (?=.*queue q)(?=.*reason rejected)(?=.*exchange x)/)
  })

  it('without a dead-letter exchange a rejected message is dropped', () => {
    const r = repl('publish x ""\nget q\nreject 1 --no-requeue\nqueues\n', { file: topo(SIMPLE) })
    expect(outputOf(r, 'reject 1 --no-requeue')).toEqual(['✗ dropped m1 from q (rejected, no dead-letter exchange)'])
  })

  it('a second death of the same {queue, reason} increments count (x-death merge)', () => {
    // q dead-letters to "" with key q: the message comes back into q itself (reason rejected is never cycle-checked).
    const file = queueWith('x-dead-letter-exchange: ""\nx-dead-letter-routing-key: q')
    const r = repl('publish x k\nget q\nreject 1 --no-requeue\nget q\nreject 2 --no-requeue\ninspect q\n', { file })
    expect(outputOf(r, 'inspect q').join('\n')).toMatch(/count 2 · rejected · queue q · exchange x · keys \[k\]/)
  })
})

describe('rmq-sim repl: TTL on the simulated clock', () => {
  it('a message expires at the head after tick and is dead-lettered (expired)', () => {
    const file = queueWith('x-message-ttl: 1000\nx-dead-letter-exchange: dlx')
    const r = repl('publish x k\ntick 500ms\nqueues\ntick 600ms\ninspect dlq\n', { file })
    expect(outputOf(r, 'tick 500ms').join('\n')).not.toMatch(/dead-lettered/)
    expect(outputOf(r, 'tick 600ms')).toContain('✗ dead-lettered m1 from q (expired) → dlx ["k"] → dlq')
    expect(outputOf(r, 'inspect dlq').join('\n')).toMatch(/count 1 · expired · queue q/)
  })

  it('per-message expiration is recorded as original-expiration', () => {
    const file = queueWith('x-dead-letter-exchange: dlx')
    const r = repl('publish x k --expiration 2000\ntick 2s\ninspect dlq\n', { file })
    expect(outputOf(r, 'inspect dlq').join('\n')).toMatch(/expired · queue q .*original-expiration 2000/)
  })
})

describe('rmq-sim repl: max-length overflow', () => {
  it('drop-head dead-letters the oldest message (maxlen), the publish is acked', () => {
    const file = queueWith('x-max-length: 2\nx-dead-letter-exchange: dlx')
    const r = repl('publish x k --count 3\ninspect q\n', { file })
    expect(r.stdout).toContain('✗ dead-lettered m1 from q (maxlen) → dlx ["k"] → dlq')
    expect(r.stdout).not.toMatch(/^nack/m)
  })

  it('reject-publish: the publisher gets a nack and nothing is dead-lettered', () => {
    const file = queueWith('x-max-length: 2\nx-overflow: reject-publish\nx-dead-letter-exchange: dlx')
    const r = repl('publish x k --count 3\nqueues\n', { file })
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(r.stdout).toContain('nack (reject-publish: q full)')
    expect(r.stdout).not.toMatch(/dead-lettered/)
    expect(outputOf(r, 'queues').join('\n')).toMatch(/^ +q +2 +2 +0 +0/m)
  })

  it('reject-publish-dlx: nack and the refused message is dead-lettered (maxlen)', () => {
    const file = queueWith('x-max-length: 2\nx-overflow: reject-publish-dlx\nx-dead-letter-exchange: dlx')
    const r = repl('publish x k --count 3\n', { file })
    expect(r.stdout).toContain('nack (reject-publish-dlx: q full)')
    expect(r.stdout).toMatch(/✗ dead-lettered m3 from q \(maxlen\) → dlx \["k"\] → dlq/)
  })
})

describe('rmq-sim repl: max-length-bytes', () => {
  it('a message bigger than the limit empties the queue, itself included (observed on 3.10.8, item 20)', () => {
    const file = queueWith('x-max-length-bytes: 10\nx-dead-letter-exchange: dlx')
    const r = repl('publish x k --body-size 4 --count 2\npublish x k --body-size 10\npublish x k --body-size 11\ninspect dlq --limit 1\n', { file })
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(outputOf(r, 'publish x k --body-size 10').filter((l) => l.includes('dead-lettered'))).toEqual([
      '✗ dead-lettered m1 from q (maxlen) → dlx ["k"] → dlq', '✗ dead-lettered m2 from q (maxlen) → dlx ["k"] → dlq',
    ])
    expect(outputOf(r, 'publish x k --body-size 11').filter((l) => l.includes('dead-lettered'))).toEqual([
      '✗ dead-lettered m3 from q (maxlen) → dlx ["k"] → dlq', '✗ dead-lettered m4 from q (maxlen) → dlx ["k"] → dlq',
    ])
    const shown = outputOf(r, 'inspect dlq --limit 1')
    expect(shown[0]).toBe('dlq: 4 ready, 0 unacked')
    expect(shown).toContain('  … 3 more ready (inspect dlq --all)')
  })
})

describe('rmq-sim repl: publishing', () => {
  it('an unroutable mandatory message is returned (312 NO_ROUTE)', () => {
    const file = queueWith('x-message-ttl: 1000')
    const r = repl('publish x nokey --mandatory\npublish x nokey\n', { file })
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(outputOf(r, 'publish x nokey --mandatory')).toContain('↩ returned m1 312 NO_ROUTE')
    expect(outputOf(r, 'publish x nokey').join('\n')).not.toMatch(/returned/)
  })

  it('a missing exchange is 404 (the publish channel closes, consumers stay), with did-you-mean; exit 1', () => {
    const r = repl('consume q --tag c1\npublish xx ""\nconsumers\npublish x ""\n', { file: topo(SIMPLE) })
    expect(r.code, r.stderr + r.stdout).toBe(1)
    const out = outputOf(r, 'publish xx ""').join('\n')
    expect(out).toMatch(/^error: NOT_FOUND - no exchange 'xx' in vhost '\/' \(did you mean "x"\?\)\nchannel pub closed by this error/)
    expect(outputOf(r, 'consumers').join('\n')).toMatch(/c1 +q +ch1/)
    expect(outputOf(r, 'publish x ""')).toContain('→ c1 ← m1 (x "") from q tag 1')
  })

  it('publishing to an internal exchange is 403 ACCESS_REFUSED', () => {
    const r = repl('declare exchange hidden fanout --internal\npublish hidden ""\n', { file: topo(SIMPLE) })
    expect(r.code).toBe(1)
    expect(outputOf(r, 'publish hidden ""')[0]).toBe("error: ACCESS_REFUSED - cannot publish to internal exchange 'hidden' in vhost '/'")
  })

  it('reset discards messages, consumers, run-time changes and the clock', () => {
    const r = repl('consume q --tag c1\npublish x "" --count 2\ndeclare queue extra\ntick 5s\nreset\nqueues\nconsumers\ntick 0\n', { file: topo(SIMPLE) })
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const queues = outputOf(r, 'queues').join('\n')
    expect(queues).toMatch(/^ +q +0 +0 +0 +0/m)
    expect(queues).not.toMatch(/extra/)
    expect(outputOf(r, 'consumers')[0]).toBe('  (no consumers)')
    expect(outputOf(r, 'tick 0')).toEqual(['clock at t=0s'])
  })

  it('headers are typed as in trace; a malformed header is one error line', () => {
    const r = repl('publish docs "" -H pages:int=x\npublish docs "" -H urgent:bool=true\n')
    expect(outputOf(r, 'publish docs "" -H pages:int=x')).toEqual([expect.stringMatching(/^error: publish: --header "pages:int=x": expected a whole number/)])
    expect(outputOf(r, 'publish docs "" -H urgent:bool=true').join('\n')).toMatch(/routed to docs\.urgent/)
    expect(r.code, r.stderr + r.stdout).toBe(1)
  })

  it('a huge body is stored whole but displayed capped', () => {
    const body = 'x'.repeat(50_000)
    const r = repl(`publish x "" --body ${body}\ninspect q\n`, { file: topo(SIMPLE) })
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const line = outputOf(r, 'inspect q').find((l) => l.includes('body'))!
    expect(line).toMatch(/50000 bytes, first 200 characters shown/)
    expect(line.length).toBeLessThan(400)
  })
})

describe('rmq-sim repl: topology at run time', () => {
  it('redeclaring a queue with different arguments is 406 PRECONDITION_FAILED and changes nothing', () => {
    const file = queueWith('x-message-ttl: 1000')
    const r = repl('declare queue q --arg x-message-ttl=5000\nqueues\n', { file })
    expect(r.code, r.stderr + r.stdout).toBe(1)
    expect(outputOf(r, 'declare queue q --arg x-message-ttl=5000')[0]).toMatch(/^error: PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue 'q' in vhost '\/'/)
    expect(outputOf(r, 'queues').join('\n')).toMatch(/ttl 1000ms/)
  })

  it('declare, bind and publish at run time; save → load round trip', () => {
    const out = join(dir, 'saved.yaml')
    const r = repl([
      'declare exchange audit topic', 'declare queue audit.log --arg x-max-length=10', 'bind audit audit.log "#"',
      `save ${out}`, `load ${out}`, 'bindings audit', 'publish audit any.key',
    ].join('\n'), { file: topo(SIMPLE) })
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/audit\.log/)
    expect(outputOf(r, 'bindings audit').join('\n')).toMatch(/audit +→ +audit\.log +"#"/)
    expect(outputOf(r, 'publish audit any.key')).toContain('m1 (audit "any.key") routed to audit.log')
  })

  it('typed binding arguments survive save → load (1.0 stays a double)', () => {
    const out = join(dir, 'typed.yaml')
    const r = repl([
      'bind docs docs.urgent --arg x-match=all --arg size:double=1.0', `save ${out}`, `load ${out}`,
      'publish docs "" -H size:double=1.0', 'publish docs "" -H size:long=1',
    ].join('\n'))
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(outputOf(r, 'publish docs "" -H size:double=1.0')).toContain('m1 (docs "") routed to docs.urgent')
    // RabbitMQ 4.3 compares header values with =:= (rabbit_exchange_type_headers.erl): 1 (long) is not 1.0 (double).
    expect(outputOf(r, 'publish docs "" -H size:long=1')).toContain('m2 (docs "") unroutable: no queue, dropped')
  })

  it('--rabbitmq 3.10 compares header values with == (1 = 1.0), as rabbit_exchange_type_headers.erl did', () => {
    const r = repl('bind docs docs.urgent --arg x-match=all --arg size:double=1.0\npublish docs "" -H size:long=1\n', { args: ['--rabbitmq', '3.10'] })
    expect(r.stdout).toMatch(/RabbitMQ 3\.10 rules/)
    expect(outputOf(r, 'publish docs "" -H size:long=1')).toContain('m1 (docs "") routed to docs.urgent')
  })

  it('save without a file updates the loaded YAML in place, keeping comments', () => {
    const file = topo(`# my topology\nexchanges:\n  x: # the entry point\n    type: fanout\nqueues:\n  q:\nbindings:\n  - { source: x, destination: q }\n`)
    const r = repl('declare queue extra\nsave\n', { file })
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const text = readFileSync(file, 'utf8')
    expect(text).toMatch(/# my topology/)
    expect(text).toMatch(/# the entry point/)
    expect(text).toMatch(/extra/)
  })

  it('save refuses to overwrite another file without --force, and asks for a path for the demo', () => {
    const other = join(dir, 'other.yaml')
    writeFileSync(other, 'keep me')
    const r = repl(`save ${other}\nsave\nsave ${other} --force\n`)
    expect(r.code, r.stderr + r.stdout).toBe(1)
    expect(outputOf(r, `save ${other}`)[0]).toMatch(/^error: save: .*other\.yaml exists .*--force/)
    expect(outputOf(r, 'save')[0]).toMatch(/^error: save: the topology is the bundled demo: give a file/)
    expect(readFileSync(other, 'utf8')).toMatch(/shop/)
  })
})

describe('rmq-sim repl: trace and explain (the CLI presenters, over the live topology)', () => {
  it('trace shows the route without publishing; it sees bindings made at run time', () => {
    const r = repl('bind shop docs.urgent "order.*.us"\ntrace shop order.created.us\nqueues\n')
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const out = outputOf(r, 'trace shop order.created.us').join('\n')
    expect(out).toMatch(/copies to 2 queues: docs\.urgent, orders\.all/)
    expect(out).toMatch(/binding "order\.\*\.us" → queue docs\.urgent/)
    expect(outputOf(r, 'queues').join('\n')).toMatch(/^ +orders\.all +0 +0/m)
  })

  it('explain aligns a topic pattern word by word, or explains every binding of an exchange', () => {
    const r = repl('explain "order.#.eu" order.eu\nexplain shop order.created.us\n')
    expect(outputOf(r, 'explain "order.#.eu" order.eu').join('\n')).toMatch(/✓ matches[\s\S]*# +\(nothing\) +# took 0 words/)
    expect(outputOf(r, 'explain shop order.created.us').join('\n')).toMatch(/✗ "order\.\*\.eu" → queue orders\.eu\n +key "order\.created\.us": word 3 of the key is 'us', the pattern wants 'eu'/)
  })

  it('trace to a missing exchange fails the command', () => {
    const r = repl('trace nope x\n')
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/404 NOT_FOUND - no exchange 'nope'/)
  })
})

describe('rmq-sim repl: bad input', () => {
  it('exit 1 when a scripted command failed, 0 otherwise', () => {
    expect(repl('queues\n', { file: topo(SIMPLE) }).code).toBe(0)
    expect(repl('queues\nconsume nope\nqueues\n', { file: topo(SIMPLE) }).code).toBe(1)
  })

  it('garbage gets one clear line each, no stack trace, and the state is unchanged', () => {
    const garbage = [
      'frobnicate', 'pubish x ""', 'publish', 'consume', 'consume nope', 'consume q --prefetch -1', 'publish x "unterminated',
      'ack -1', 'ack abc', 'nack 1 --bogus', 'tick forever', 'cancel nobody', 'declare thing x', 'get', '\u0000\u0001\u0002',
      'publish x "" --headers {bad json', 'bind x nowhere', 'explain', 'inspect', 'load /nonexistent/file.yaml',
    ]
    const r = repl(`${garbage.join('\n')}\nqueues\n`, { file: topo(SIMPLE) })
    expect(r.code, r.stderr + r.stdout).toBe(1)
    expect(r.stderr).toBe('')
    expect(r.stdout).not.toMatch(/\n\s+at .*\(/)
    expect(r.stdout).not.toMatch(/internal error/)
    for (const g of garbage) {
      // the echo of a script line shows control characters escaped, never raw
      const out = outputOf(r, g === '\u0000\u0001\u0002' ? '\\0\\x01\\x02' : g.trim())
      expect(out, g).toHaveLength(1)
      expect(out[0], g).toMatch(/^error: /)
    }
    expect(outputOf(r, 'frobnicate')[0]).toMatch(/unknown command "frobnicate"/)
    expect(outputOf(r, 'pubish x ""')[0]).toMatch(/did you mean publish\?/)
    expect(outputOf(r, 'queues').join('\n')).toMatch(/^ +q +0 +0 +0 +0/m)
  })
})
