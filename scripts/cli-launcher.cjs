'use strict'
// Starts the CLI bundle (cli.cjs, one CommonJS file) through V8's code cache: a cache trained at build time on
// the same kind of run (scripts/bundle-cli.mjs) lets V8 skip parsing and compiling most of the code it needs,
// which is most of rmq-sim's start-up. Node 20 caches no ES module, hence CommonJS. A cache V8 cannot use (another
// node or V8 version, other V8 flags, a damaged file) is rejected by V8 itself (script.cachedDataRejected) and the
// bundle compiles from source as without a cache; a missing cache likewise. Copied to dist/bundle/launch.cjs.
const { closeSync, fstatSync, openSync, readFileSync, readSync, renameSync, writeFileSync } = require('node:fs')
const Module = require('node:module')
const { join } = require('node:path')
const vm = require('node:vm')

/** Which trained cache fits a run: the command (first word that is not an option); trace --batch and trace of a .json file apart. */
function cacheKey(argv) {
  const command = argv.find((a) => !a.startsWith('-')) ?? 'help'
  if (!/^[a-z]+$/.test(command)) return 'help'
  if (command !== 'trace') return command
  return argv.includes('--batch') ? 'trace-batch' : argv.some((a) => /\.json$/i.test(a)) ? 'trace-json' : 'trace'
}

const cacheFile = (key) => join(__dirname, 'code-cache', `${key}.bin`)

/**
 * The bundle for a kind of run: a command with a bundle of its own (only that command's code, scripts/bundle-cli.mjs)
 * runs from it; help and every other command from the full cli.cjs (the launcher falls back to it when there is no
 * cli-<command>.cjs).
 */
function bundleName(key) {
  return `cli-${key.startsWith('trace') ? 'trace' : key}.cjs`
}

/**
 * The file's bytes, read into `spare` when they fit (else a new buffer). The cache goes into the buffer the bundle
 * was read into, already turned into a string: memory a process touches for the first time (a page fault per 4 KB)
 * is much of what a start-up costs beyond node's own, and this saves a fresh buffer the size of the cache.
 */
function readInto(file, spare) {
  const fd = openSync(file, 'r')
  try {
    const size = fstatSync(fd).size
    const into = size <= spare.length ? spare.subarray(0, size) : Buffer.allocUnsafe(size)
    let got = 0
    for (let n; got < size && (n = readSync(fd, into, got, size - got, got)) > 0;) got += n
    return into.subarray(0, got)
  } finally {
    closeSync(fd)
  }
}

/**
 * Runs the CLI with process.argv. `train` (build time only): compile without a cache and, at exit, write the
 * code V8 compiled during this run as the cache for this kind of run.
 */
function launch({ train = false } = {}) {
  const key = cacheKey(process.argv.slice(2))
  // the bundle is written as one function expression, ASCII only (scripts/bundle-cli.mjs): compiled as read. Without
  // the command's own bundle the full one runs it (V8 then rejects the cache, made for the other bundle's source)
  let BUNDLE = join(__dirname, bundleName(key))
  let bytes
  try { bytes = readFileSync(BUNDLE) } catch { bytes = readFileSync(BUNDLE = join(__dirname, 'cli.cjs')) }
  const source = bytes.toString('latin1')
  let cachedData
  if (!train) {
    try { cachedData = readInto(cacheFile(key), bytes) } catch { /* no cache for this kind of run */ }
  }
  // The bundle's one dynamic import of an external package (inquirer) goes through this module's import().
  const script = new vm.Script(source, { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) })
  if (train) {
    process.once('exit', () => {
      const tmp = `${cacheFile(key)}.${process.pid}.tmp`
      writeFileSync(tmp, script.createCachedData())
      renameSync(tmp, cacheFile(key))
    })
  }
  const module = { exports: {} }
  script.runInThisContext()(module.exports, Module.createRequire(BUNDLE), module, BUNDLE, __dirname, (specifier) => import(specifier))
  return script
}

module.exports = { bundleName, cacheKey, launch }
