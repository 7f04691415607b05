// Bundles the library entry (tsc's dist/index.js, ~90 modules plus yaml's 72 files) twice:
//
// - for Node (package.json "exports" default, dist/rmq-sim.js): V8 spends nearly all of an import compiling source,
//   so the entry compiles only what every user needs — src/core, the objects the entry exports and the modules they
//   live in — and leaves the rest (topology loaders and the yaml package, lint, reports, init, the broker) for the
//   first call that needs it. Functions stay synchronous: each lazy function is a stub with the real one's name and
//   length that, on its first call, require()s (createRequire) the CommonJS chunk of its group and calls the real
//   function; a lazy class is a Proxy (lazyClass below). All chunks come from one esbuild build with code splitting,
//   so each module has one instance: the chunks an import loads stay ES modules, and the lazy CommonJS chunks reach
//   them through bridges (below).
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

const eager = [] // { as, spec, name }: compiled at import (src/core, objects)
const primitives = [] // { as, value }: strings and numbers, written into the entry as literals
const lazy = [] // { as, orig, length, spec, isClass }: functions and classes outside src/core, loaded on first use
const seen = new Set()
for (const m of entryText.matchAll(/export (\*|\{([^}]*)\}) from '([^']+)'/g)) {
  const spec = m[3]
  const ns = await moduleOf(spec)
  for (const [orig, as] of m[1] === '*' ? Object.keys(ns).map((k) => [k, k]) : names(m[2])) {
    if (seen.has(as)) continue
    seen.add(as)
    const value = ns[orig]
    if (spec.startsWith('./core/') || (typeof value === 'object' && value !== null)) eager.push({ as, ...(await definer(spec, orig)) })
    else if (isPrimitive(value)) primitives.push({ as, value })
    else lazy.push({ as, orig: value.name || orig, length: value.length, spec, isClass: isClass(value) })
  }
}
const everything = await moduleOf('./index.js')
if (seen.size !== Object.keys(everything).length) throw new Error(`bundle-lib: the export lines of dist/index.js give ${seen.size} names, the module has ${Object.keys(everything).length}`)

// The lazy functions in a few groups, each one chunk to load on a first call: the JSON path (load.ts) apart from
// the modules that need the YAML parser, so loadTopologyFile of a definitions export never compiles yaml.
const YAML_USERS = new Set(['./topology/parse-topology.js', './topology/write-yaml.js', './topology/write-operator.js'])
const groupOf = (spec) => (YAML_USERS.has(spec) ? 'yaml' : spec.split('/')[1])
const groups = [...new Set(lazy.map((x) => groupOf(x.spec)))]
const reexport = (xs) => xs.map((x) => `export { ${x.name === x.as ? x.as : `${x.name} as ${x.as}`} } from '${x.spec}'`).join('\n')

// The entry (dist/rmq-sim.js): the eager exports, the literals, and a stub per lazy function. Its loader fills the
// bridges (below) before the first lazy chunk loads; __rmqFillBridges is appended after the build, when the names of
// the chunks are known.
const declared = new Set([...eager.map((x) => x.as), ...primitives.map((x) => x.as), 'createRequire', 'requireChunk', 'chunks', 'paths', 'chunk'])
const stubs = lazy.map((x) => {
  if (declared.has(x.orig)) throw new Error(`bundle-lib: two exports would declare ${x.orig}`)
  declared.add(x.orig)
  if (x.isClass) return `const ${x.orig} = lazyClass(${JSON.stringify(x.orig)}, ${x.length}, () => chunk('lazy-${groupOf(x.spec)}').${x.as})`
  const params = Array.from({ length: x.length }, (_, i) => `a${i}`).join(', ')
  return `function ${x.orig}(${params}) { return chunk('lazy-${groupOf(x.spec)}').${x.as}.apply(this, arguments) }`
})
declared.add('lazyClass')
const entrySource = [
  "import { createRequire } from 'node:module'",
  "export * from 'rmq-sim-lib:eager'",
  ...primitives.map((x) => `export const ${x.as} = ${JSON.stringify(x.value)}`),
  'let requireChunk',
  'const chunks = new Map()',
  // one literal path per chunk, for tools that trace which files a program needs
  `const paths = { ${groups.map((g) => `'lazy-${g}': () => requireChunk('./lib/lazy-${g}.cjs')`).join(', ')} }`,
  'function chunk(name) {',
  '  if (requireChunk === undefined) {',
  '    requireChunk = createRequire(import.meta.url)',
  '    __rmqFillBridges(requireChunk)',
  '  }',
  '  return chunks.get(name) ?? chunks.set(name, paths[name]()).get(name)',
  '}',
  // A class (Broker) that loads on first use: new, extends, instanceof, a static or its prototype. The export is a
  // Proxy of a plain function that hands each of those to the real class, which names the Proxy as its
  // prototype's constructor, so `new Broker(o).constructor === Broker`. Only reflection on the export itself
  // (Function.prototype.toString, its own property descriptors) sees the plain function.
  'function lazyClass(name, length, load) {',
  '  let real',
  '  const target = { [name]: function () {} }[name]',
  "  Object.defineProperty(target, 'length', { value: length })",
  '  const cls = () => {',
  '    if (real === undefined) {',
  '      real = load()',
  "      Object.defineProperty(real.prototype, 'constructor', { value: proxy, writable: true, configurable: true, enumerable: false })",
  '    }',
  '    return real',
  '  }',
  '  const proxy = new Proxy(target, {',
  '    apply: (_, self, args) => Reflect.apply(cls(), self, args),',
  '    construct: (_, args, newTarget) => Reflect.construct(cls(), args, newTarget === proxy ? cls() : newTarget),',
  '    get: (_, key) => Reflect.get(cls(), key),',
  '    set: (_, key, value) => Reflect.set(cls(), key, value),',
  '    has: (_, key) => Reflect.has(cls(), key),',
  '  })',
  '  return proxy',
  '}',
  ...stubs,
  `export { ${lazy.map((x) => (x.orig === x.as ? x.as : `${x.orig} as ${x.as}`)).join(', ')} }`,
].join('\n')
const virtual = new Map([
  ['rmq-sim', entrySource],
  ['eager', reexport(eager)],
  // each lazy group imports the eager modules too, so every module they need is reached from all entries and esbuild
  // puts them all in one shared chunk: an import reads three files, not a dozen
  ...groups.map((g) => [`lib/lazy-${g}`, `import 'rmq-sim-lib:eager'\n${reexport(lazy.filter((x) => groupOf(x.spec) === g).map((x) => ({ ...x, name: x.orig === x.as ? x.as : x.orig })))}`]),
])
rmSync(libDir, { recursive: true, force: true })
mkdirSync(libDir)
const split = await build({
  ...common,
  entryPoints: Object.fromEntries([...virtual.keys()].filter((k) => k !== 'eager').map((k) => [k, `rmq-sim-lib:${k}`])),
  outdir: dist,
  format: 'esm',
  splitting: true,
  chunkNames: 'lib/shared-[hash]',
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

// What an import loads: the entry and the chunks it imports, all ES modules (Node compiles an ES module about as fast
// as a CommonJS file, and an import that needs no require() skips createRequire). The lazy chunks become CommonJS, so
// that a stub can require() them; where they import a chunk the import already loaded, they require() its bridge,
// <chunk>.cjs, an empty exports object the entry fills with getters to the ES module's bindings before the first
// lazy chunk loads: one instance of every module.
const outputs = new Map(Object.entries(split.metafile.outputs).map(([k, v]) => [posix.relative('dist', k), v]))
const closure = (start) => {
  const seen = new Set()
  const visit = (f) => {
    if (seen.has(f)) return
    seen.add(f)
    for (const i of outputs.get(f).imports) if (i.kind === 'import-statement' && outputs.has(posix.relative('dist', i.path))) visit(posix.relative('dist', i.path))
  }
  visit(start)
  return seen
}
const atImport = closure('rmq-sim.js')
// The chunks an import loads stay ES modules and every other one becomes CommonJS: an import() from the former would
// look for an ES module that is not written.
for (const f of atImport) {
  const dynamic = outputs.get(f).imports.filter((i) => i.kind === 'dynamic-import' && outputs.has(posix.relative('dist', i.path)))
  if (dynamic.length > 0) throw new Error(`bundle-lib: ${f}, loaded at import, import()s ${dynamic.map((i) => i.path).join(', ')}; make it static or move it out of src/core`)
}
// Neither an import nor the JSON path may compile the yaml package: an object export from a module that needs it
// would put it in the import, a new YAML user among the topology group's modules in the JSON path.
const withYaml = (chunks) => [...chunks].filter((f) => Object.keys(outputs.get(f).inputs).some((i) => i.startsWith('node_modules/yaml/')))
if (withYaml(atImport).length > 0) throw new Error(`bundle-lib: import 'rmq-sim' would compile the yaml package (${withYaml(atImport).join(', ')})`)
const yamlChunks = withYaml(closure('lib/lazy-topology.js'))
if (yamlChunks.length > 0) throw new Error(`bundle-lib: the topology group compiles the yaml package (${yamlChunks.join(', ')}); add its YAML users to YAML_USERS`)
const cjsName = (f) => f.replace(/\.js$/, '.cjs')
const bridged = [...atImport].filter((f) => f !== 'rmq-sim.js').sort()
for (const file of split.outputFiles) {
  const name = posix.relative(dist, file.path)
  if (name === 'rmq-sim.js') {
    const fill = [
      ...bridged.map((f, i) => `import * as __rmqChunk${i} from './${f}'`),
      'function __rmqFillBridges(require) {',
      '  const bridge = (file, ns) => Object.defineProperties(require(file), Object.fromEntries(Object.keys(ns).map((k) => [k, { get: () => ns[k], enumerable: true }])))',
      ...bridged.map((f, i) => `  bridge('./${cjsName(f)}', __rmqChunk${i})`),
      '}',
    ]
    writeFileSync(file.path, `// Generated by scripts/bundle-lib.mjs: src/core and the exported objects load with the entry; each other\n// function or class loads its CommonJS chunk (dist/lib/lazy-*.cjs) on first use.\n${file.text}${fill.join('\n')}\n`)
  } else if (atImport.has(name)) {
    // esbuild's __require (yaml's require('process'), require('buffer')) may land here: give it a require,
    // made on its first call
    const banner = "import { createRequire as __rmqCreateRequire } from 'node:module';let __rmqRequire;function require(id) { return (__rmqRequire ??= __rmqCreateRequire(import.meta.url))(id) }\n"
    writeFileSync(file.path, /\b__require\b/.test(file.text) ? banner + file.text : file.text)
    writeFileSync(cjsName(file.path), "'use strict';// filled by dist/rmq-sim.js with the bindings of the ES module beside it\n")
  } else {
    // import() of a chunk (load.ts's lazy YAML half) becomes a require() behind a promise, as esbuild itself bundles
    // import() for CommonJS
    const esm = file.text.replace(/\bimport\("\.\/([\w-]+)\.js"\)/g, 'Promise.resolve().then(() => require("./$1.cjs"))')
    const { code, warnings } = await transform(esm, { format: 'cjs', platform: 'node', target: 'node20', minifyWhitespace: true, minifySyntax: true })
    if (warnings.length > 0 || /\bimport\.meta\b|\bimport\("\.|rmq-sim\.js/.test(code)) throw new Error(`bundle-lib: ${name} uses import.meta, import() or the entry, which a CommonJS chunk cannot`)
    writeFileSync(cjsName(file.path), code.replace(/\brequire\("\.\/([\w-]+)\.js"\)/g, 'require("./$1.cjs")'))
  }
}

const size = (f) => readFileSync(join(dist, f)).length
const files = readdirSync(libDir)
process.stdout.write(`bundle-lib: import 'rmq-sim' compiles ${[...atImport].reduce((n, f) => n + size(f), 0)} bytes in ${atImport.size} files; ${files.length} files in dist/lib (${files.reduce((n, f) => n + size(`lib/${f}`), 0)} bytes)\n`)
