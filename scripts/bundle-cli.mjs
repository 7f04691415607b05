// Bundles the CLI (tsc's dist/cli/main.js) into dist/bundle/ with esbuild, so `rmq-sim trace` starts by reading a
// handful of files instead of ~150 modules. Each command stays its own chunk (the lazy imports in program.ts become
// split points); inquirer stays external, loaded only by the commands that prompt. bin/rmq-sim.js runs the bundle.
import { rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outdir = join(root, 'dist/bundle')
rmSync(outdir, { recursive: true, force: true })
const result = await build({
  entryPoints: [join(root, 'dist/cli/main.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['inquirer', '@inquirer/*'],
  // commander and yaml are CommonJS/ESM mixes that call require(): give the ESM bundle a real one.
  banner: { js: "import { createRequire as __rmqCreateRequire } from 'node:module'; const require = __rmqCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  absWorkingDir: root,
  metafile: true,
})
// Which modules each chunk holds: the start-up test reads it to prove `trace` loads no REPL, linter or broker.
writeFileSync(join(outdir, 'metafile.json'), JSON.stringify(result.metafile))
