import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, tempDirWith } from './trace-helpers.js'

// Topic semantics from rabbit_db_topic_exchange_SUITE ref_match/2: `#` takes zero or more words,
// `*` exactly one (possibly empty) word, the empty key has zero words.
const explain = (...args: string[]) => runCli(['explain', ...args], { cwd: dir })

let dir: string
beforeAll(() => {
  dir = tempDirWith({
    't.yaml': `
exchanges:
  orders: { type: topic }
  d: { type: direct }
  h: { type: headers, arguments: { alternate-exchange: ae } }
  ae: { type: fanout }
  f: { type: fanout }
queues: { all: , eu: , inv: , pdf: , any: , other: , un: , fq: }
bindings:
  - { source: orders, destination: all, routing_key: "order.#" }
  - { source: orders, destination: eu, routing_key: "order.*" }
  - { source: d, destination: inv, routing_key: Invoice }
  - { source: h, destination: pdf, arguments: { x-match: all, format: pdf, n: 1, x-tag: t } }
  - { source: h, destination: any, arguments: { x-match: any, x-only: 1 } }
  - { source: ae, destination: un }
  - { source: f, destination: fq, routing_key: ignored }
`,
  })
})

describe('rmq-sim explain <pattern> <routing-key>', () => {
  it('a.#.b vs a.b: # absorbed zero words; exit 0', async () => {
    const r = await explain('a.#.b', 'a.b')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    expect(r.stdout).toContain('✓ matches')
    expect(r.stdout).toMatch(/#\s+\(nothing\)\s+# took 0 words/)
  })

  it('# absorbing several words shows which', async () => {
    const r = await explain('a.#', 'a.b.c')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    expect(r.stdout).toMatch(/#\s+b\.c\s+# took 2 words/)
  })

  it('* takes one empty word (a..c), and the empty key has zero words', async () => {
    const r = await explain('a.*.c', 'a..c')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    expect(r.stdout).toMatch(/\*\s+""\s+\* took one \(empty\) word/)
    const empty = await explain('*', '')
    expect({ code: empty.code, stderr: empty.stderr }).toEqual({ code: 1, stderr: "" })
    expect(empty.stdout).toContain('vs routing key "" (0 words)')
    expect(empty.stdout).toContain('the empty routing key has zero words')
  })

  it('order.* vs order.created.eu: no match (exit 1) and the near miss order.#', async () => {
    const r = await explain('order.*', 'order.created.eu')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" })
    expect(r.stdout).toContain("✗ no match: the pattern ends before the key: 'eu' left over")
    expect(r.stdout).toContain("`*` is exactly one word; 'order.#' would match")
  })

  it('a case-only mismatch is pointed out', async () => {
    const r = await explain('Order.Created', 'order.created')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" })
    expect(r.stdout).toContain('differs only in letter case')
  })

  it('a wildcard glued to text is literal', async () => {
    const r = await explain('order*', 'orders')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" })
    expect(r.stdout).toContain("'order*' is a literal word")
  })

  it('--rabbitmq 4.3.5 notes that RabbitMQ refuses more than two # words in a binding key', async () => {
    const r = await explain('#.#.#', 'a', '--rabbitmq', '4.3.5')
    expect(r.stdout).toContain('refuses this binding key')
    const old = await explain('#.#.#', 'a', '--rabbitmq', '4.3.4')
    expect(old.stdout).not.toContain('refuses this binding key')
  })

  it('--json gives the alignment as data', async () => {
    const r = await explain('a.*.#', 'a.b', '--json')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    const j = JSON.parse(r.stdout)
    expect(j).toMatchObject({ mode: 'pattern', matches: true, patternWords: ['a', '*', '#'], keyWords: ['a', 'b'] })
    expect(j.steps.map((s: { kind: string; took: string[] }) => [s.kind, s.took])).toEqual([['literal', ['a']], ['star', ['b']], ['hash', []]])
  })

  it('a file name given as the pattern gets a hint about --exchange', async () => {
    const r = await explain('t.yaml', 'order.created')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" })
    expect(r.stdout).toContain('looks like a file name: to explain the bindings of a topology, add --exchange')
  })

  it('a missing routing key is a usage error (exit 2, no stack)', async () => {
    const r = await explain('a.*')
    expect(r).toMatchObject({ code: 2 })
    expect(r.stderr).toContain('give a routing key')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

describe('rmq-sim explain <topology> --exchange X --key K', () => {
  it('topic: every binding, matched or not, with the reason', async () => {
    const r = await explain('t.yaml', '-e', 'orders', '-k', 'order.created.eu')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    expect(r.stdout).toContain('2 bindings: 1 matches, 1 does not')
    expect(r.stdout).toContain('✓ "order.#" → queue all')
    expect(r.stdout).toContain('✗ "order.*" → queue eu')
    expect(r.stdout).toContain("'order.#' would match")
  })

  it('direct: a case-only difference; exit 1 when no binding matches', async () => {
    const r = await explain('t.yaml', '-e', 'd', '-k', 'invoice')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" })
    expect(r.stdout).toContain('differs only in letter case')
  })

  it('fanout: always matches, the key is ignored', async () => {
    const r = await explain('t.yaml', '-e', 'f', '-k', 'whatever')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" })
    expect(r.stdout).toContain('✓ "ignored" (ignored) → queue fq')
  })

  it('headers: a table per binding, value and type, x-match mode, skipped x- arguments', async () => {
    const r = await explain('t.yaml', '-e', 'h', '-H', 'format=pdf', '-H', 'n:double=1.0', '--rabbitmq', '3.13')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" })
    expect(r.stdout).toMatch(/format\s+"pdf"\s+"pdf"\s+✓ equal/)
    expect(r.stdout).toMatch(/n\s+1 \(long\)\s+1\.0 \(double\)\s+✗ RabbitMQ 3\.13 compares with =:=/)
    expect(r.stdout).toContain('skipped: x-tag = "t"')
    expect(r.stdout).toContain('x-match any with only x- arguments')
    expect(r.stdout).toContain('no binding matched: alternate exchange ae (via argument) takes the message')
    const old = await explain('t.yaml', '-e', 'h', '-H', 'format=pdf', '-H', 'n:double=1.0', '--rabbitmq', '3.10')
    expect({ code: old.code, stderr: old.stderr }).toEqual({ code: 0, stderr: "" })
    expect(old.stdout).toMatch(/n\s+1 \(long\)\s+1\.0 \(double\)\s+✓ equal/)
  })

  it('--json lists every binding with matched and reason', async () => {
    const r = await explain('t.yaml', '-e', 'h', '-H', 'format=pdf', '-H', 'n:int=1', '--json')
    const j = JSON.parse(r.stdout)
    expect(j).toMatchObject({ mode: 'exchange', exchange: 'h', type: 'headers', queues: ['pdf'], routed: true })
    expect(j.bindings).toHaveLength(2)
    expect(j.bindings[0]).toMatchObject({ destination: 'pdf', matched: true, headers: { mode: 'all' } })
    expect(j.bindings[1]).toMatchObject({ destination: 'any', matched: false })
  })

  it('a missing exchange: 404, exit 1', async () => {
    const r = await explain('t.yaml', '-e', 'nope')
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" })
    expect(r.stdout).toContain("NOT_FOUND - no exchange 'nope' in vhost '/'")
    const typo = await explain('t.yaml', '-e', 'ordres')
    expect(typo.stdout).toContain('did you mean "orders"?')
  })

  it('a missing topology file: exit 2', async () => {
    const r = await explain('none.yaml', '-e', 'x')
    expect(r).toMatchObject({ code: 2 })
    expect(r.stderr).toContain('io/not-found')
  })
})
