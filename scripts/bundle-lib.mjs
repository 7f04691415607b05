// Bundles the library entry (tsc's dist/index.js, ~90 modules plus yaml's 72 files) into one ES module,
// dist/rmq-sim.js, which package.json "exports" points at: `import 'rmq-sim'` reads one file instead of ~160.
// Types stay tsc's (dist/index.d.ts). inquirer stays external, imported by the wizard when it prompts.
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const result = await build({
  entryPoints: [join(root, 'dist/index.js')],
  outfile: join(root, 'dist/rmq-sim.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['inquirer', '@inquirer/*'],
  // smaller text to read and parse; identifiers keep their names for stack traces
  minifyWhitespace: true,
  minifySyntax: true,
  // yaml is CommonJS and calls require(): give the ES module a real one
  banner: { js: "import { createRequire as __rmqCreateRequire } from 'node:module'; const require = __rmqCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  absWorkingDir: root,
  metafile: true,
})
writeFileSync(join(root, 'dist/rmq-sim.metafile.json'), JSON.stringify(result.metafile))
