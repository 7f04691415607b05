// Bundles the CLI (tsc's dist/cli/main.js) into one CommonJS file, dist/bundle/cli.cjs, with esbuild, and trains
// V8 code caches for it (dist/bundle/code-cache/<command>.bin): bin/rmq-sim.cjs runs the bundle through
// dist/bundle/launch.cjs (from scripts/cli-launcher.cjs), which hands V8 the cache trained on the same kind of run.
// The lazy imports of program.ts stay lazy: esbuild wraps each module reached only through import() in an
// initialiser, so `trace` never runs the REPL, the linter, the broker or (on a JSON export) the YAML parser, and the
// cache of a `trace` holds none of their compiled code. inquirer stays external, loaded by the commands that prompt.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * commander requires node:child_process at load, for executable subcommands rmq-sim never uses; loading it (with
 * net, dgram and the stream internals it pulls in) is several ms of every start. The bundled copy requires it on
 * first use instead. The build fails if commander's line changes, rather than silently keeping the cost.
 */
function lazyChildProcess() {
  const eager = "const childProcess = require('node:child_process');"
  return {
    name: 'lazy-child-process',
    setup(b) {
      b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8')
        if (!text.includes(eager)) throw new Error(`bundle-cli: ${args.path} no longer has \`${eager}\`: update lazyChildProcess`)
        return { contents: text.replace(eager, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js' }
      })
    },
  }
}

/**
 * chalk detects colour support when imported (its vendored supports-color loads node:tty, node:os and with them
 * net and the stream internals). rmq-sim always gives chalk a level (src/report/colour.ts, from the stream's own
 * getColorDepth on a TTY), so the bundled chalk gets a detector that says "none" and loads nothing.
 */
function noChalkDetection() {
  return {
    name: 'no-chalk-detection',
    setup(b) {
      b.onResolve({ filter: /^#supports-color$/ }, (args) => (/[\\/]chalk[\\/]/.test(args.importer) ? { path: 'supports-color', namespace: 'no-chalk-detection' } : undefined))
      b.onLoad({ filter: /.*/, namespace: 'no-chalk-detection' }, () => ({ contents: 'export default { stdout: false, stderr: false }', loader: 'js' }))
    },
  }
}

/**
 * A bundle for one command: program.ts imports each command's module with import() in that command's action, and a
 * run that names its command builds only that command (createProgram's `only`), so no other command's action can
 * run. Their modules are left out (a module that says so, should it ever be reached), and with them everything only
 * they reach: the `trace` bundle is less than half the full one, and a start-up reads and holds (twice: bytes, then
 * the source string) only that. The build fails if the kept command's import is not where this expects it.
 */
function onlyCommand(word) {
  let kept = 0
  return {
    name: 'only-command',
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => {
        if (!/[\\/]dist[\\/]cli[\\/]program\.js$/.test(args.importer)) return undefined
        const name = /([a-z-]+)\.js$/.exec(args.path)[1]
        if (name === word) { kept++; return undefined }
        return { path: name, namespace: 'left-out-command' }
      })
      b.onLoad({ filter: /.*/, namespace: 'left-out-command' }, (args) => ({ contents: `throw new Error(${JSON.stringify(`the ${word} bundle has no ${args.path} command`)})`, loader: 'js' }))
      b.onEnd(() => { if (kept === 0) throw new Error(`bundle-cli: program.js no longer imports ./commands/${word}.js: update onlyCommand`) })
    },
  }
}

/**
 * The bundles: the full CLI (help, unknown words and every command without a bundle of its own), and one for each
 * command trained below, which the launcher runs when it finds cli-<command>.cjs (scripts/cli-launcher.cjs).
 */
const BUNDLES = [{ file: 'cli.cjs' }, ...['trace', 'lint', 'explain', 'repl', 'test', 'diff', 'graph'].map((word) => ({ file: `cli-${word}.cjs`, word }))]

const outdir = join(root, 'dist/bundle')
rmSync(outdir, { recursive: true, force: true })
for (const { file, word } of BUNDLES) {
  const bundle = join(outdir, file)
  const result = await build({
    entryPoints: [join(root, 'dist/cli/main.js')],
    outfile: bundle,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['inquirer', '@inquirer/*'],
    // packageRoot(import.meta.url) finds package.json from the bundle's own place
    define: { 'import.meta.url': '__rmqModuleUrl' },
    // a path of only these characters is its own file URL after file:// (what pathToFileURL gives, without loading
    // the URL machinery: ~3M instructions a start); any other path goes through pathToFileURL
    banner: { js: "const __rmqModuleUrl = /^\\/[\\w./-]*$/.test(__filename) ? `file://${__filename}` : require('node:url').pathToFileURL(__filename).href;" },
    // less text to read and hash; identifiers keep their names (stack traces with DEBUG, the coverage test)
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    absWorkingDir: root,
    metafile: true,
    plugins: [lazyChildProcess(), noChalkDetection(), ...(word ? [onlyCommand(word)] : [])],
  })
  // Which modules each bundle holds (test/cli/trace-startup.test.ts reads them).
  writeFileSync(join(outdir, file.replace(/^cli/, 'metafile').replace(/\.cjs$/, '.json')), JSON.stringify(result.metafile))

  // A vm.Script has no import(): the launcher passes its own as __rmqImport.
  const code = readFileSync(bundle, 'utf8')
  const dynamic = code.match(/\bimport\(/g)?.length ?? 0
  const patched = code.replace(/\bawait import\("(inquirer)"\)/g, 'await __rmqImport("$1")')
  if (/\bimport\(/.test(patched)) throw new Error(`bundle-cli: a dynamic import() the launcher does not handle is left in ${bundle} (${dynamic} found)`)
  // The launcher compiles the file as is: written already wrapped in the function it calls (no 1 MB concatenation at
  // start), and ASCII only (esbuild escapes the rest), so the launcher reads it as latin1 without UTF-8 decoding.
  if (/[^\x00-\x7f]/.test(patched)) throw new Error(`bundle-cli: ${bundle} has non-ASCII text; the launcher reads it as latin1`)
  writeFileSync(bundle, `(function (exports, require, module, __filename, __dirname, __rmqImport) {${patched}\n})`)
}
copyFileSync(join(root, 'scripts/cli-launcher.cjs'), join(outdir, 'launch.cjs'))

// Train one cache per kind of run on the samples: each run compiles what that command needs, and the launcher writes
// it at exit. A kind of run without a cache (init, export, import, pull, schema) compiles from source.
mkdirSync(join(outdir, 'code-cache'))
const work = join(tmpdir(), `rmq-sim-train-${process.pid}`)
mkdirSync(work, { recursive: true })
try {
  const sample = (name) => join(root, 'samples', name)
  const script = join(work, 'train.repl')
  writeFileSync(script, 'publish shop order.created.eu\nqueues\nconsume orders.all --tag c1\nack 1\n')
  const yamlSamples = ['direct-copies.yaml', 'fanout-broadcast.yaml', 'headers-match.yaml', 'orders-service.yaml', 'repl-demo.yaml', 'topic-wildcards.yaml'].map(sample)
  // batch: probes over the export's own exchanges, a few hundred lines, some repeated, so its hot loop is trained too
  const probes = join(work, 'train-probes.jsonl')
  const keys = ['order.created', 'order.created.eu', 'invoice.paid', 'parcel.shipped.us', 'x']
  writeFileSync(probes, Array.from({ length: 400 }, (_, i) => JSON.stringify({ exchange: i % 7 === 0 ? 'shop.events' : 'shop.orders', routingKey: `${keys[i % keys.length]}${i % 3 === 0 ? '' : `.${i}`}`, ...(i % 10 === 0 ? { mandatory: true } : {}) })).join('\n') + '\n')
  const runs = [
    ['trace', sample('definitions-export.json'), '--batch', probes, '--fields', 'queues,returned,error'],
    ['trace', sample('topic-wildcards.yaml'), '-e', 'events', '-k', 'order.created'],
    ['trace', sample('definitions-export.json'), '-e', 'shop.orders', '-k', 'order.created'],
    ['lint', ...yamlSamples],
    ['explain', 'order.*', 'order.created'],
    ['repl', '--script', script],
    ['test', sample('tests/orders-service.spec.yaml')],
    // the review commands of a pull request: what changed between two topologies, and its picture
    ['diff', sample('orders-service.yaml'), sample('repl-demo.yaml')],
    ['graph', sample('orders-service.yaml')],
    ['--help'],
  ]
  const trainer = join(outdir, 'launch.cjs')
  for (const args of runs) {
    const r = spawnSync(process.execPath, ['-e', `process.argv.splice(1, 0, 'rmq-sim'); require(${JSON.stringify(trainer)}).launch({ train: true })`, '--', ...args], {
      // RMQ_SIM_V8_DEFAULTS: V8 stamps a cache with the flags in force when it is written, and `lint` of a small input
      // changes flags while it runs (src/cli/lint/short-run.ts); a cache stamped with those would be refused by every run
      cwd: work, env: { ...process.env, NO_COLOR: '1', RMQ_SIM_V8_DEFAULTS: '1' }, encoding: 'utf8',
    })
    if (r.status !== 0 && r.status !== 1) throw new Error(`bundle-cli: training run \`rmq-sim ${args.join(' ')}\` exited ${r.status}: ${r.stderr}`)
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
