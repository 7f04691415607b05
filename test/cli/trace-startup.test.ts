import { spawnSync } from 'node:child_process'
import { closeSync, cpSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN } from './trace-helpers.js'

// Cold start: `trace` and `explain` must not load the REPL, inquirer, the linter or the broker (STYLE.md
// "Startup"), and `trace` on a JSON export not the YAML parser. The CLI runs from one esbuild bundle
// (scripts/bundle-cli.mjs; the full one, or the one of the command run) in which every module reached only through import() sits in an initialiser function
// named by its path ("dist/topology/yaml-format.js", "node_modules/yaml/dist/index.js"); V8's own coverage
// (NODE_V8_COVERAGE) says which of those functions ran, that is which modules the run loaded.
const SAMPLE = resolve(import.meta.dirname, '../../samples/topic-wildcards.yaml')
const EXPORT = resolve(import.meta.dirname, '../../samples/definitions-export.json')
const ROOT = resolve(import.meta.dirname, '../..')

interface Coverage { result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[] }

/** The modules the real CLI initialised in a run of `rmq-sim ...args`, as bundle paths (plus any file it imported outside the bundle). */
function loadedBy(args: string[], env: NodeJS.ProcessEnv = {}): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-cov-'))
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env, NODE_V8_COVERAGE: dir } })
    expect(r.status, r.stderr).toBe(0)
    const loaded: string[] = []
    for (const f of readdirSync(dir)) {
      for (const script of (JSON.parse(readFileSync(join(dir, f), 'utf8')) as Coverage).result) {
        if (!/\/dist\/bundle\/cli(-[a-z]+)?\.cjs$/.test(script.url)) {
          if (script.url.startsWith('file:')) loaded.push(script.url)
          continue
        }
        for (const fn of script.functions) {
          if (/^(dist|node_modules)\//.test(fn.functionName) && (fn.ranges[0]?.count ?? 0) > 0) loaded.push(`/${fn.functionName}`)
        }
      }
    }
    return loaded
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('start-up imports', () => {
  it('the bundle keeps the commands, the REPL, the linter, the broker and the YAML parser behind initialisers', () => {
    const meta = JSON.parse(readFileSync(join(ROOT, 'dist/bundle/metafile.json'), 'utf8')) as { inputs: Record<string, unknown> }
    for (const m of ['dist/cli/commands/trace.js', 'dist/repl/session.js', 'dist/lint/lint-topology.js', 'dist/broker/broker.js', 'dist/topology/yaml-format.js']) {
      expect(Object.keys(meta.inputs)).toContain(m)
    }
    const code = readFileSync(join(ROOT, 'dist/bundle/cli.cjs'), 'utf8')
    expect(code).toMatch(/"dist\/topology\/yaml-format\.js"\(\)\s*\{/)
    expect(code).toMatch(/"dist\/repl\/session\.js"\(\)\s*\{/)
  })

  const COMMAND_WORDS = ['lint', 'trace', 'explain', 'graph', 'test', 'diff', 'schema', 'repl', 'init', 'export', 'import', 'pull']
  it('a command with a bundle of its own holds no other command, nor what only they use', () => {
    const inputs = (name: string) => Object.keys((JSON.parse(readFileSync(join(ROOT, `dist/bundle/${name}.json`), 'utf8')) as { inputs: Record<string, unknown> }).inputs)
    const full = inputs('metafile')
    for (const word of ['trace', 'lint', 'explain', 'repl', 'test', 'diff', 'graph']) {
      const own = inputs(`metafile-${word}`)
      expect(own).toContain(`dist/cli/commands/${word}.js`)
      expect(COMMAND_WORDS.filter((w) => w !== word && own.includes(`dist/cli/commands/${w}.js`))).toEqual([])
      expect(COMMAND_WORDS.filter((w) => w !== word && full.includes(`dist/cli/commands/${w}.js`))).toHaveLength(COMMAND_WORDS.length - 1)
      expect(own.length).toBeLessThan(full.length)
      expect(own.every((m) => full.includes(m) || m.startsWith('left-out-command:'))).toBe(true)
    }
    expect(inputs('metafile-trace').filter((m) => /^dist\/(repl|lint|broker|spec|init)\/|node_modules\/(picomatch|tinyglobby|ignore)\//.test(m))).toEqual([])
  })

  it.each([
    ['trace', ['trace', SAMPLE, '-e', 'events', '-k', 'order.created']],
    ['trace --json', ['trace', SAMPLE, '-e', 'events', '-k', 'order.created', '--json']],
    ['explain <pattern>', ['explain', 'order.*', 'order.created']],
  ])('%s loads no REPL, inquirer, linter or broker', (_name, args) => {
    const loaded = loadedBy(args)
    expect(loaded.some((u) => u.includes('/dist/cli/commands/'))).toBe(true) // coverage saw the CLI
    expect(loaded.filter((u) => /inquirer|\/dist\/(repl|lint|broker)\//.test(u))).toEqual([])
  })

  it('lint loads the linter (the check above can see a module load)', () => {
    expect(loadedBy(['lint', SAMPLE]).some((u) => u.startsWith('/dist/lint/'))).toBe(true)
  })

  it('a report without colour does not load chalk (src/report/plain-chalk.ts stands in); with colour it does', () => {
    const chalkIn = (args: string[], env: NodeJS.ProcessEnv = {}) => loadedBy(args, env).filter((u) => u.includes('/node_modules/chalk/'))
    expect(chalkIn(['trace', SAMPLE, '-e', 'events', '-k', 'order.created'])).toEqual([])
    expect(chalkIn(['lint', SAMPLE])).toEqual([])
    expect(chalkIn(['trace', SAMPLE, '-e', 'events', '-k', 'order.created'], { NO_COLOR: '', FORCE_COLOR: '1' })).not.toEqual([])
  })

  it('trace --json does not load chalk, and explain <pattern> does not load the YAML parser', () => {
    expect(loadedBy(['trace', SAMPLE, '-e', 'events', '--json']).filter((u) => u.includes('/dist/report/colour.js'))).toEqual([])
    expect(loadedBy(['explain', 'a.#', 'a']).filter((u) => /node_modules\/yaml\/|\/dist\/topology\/load\.js/.test(u))).toEqual([])
  })

  // load.ts imports yaml-format (the yaml package and the generated schema validator) only for a YAML text.
  it('trace on a definitions export loads neither the YAML parser nor the schema validator; on YAML it loads both', () => {
    const yamlParts = (args: string[]) => loadedBy(args).filter((u) => /node_modules\/yaml\/|\/dist\/topology\/(yaml-format|yaml-locator|generated\/)/.test(u))
    expect(yamlParts(['trace', EXPORT, '-e', 'shop.orders', '-k', 'order.created'])).toEqual([])
    expect(yamlParts(['trace', EXPORT, '-e', 'shop.orders', '-k', 'order.created', '--json'])).toEqual([])
    const onYaml = yamlParts(['trace', SAMPLE, '-e', 'events', '-k', 'order.created'])
    expect(onYaml.some((u) => u.includes('/node_modules/yaml/'))).toBe(true)
    expect(onYaml.some((u) => u.includes('/dist/topology/generated/'))).toBe(true)
  })
})

/**
 * Node's built-in modules a run of `rmq-sim ...args` loaded (process.moduleLoadList at exit, from a preload), with
 * stdout to a file (`rmq-sim ... > report`), /dev/null, a pipe (`| cat`) or a socket (node's own child pipes).
 */
function builtinsLoadedBy(args: string[], stdoutTo: 'file' | 'null' | 'pipe' | 'socket' = 'file'): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-builtins-'))
  try {
    const preload = join(dir, 'list.cjs')
    const out = join(dir, 'list.json')
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.moduleLoadList)))`)
    // the package's bin (CommonJS): the ES module loader of bin/rmq-sim.js reads files through fs/promises itself
    const argv = ['--require', preload, join(ROOT, 'bin/rmq-sim.cjs'), ...args]
    const env = { ...process.env, NO_COLOR: '1' }
    let r
    if (stdoutTo === 'pipe') {
      r = spawnSync('bash', ['-c', '"$@" | cat > /dev/null; exit "${PIPESTATUS[0]}"', 'bash', process.execPath, ...argv], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env })
    } else {
      const stdout = stdoutTo === 'file' ? openSync(join(dir, 'stdout'), 'w') : stdoutTo === 'null' ? 'ignore' : 'pipe'
      r = spawnSync(process.execPath, argv, { encoding: 'utf8', stdio: ['ignore', stdout, 'pipe'], env })
      if (typeof stdout === 'number') closeSync(stdout)
    }
    expect(r.status, r.stderr).toBe(0)
    return (JSON.parse(readFileSync(out, 'utf8')) as string[]).filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('start-up builtins', () => {
  // commander's child_process (for executable subcommands rmq-sim has none of) is required on first use only
  // (scripts/bundle-cli.mjs); stdin is a stream built on first touch; regular files are read synchronously.
  it('trace of a file loads neither child_process, nor fs/promises, nor a stdin stream', () => {
    for (const args of [[SAMPLE, '-e', 'events'], [EXPORT, '-e', 'shop.orders']]) {
      const loaded = builtinsLoadedBy(['trace', ...args, '-k', 'order.created'])
      expect(loaded).toContain('vm') // the list is real: the launcher's own module is in it
      expect(loaded.filter((m) => ['child_process', 'fs/promises', 'internal/fs/promises', 'readline', 'internal/fs/streams'].includes(m))).toEqual([])
    }
  })

  // chalk's own colour detection would load tty, os and net: rmq-sim sets chalk's level itself (src/report/colour.ts)
  it('a human report written to a file loads no colour detection (tty, os, net)', () => {
    for (const args of [['trace', SAMPLE, '-e', 'events', '-k', 'order.created'], ['lint', SAMPLE]]) {
      expect(builtinsLoadedBy(args).filter((m) => ['tty', 'os', 'net'].includes(m))).toEqual([])
    }
  })

  it('a command that needs one still gets it (trace --batch - reads stdin, here /dev/null)', () => {
    expect(builtinsLoadedBy(['trace', EXPORT, '--batch', '-', '--fields', 'queues'])).toContain('internal/fs/streams')
  })

  // process.stdout is a getter that builds a stream on first touch: for a file or /dev/null a SyncWriteStream and
  // the stream modules, for a pipe a net.Socket (net too). The CLI writes those with fs.writeSync instead
  // (src/cli/direct-stdout.ts); only a terminal or a socket gets process.stdout.
  const STREAMS = (m: string): boolean => m === 'stream' || m === 'net' || m === 'tty' || m === 'internal/fs/sync_write_stream' || /^internal\/streams\/(readable|writable|duplex)$/.test(m)
  const scriptDir = mkdtempSync(join(tmpdir(), 'rmq-sim-script-'))
  afterAll(() => rmSync(scriptDir, { recursive: true, force: true }))
  const REPL_SCRIPT = join(scriptDir, 'startup.repl')
  writeFileSync(REPL_SCRIPT, 'publish shop order.created.eu\nqueues\n')
  it.each([
    ['trace of YAML', ['trace', SAMPLE, '-e', 'events', '-k', 'order.created']],
    ['trace of an export', ['trace', EXPORT, '-e', 'shop.orders', '-k', 'order.created']],
    ['explain', ['explain', 'order.*', 'order.created']],
    ['repl --script (the demo topology)', ['repl', '--script', REPL_SCRIPT]],
    ['--help', ['--help']],
  ])('%s with stdout to a file, /dev/null or a pipe builds no stream (no stream modules, no net)', (_name, args) => {
    for (const to of ['file', 'null', 'pipe'] as const) expect([to, builtinsLoadedBy(args, to).filter(STREAMS)]).toEqual([to, []])
  })

  // lint sets V8 flags for a short run through node:v8, whose heap_utils loads the stream modules (Node 20); what
  // stdout alone would add is the SyncWriteStream, or net for a pipe
  it('lint with stdout to a file, /dev/null or a pipe builds no stdout stream', () => {
    for (const to of ['file', 'null', 'pipe'] as const) {
      expect([to, builtinsLoadedBy(['lint', SAMPLE], to).filter((m) => ['net', 'tty', 'internal/fs/sync_write_stream'].includes(m))]).toEqual([to, []])
    }
  })

  it('stdout to a socket is process.stdout, as before (the checks above can see a stream)', () => {
    expect(builtinsLoadedBy(['trace', SAMPLE, '-e', 'events', '-k', 'order.created'], 'socket')).toContain('net')
  })
})

// launch.cjs hands V8 a cache trained at build time; V8 checks it (version, flags, source, length) and rejects
// one that does not fit, and the launcher then compiles from source. A copy of the package with damaged caches, or
// without a command's own bundle, must behave exactly as the real one.
describe('code cache fallback', () => {
  it('a damaged, truncated or missing cache changes nothing but speed', () => {
    const pkg = mkdtempSync(join(tmpdir(), 'rmq-sim-pkg-'))
    try {
      cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'))
      cpSync(join(ROOT, 'bin'), join(pkg, 'bin'), { recursive: true })
      cpSync(join(ROOT, 'dist/bundle'), join(pkg, 'dist/bundle'), { recursive: true })
      const caches = join(pkg, 'dist/bundle/code-cache')
      writeFileSync(join(caches, 'trace.bin'), 'not a V8 code cache')
      const real = readFileSync(join(caches, 'trace-json.bin'))
      writeFileSync(join(caches, 'trace-json.bin'), real.subarray(0, real.length >> 1))
      rmSync(join(caches, 'explain.bin'))
      rmSync(join(pkg, 'dist/bundle/cli-lint.cjs')) // the full bundle runs lint then, with a cache made for the other
      for (const args of [['trace', SAMPLE, '-e', 'events', '-k', 'order.created'], ['trace', EXPORT, '-e', 'shop.orders', '-k', 'order.created', '--json'], ['explain', 'order.*', 'order.created'], ['lint', SAMPLE]]) {
        const run = (bin: string) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
        const expected = run(BIN)
        const got = run(join(pkg, 'bin/rmq-sim.cjs'))
        expect(expected.status).toBe(0)
        expect({ status: got.status, stdout: got.stdout, stderr: got.stderr }).toEqual({ status: expected.status, stdout: expected.stdout, stderr: expected.stderr })
      }
    } finally {
      rmSync(pkg, { recursive: true, force: true })
    }
  })
})

describe('start-up builtins of repl --script', () => {
  // readline (stdin as the script, or the interactive shell), fs/promises (a FIFO as the script) and os (the
  // history file) are loaded only by the runs that use them
  it('repl --script FILE loads neither readline, nor fs/promises, nor os', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-script-'))
    try {
      const script = join(dir, 'script.repl')
      writeFileSync(script, 'publish shop order.created.eu\nqueues\n')
      const loaded = builtinsLoadedBy(['repl', '--script', script])
      expect(loaded).toContain('vm')
      expect(loaded.filter((m) => ['readline', 'fs/promises', 'internal/fs/promises', 'os'].includes(m))).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
