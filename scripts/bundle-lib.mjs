// Bundles the library entry (tsc's dist/index.js, ~90 modules plus yaml's 72 files) twice:
//
// - for Node (package.json "exports" default, dist/rmq-sim.js): a small ES module that compiles only what every user
//   needs at import — src/core, the classes and the object constants the entry exports — and loads the rest
//   (topology loaders and the yaml package, lint, reports, init) on the first call of a function that needs it.
//   V8 spends nearly all of an import compiling source, so what is not compiled at import is what is saved.
//   Functions stay synchronous: each lazy export is a stub with the real function's name and length that, on its
//   first call, require()s (createRequire) the CommonJS chunk holding the real one and calls it. The chunks are one
//   esbuild build with code splitting (dist/lib/*.cjs), so every module has exactly one instance, shared by the
//   eager chunk and the lazy ones; the lazy chunks require() the shared chunks they need.
// - for bundlers (the "module" condition, which esbuild, webpack, Rollup's node-resolve and Vite look for and Node
//   ignores): dist/rmq-sim.module.js, one self-contained ES module, so a user's bundler sees plain imports and no
//   require() of files beside it.
//
// Types stay tsc's (dist/index.d.ts). inquirer stays external, imported by the wizard when it prompts.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, transform } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const libDir = join(dist, 'lib')
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['inquirer', '@inquirer/*'],
  // smaller text to read and parse; identifiers keep their names for stack traces
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  absWorkingDir: root,
}

// 1. The bundlers' build: everything in one ES module.
await build({
  ...common,
  entryPoints: [join(dist, 'index.js')],
  outfile: join(dist, 'rmq-sim.module.js'),
  format: 'esm',
  // yaml is CommonJS and calls require(): give the ES module a real one
  banner: { js: "import { createRequire as __rmqCreateRequire } from 'node:module'; const require = __rmqCreateRequire(import.meta.url);" },
})

// 2. Node's build. Which export goes where, from the entry's own export lines and the values they export.
const entryText = readFileSync(join(dist, 'index.js'), 'utf8')
const isClass = (v) => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v))
const isPrimitive = (v) => v === null || (typeof v !== 'object' && typeof v !== 'function')
const moduleOf = async (spec) => import(pathToFileURL(join(dist, spec)).href)

/** The module (relative to dist/, './x/y.js') that defines `name`, following tsc's re-export lines from `spec`. */
async function definer(spec, name) {
  const text = readFileSync(join(dist, spec), 'utf8')
  const rel = (s) => `./${posix.join(posix.dirname(spec), s)}`
  for (const m of text.matchAll(/export \{([^}]*)\} from '([^']+)'/g)) {
    for (const [orig, as] of names(m[1])) if (as === name) return definer(rel(m[2]), orig)
  }
  for (const m of text.matchAll(/export \* from '([^']+)'/g)) {
    if (Object.hasOwn(await moduleOf(rel(m[1])), name)) return definer(rel(m[1]), name)
  }
  return { spec, name }
}
/** `a, b as c` -> [[a, a], [b, c]] */
function names(list) {
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [orig, as = orig] = s.split(/\s+as\s+/)
    return [orig, as]
  })
}

const eager = [] // { as, spec, name }: compiled at import (src/core, classes, objects)
const primitives = [] // { as, value }: strings and numbers, written into the entry as literals
const lazy = [] // { as, orig, length, spec }: functions outside src/core, loaded on first call
const seen = new Set()
for (const m of entryText.matchAll(/export (\*|\{([^}]*)\}) from '([^']+)'/g)) {
  const spec = m[3]
  const ns = await moduleOf(spec)
  for (const [orig, as] of m[1] === '*' ? Object.keys(ns).map((k) => [k, k]) : names(m[2])) {
    if (seen.has(as)) continue
    seen.add(as)
    const value = ns[orig]
    if (spec.startsWith('./core/') || isClass(value) || (typeof value === 'object' && value !== null)) eager.push({ as, ...(await definer(spec, orig)) })
    else if (isPrimitive(value)) primitives.push({ as, value })
    else lazy.push({ as, orig: value.name || orig, length: value.length, spec })
  }
}
const everything = await moduleOf('./index.js')
if (seen.size !== Object.keys(everything).length) throw new Error(`bundle-lib: the export lines of dist/index.js give ${seen.size} names, the module has ${Object.keys(everything).length}`)

// One lazy chunk per export line of the entry (its module), so a first call loads that module's closure only.
const lazyModules = [...new Set(lazy.map((x) => x.spec))]
const chunkName = (spec) => `lazy-${spec.replace(/^\.\//, '').replace(/\.js$/, '').replace(/[/]/g, '-')}`
const virtual = new Map([
  ['eager', eager.map((x) => `export { ${x.name === x.as ? x.as : `${x.name} as ${x.as}`} } from '${x.spec}'`).join('\n')],
  // each lazy entry imports the eager one, so every module the eager one needs is reached from all entries and
  // esbuild puts them all in one shared chunk: an import reads two files, not a dozen
  ...lazyModules.map((spec) => [chunkName(spec), `import 'rmq-sim-lib:eager'\nexport { ${lazy.filter((x) => x.spec === spec).map((x) => x.orig === x.as ? x.as : `${x.orig} as ${x.as}`).join(', ')} } from '${spec}'`]),
])
rmSync(libDir, { recursive: true, force: true })
mkdirSync(libDir)
const split = await build({
  ...common,
  entryPoints: Object.fromEntries([...virtual.keys()].map((k) => [k, `rmq-sim-lib:${k}`])),
  outdir: libDir,
  format: 'esm',
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'shared-[hash]',
  write: false,
  metafile: true,
  plugins: [{
    name: 'rmq-sim-lib-entries',
    setup(b) {
      b.onResolve({ filter: /^rmq-sim-lib:/ }, (a) => ({ path: a.path.slice('rmq-sim-lib:'.length), namespace: 'rmq-sim-lib' }))
      b.onLoad({ filter: /.*/, namespace: 'rmq-sim-lib' }, (a) => ({ contents: virtual.get(a.path), resolveDir: dist, loader: 'js' }))
    },
  }],
})
if (split.warnings.length > 0) throw new Error('bundle-lib: esbuild warned about the split build')
writeFileSync(join(dist, 'rmq-sim.metafile.json'), JSON.stringify(split.metafile))

// What an import loads: the eager entry and the chunks it imports, all ES modules (Node compiles an ES module
// faster than a CommonJS file, and createRequire costs a few ms). The lazy chunks become CommonJS, so that a stub can
// require() them; where they import a chunk the import already loaded, they require() its bridge,
// <chunk>.cjs, an empty exports object the entry fills with getters to the ES module's bindings before the first
// lazy chunk loads: one instance of every module.
const outputs = new Map(Object.entries(split.metafile.outputs).map(([k, v]) => [posix.basename(k), v]))
const atImport = new Set()
const visit = (f) => {
  if (atImport.has(f)) return
  atImport.add(f)
  for (const i of outputs.get(f).imports) if (i.kind === 'import-statement' && outputs.has(posix.basename(i.path))) visit(posix.basename(i.path))
}
visit('eager.js')
const cjsName = (f) => f.replace(/\.js$/, '.cjs')
for (const file of split.outputFiles) {
  const name = posix.basename(file.path)
  if (atImport.has(name)) {
    // esbuild's __require (yaml's require('process'), require('buffer')) may land here: give it a require,
    // made on its first call
    const banner = "import { createRequire as __rmqCreateRequire } from 'node:module';let __rmqRequire;function require(id) { return (__rmqRequire ??= __rmqCreateRequire(import.meta.url))(id) }\n"
    writeFileSync(file.path, /\b__require\b/.test(file.text) ? banner + file.text : file.text)
    writeFileSync(join(libDir, cjsName(name)), "'use strict';// filled by dist/rmq-sim.js with the bindings of the ES module beside it\n")
    continue
  }
  // import() of a chunk (load.ts's lazy YAML half) becomes a require() behind a promise, as esbuild itself bundles
  // import() for CommonJS
  const esm = file.text.replace(/\bimport\("\.\/([\w-]+)\.js"\)/g, 'Promise.resolve().then(() => require("./$1.cjs"))')
  const { code, warnings } = await transform(esm, { format: 'cjs', platform: 'node', target: 'node20', minifyWhitespace: true, minifySyntax: true })
  if (warnings.length > 0 || /\bimport\.meta\b/.test(code) || /\bimport\(/.test(code)) throw new Error(`bundle-lib: ${name} uses import.meta or import(), which a CommonJS chunk cannot`)
  writeFileSync(join(libDir, cjsName(name)), code.replace(/\brequire\("\.\/([\w-]+)\.js"\)/g, 'require("./$1.cjs")'))
}

// The entry: eager exports from the eager chunk, literals, and one stub per lazy function.
const bridged = [...atImport].sort()
const lines = [
  '// Generated by scripts/bundle-lib.mjs. Imports src/core and the exported classes and objects (dist/lib/eager.js);',
  '// each other function loads its CommonJS chunk (dist/lib/lazy-*.cjs) on its first call, then calls the real one.',
  "import { createRequire } from 'node:module'",
  ...bridged.map((f, i) => `import * as m${i} from './lib/${f}'`),
  `export { ${eager.map((x) => x.as).join(', ')} } from './lib/eager.js'`,
  ...primitives.map((x) => `export const ${x.as} = ${JSON.stringify(x.value)}`),
  'let require',
  'const chunks = new Map()',
  'function chunk(name) {',
  '  if (require === undefined) {',
  '    require = createRequire(import.meta.url)',
  '    const bridge = (file, ns) => Object.defineProperties(require(file), Object.fromEntries(Object.keys(ns).map((k) => [k, { get: () => ns[k], enumerable: true }])))',
  ...bridged.map((f, i) => `    bridge('./lib/${cjsName(f)}', m${i})`),
  '  }',
  '  return chunks.get(name) ?? chunks.set(name, require(`./lib/${name}.cjs`)).get(name)',
  '}',
]
const declared = new Set([...eager.map((x) => x.as), ...primitives.map((x) => x.as), ...bridged.map((_, i) => `m${i}`), 'require', 'chunks', 'chunk', 'createRequire'])
for (const x of lazy) {
  if (declared.has(x.orig)) throw new Error(`bundle-lib: two exports would declare ${x.orig}`)
  declared.add(x.orig)
  const params = Array.from({ length: x.length }, (_, i) => `a${i}`).join(', ')
  lines.push(`function ${x.orig}(${params}) { return chunk('${chunkName(x.spec)}').${x.as}.apply(this, arguments) }`)
}
lines.push(`export { ${lazy.map((x) => (x.orig === x.as ? x.as : `${x.orig} as ${x.as}`)).join(', ')} }`)
writeFileSync(join(dist, 'rmq-sim.js'), `${lines.join('\n')}\n`)

const size = (f) => readFileSync(join(libDir, f)).length
const files = readdirSync(libDir)
process.stdout.write(`bundle-lib: import 'rmq-sim' compiles ${[...atImport].reduce((n, f) => n + size(f), 0)} bytes of dist/lib in ${atImport.size} files (of ${files.length} files, ${files.reduce((n, f) => n + size(f), 0)} bytes)\n`)
