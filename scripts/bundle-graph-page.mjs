// Bundles the script of `rmq-sim graph --format html` (tsc's dist/graph/page/main.js: the routing core, the trace
// JSON presenter and the highlighter) into one browser file, dist/graph-page/page.js, which the command inlines in
// the page. Built here, once: the page itself loads nothing from anywhere.
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outdir = join(root, 'dist/graph-page')
rmSync(outdir, { recursive: true, force: true })
await build({
  entryPoints: [join(root, 'dist/graph/page/main.js')],
  outfile: join(outdir, 'page.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
})
