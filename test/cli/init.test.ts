import { spawn, spawnSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// `rmq-sim init` as a user runs it: the real bin (built by `npm test`), without a terminal (flags, starter), and in a
// pseudo-terminal (util-linux `script`) for the wizard.
const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'rmq-sim.js')
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0

function run(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete base.FORCE_COLOR
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env }, input: '' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const fresh = () => mkdtempSync(join(tmpdir(), 'rmq-sim-init-'))

describe('rmq-sim init without a terminal', () => {
  it('writes the documented starter to rmq-topology.yaml; it lints with no finding', () => {
    const dir = fresh()
    const r = run(['init'], dir)
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('wrote rmq-topology.yaml: 2 exchanges, 3 queues, 3 bindings\n')
    const text = readFileSync(join(dir, 'rmq-topology.yaml'), 'utf8')
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=https://unpkg.com/rmq-sim/schemas/topology.schema.json')
    expect(text).toMatch(/^ {4}routing_key: order\.\*$/m)
    expect(text).toMatch(/^ {4}routing_key: "#"$/m)
    expect(text).toMatch(/x-dead-letter-exchange: orders\.dlx/)
    expect(readdirSync(dir)).toEqual(['rmq-topology.yaml'])
    const lint = run(['lint', 'rmq-topology.yaml'], dir)
    expect(lint).toEqual({ code: 0, stdout: '', stderr: '' })
    // the trace the header suggests works as it says
    const trace = run(['trace', 'rmq-topology.yaml', '--exchange', 'events', '--key', 'order.created'], dir)
    expect(trace.code).toBe(0)
    expect(trace.stdout).toMatch(/2 queues: audit, orders/)
  })

  it('docs/init.md shows the starter exactly as `init -` prints it', () => {
    const doc = readFileSync(join(ROOT, 'docs/init.md'), 'utf8')
    const block = doc.slice(doc.indexOf('## The starter topology')).split('```yaml\n')[1]!.split('```')[0]
    expect(run(['init', '-'], fresh()).stdout).toBe(block)
  })

  it('writes the topology the flags describe, with the version; lint on the file is clean', () => {
    const dir = fresh()
    const r = run(['init', 'mq/t.yaml', '--rabbitmq', '3.13', '--exchange', 'shop:topic', '--exchange', 'docs:headers', '--queue', 'orders:quorum',
      '--queue', 'pdfs', '--bind', 'shop:orders:order.#', '--bind', 'docs:pdfs:x-match=any,format=pdf,version=1.0', '--dlx'], dir, {})
    expect(r.stderr).toMatch(/cannot write in .*mq: no such directory/)
    expect(r.code).toBe(2)
    mkdirSync(join(dir, 'mq'))
    const ok = run(['init', 'mq/t.yaml', '--rabbitmq', '3.13', '--exchange', 'shop:topic', '--exchange', 'docs:headers', '--queue', 'orders:quorum',
      '--queue', 'pdfs', '--bind', 'shop:orders:order.#', '--bind', 'docs:pdfs:x-match=any,format=pdf,version=1.0', '--dlx'], dir)
    expect(ok).toMatchObject({ code: 0, stderr: '' })
    const text = readFileSync(join(dir, 'mq/t.yaml'), 'utf8')
    expect(text).toMatch(/^rabbitmq: "3\.13"$/m)
    expect(text).toMatch(/version: 1\.0$/m)
    expect(text).toMatch(/orders\.dlq:\n {4}arguments:\n {6}x-queue-type: quorum/)
    expect(text).toMatch(/pdfs\.dlx:\n {4}type: fanout/)
    expect(run(['lint', 'mq/t.yaml'], dir)).toEqual({ code: 0, stdout: '', stderr: '' })
    const trace = run(['trace', 'mq/t.yaml', '-e', 'docs', '-H', 'version:double=1'], dir)
    expect(trace.stdout).toMatch(/1 queue: pdfs/)
  })

  it('shows lint warnings on stderr and still writes (exit 0)', () => {
    const dir = fresh()
    const r = run(['init', '--exchange', 'x:topic', '--queue', 'q', '--bind', 'x:q:order*'], dir)
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/rmq-topology\.yaml:\d+:\d+ +warning +.*order\*.*topic\/literal-wildcard-char/)
    expect(r.stdout).toMatch(/wrote rmq-topology\.yaml: 1 exchange, 1 queue, 1 binding \(1 warning, shown above\)/)
  })

  it('refuses to overwrite an existing file (exit 2, file untouched); --force replaces it', () => {
    const dir = fresh()
    const file = join(dir, 'rmq-topology.yaml')
    writeFileSync(file, 'mine: true\n')
    const before = statSync(file).mtimeMs
    const r = run(['init'], dir)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('rmq-sim: init: rmq-topology.yaml exists: not overwritten (use --force to replace it)\n')
    expect(readFileSync(file, 'utf8')).toBe('mine: true\n')
    expect(statSync(file).mtimeMs).toBe(before)
    const forced = run(['init', '--force', '--queue', 'only'], dir)
    expect(forced.code).toBe(0)
    expect(readFileSync(file, 'utf8')).toMatch(/^queues:\n {2}only:$/m)
    expect(readdirSync(dir)).toEqual(['rmq-topology.yaml'])
  })

  it('- writes to stdout and creates no file', () => {
    const dir = fresh()
    const r = run(['init', '-', '--exchange', 'e:fanout', '--queue', 'q', '--bind', 'e:q'], dir)
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=https:\/\//)
    expect(r.stdout).toMatch(/bindings:\n {2}- source: e\n {4}destination: q\n$/)
    expect(readdirSync(dir)).toEqual([])
  })

  it('uses the relative path of an installed rmq-sim schema in the modeline, or --schema', () => {
    const dir = fresh()
    mkdirSync(join(dir, 'node_modules/rmq-sim/schemas'), { recursive: true })
    writeFileSync(join(dir, 'node_modules/rmq-sim/schemas/topology.schema.json'), '{}')
    mkdirSync(join(dir, 'config'))
    expect(run(['init', 'config/t.yaml'], dir).code).toBe(0)
    expect(readFileSync(join(dir, 'config/t.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/rmq-sim/schemas/topology.schema.json')
    expect(run(['init', '-', '--schema', 'https://example.com/s.json'], dir).stdout.split('\n')[0]).toBe('# yaml-language-server: $schema=https://example.com/s.json')
  })

  it.each([
    [['--exchange', 'amq.orders:topic'], /--exchange 'amq\.orders:topic': names starting with "amq\." are reserved/],
    [['--exchange', 'orders'], /give a type, e\.g\. --exchange orders:topic/],
    [['--queue', 'q:qourum'], /unknown queue type 'qourum'/],
    [['--queue', 'q', '--bind', 'x:q'], /--bind 'x:q': no exchange named 'x'/],
    [['--rabbitmq', '5.0'], /not supported/],
    [['--exchange', 'x:topic', '--queue', 'q', '--bind', 'x:q:#.a.#.#', '--rabbitmq', '4.3.5'], /topic\/too-many-hash[\s\S]*nothing written/],
  ])('bad flags %j: exit 2 with a clear message, nothing written', (args, message) => {
    const dir = fresh()
    const r = run(['init', ...args], dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/) // no stack trace
    expect(readdirSync(dir)).toEqual([])
  })

  it('a directory as the file gets the default file name inside it; `adir/` that does not exist is refused', () => {
    const dir = fresh()
    mkdirSync(join(dir, 'd'))
    const r = run(['init', 'd'], dir)
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(r.stdout).toMatch(/^wrote d\/rmq-topology\.yaml/)
    expect(readdirSync(join(dir, 'd'))).toEqual(['rmq-topology.yaml'])
    expect(run(['init', 'd/'], dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/d\/rmq-topology\.yaml exists: not overwritten/) })
    const missing = run(['init', 'adir/'], dir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/init: cannot write into adir\/: no such directory/)
    expect(readdirSync(dir)).toEqual(['d'])
    expect(run(['init', '--help'], dir).stdout.replace(/\s+/g, ' ')).toMatch(/\(default: "rmq-topology\.yaml"\)/)
  })

  it('--force writes through a symlink to its target, keeping the link and the file mode', () => {
    const dir = fresh()
    writeFileSync(join(dir, 'real.yaml'), 'old\n', { mode: 0o600 })
    symlinkSync('real.yaml', join(dir, 'link.yaml'))
    expect(run(['init', 'link.yaml'], dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/link\.yaml exists: not overwritten/) })
    expect(run(['init', 'link.yaml', '--force'], dir).code).toBe(0)
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(dir, 'real.yaml'), 'utf8')).toMatch(/^exchanges:/m)
    expect(statSync(join(dir, 'real.yaml')).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir).sort()).toEqual(['link.yaml', 'real.yaml'])
  })

  it('a FIFO (anything not a regular file) is never replaced, even with --force', () => {
    const dir = fresh()
    if (spawnSync('mkfifo', [join(dir, 'pipe.yaml')]).status !== 0) return
    const r = run(['init', 'pipe.yaml', '--force'], dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/pipe\.yaml is not a regular file: not replaced/)
    expect(statSync(join(dir, 'pipe.yaml')).isFIFO()).toBe(true)
  })
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs `rmq-sim init <args>` in a pseudo-terminal; each RegExp waits for the screen, each string is typed. */
async function terminal(args: string, cwd: string, steps: readonly (string | RegExp)[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn('script', ['-qec', `node ${BIN} init ${args}`, '/dev/null'], { cwd, env: { ...process.env, NO_COLOR: '1', CI: undefined, ...env } })
  let raw = ''
  child.stdout.on('data', (d: Buffer) => { raw += d.toString('utf8') })
  const screen = () => raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '')
  const exited = new Promise<number | null>((r) => child.on('close', r))
  for (const step of steps) {
    if (step instanceof RegExp) {
      for (let waited = 0; waited < 30_000 && !step.test(screen()); waited += 50) await sleep(50)
      continue
    }
    child.stdin.write(step)
    await sleep(150)
  }
  const code = await Promise.race([exited, sleep(30_000).then(() => { child.kill(); return -1 })])
  return { text: screen(), code }
}

const ENTER = '\r'
const DOWN = '\u001b[B'

describe.skipIf(!hasScript)('rmq-sim init in a terminal (the wizard)', () => {
  it('asks, checks the topic key live, previews and writes a file that lints clean', async () => {
    const dir = fresh()
    const { text, code } = await terminal('t.yaml', dir, [
      /RabbitMQ version/, ENTER,
      /Exchange name/, 'shop', ENTER, /Type of shop/, DOWN, DOWN, ENTER,
      /Exchange name/, ENTER,
      /Queue name/, 'orders', ENTER, /Type of orders/, DOWN, ENTER, /Dead-lettering for orders/, DOWN, ENTER,
      /Queue name/, ENTER,
      /Bind from exchange/, ENTER, /Bind shop to/, ENTER,
      /Binding key/, 'order.*', /not order\.created\.extra/, ENTER,
      /Bind from exchange/, DOWN, DOWN, ENTER,
      /Write t\.yaml\?/, ENTER, /wrote t\.yaml/,
    ])
    expect(code).toBe(0)
    expect(text).toMatch(/✔ matches order\.created/)
    expect(text).toMatch(/✘ not order\.created\.extra: the pattern ends before the key/)
    expect(text).toMatch(/wrote t\.yaml: 2 exchanges, 2 queues, 2 bindings/)
    const file = readFileSync(join(dir, 't.yaml'), 'utf8')
    expect(file).toMatch(/^rabbitmq: "4\.3"$/m)
    expect(file).toMatch(/routing_key: order\.\*/)
    expect(run(['lint', 't.yaml'], dir)).toEqual({ code: 0, stdout: '', stderr: '' })
  }, 60_000)

  it('with - the questions go to stderr, so stdout holds only the file', async () => {
    const dir = fresh()
    const { text, code } = await terminal('- > out.yaml', dir, [
      /RabbitMQ version/, ENTER, /Exchange name/, 'fan', ENTER, /Type of fan/, DOWN, ENTER, /Exchange name/, ENTER,
      /Queue name/, 'q', ENTER, /Type of q/, ENTER, /Dead-lettering/, ENTER, /Queue name/, ENTER,
      /Bind from exchange/, ENTER, /Bind fan to/, ENTER, /Bind from exchange/, DOWN, ENTER, /Print it\?/, ENTER,
    ])
    expect(code).toBe(0)
    expect(text).toMatch(/\? Exchange name/)
    const out = readFileSync(join(dir, 'out.yaml'), 'utf8')
    expect(out).not.toMatch(/\?|✔/)
    expect(out.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=/)
    expect(run(['lint', 'out.yaml'], dir)).toEqual({ code: 0, stdout: '', stderr: '' })
  }, 90_000)

  it('Ctrl-C aborts with exit 130, no stack trace, nothing written', async () => {
    const dir = fresh()
    const { text, code } = await terminal('t.yaml', dir, [/RabbitMQ version/, ENTER, /Exchange name/, 'sh', '\u0003', /cancelled/])
    expect(code).toBe(130)
    expect(text).toMatch(/rmq-sim: init cancelled; nothing written/)
    expect(text).not.toMatch(/ExitPromptError|at .*\.js:\d+/)
    expect(existsSync(join(dir, 't.yaml'))).toBe(false)
    expect(readdirSync(dir)).toEqual([])
  }, 60_000)

  it('entering nothing writes nothing (exit 130)', async () => {
    const dir = fresh()
    const { text, code } = await terminal('t.yaml', dir, [/RabbitMQ version/, ENTER, /Exchange name/, ENTER, /Queue name/, ENTER, /nothing entered/])
    expect(code).toBe(130)
    expect(text).toMatch(/rmq-sim: init: nothing entered; nothing written/)
    expect(readdirSync(dir)).toEqual([])
  }, 90_000)

  it('Ctrl-D cancels too (exit 130), rather than ending as if it had succeeded', async () => {
    const dir = fresh()
    const { code } = await terminal('t.yaml', dir, [/RabbitMQ version/, '\u0004', /cancelled/])
    expect(code).toBe(130)
    expect(readdirSync(dir)).toEqual([])
  }, 60_000)

  it('never prompts with CI set or --yes: writes the starter', async () => {
    for (const [args, env] of [['a.yaml', { CI: 'true' }], ['b.yaml --yes', {}]] as const) {
      const dir = fresh()
      const { text, code } = await terminal(args, dir, [], env) // nothing typed: it must finish on its own
      expect({ code, text }).toMatchObject({ code: 0, text: expect.stringMatching(/^wrote [ab]\.yaml: 2 exchanges/) })
      expect(text).not.toMatch(/\?/)
      expect(readdirSync(dir)).toHaveLength(1)
    }
  }, 90_000)
})
