'use strict'
// Starts the CLI bundle (cli.cjs, one CommonJS file) through V8's code cache: a cache trained at build time on
// the same kind of run (scripts/bundle-cli.mjs) lets V8 skip parsing and compiling most of the code it needs,
// which is most of rmq-sim's start-up. Node 20 caches no ES module, hence CommonJS. A cache V8 cannot use (another
// node or V8 version, other V8 flags, a damaged file) is rejected by V8 itself (script.cachedDataRejected) and the
// bundle compiles from source as without a cache; a missing cache likewise. Copied to dist/bundle/launch.cjs.
const { readFileSync, renameSync, writeFileSync } = require('node:fs')
const Module = require('node:module')
const { join } = require('node:path')
const vm = require('node:vm')

const BUNDLE = join(__dirname, 'cli.cjs')

/** Which trained cache fits a run: the command (first word that is not an option); trace --batch and trace of a .json file apart. */
function cacheKey(argv) {
  const command = argv.find((a) => !a.startsWith('-')) ?? 'help'
  if (!/^[a-z]+$/.test(command)) return 'help'
  if (command !== 'trace') return command
  return argv.includes('--batch') ? 'trace-batch' : argv.some((a) => /\.json$/i.test(a)) ? 'trace-json' : 'trace'
}

const cacheFile = (key) => join(__dirname, 'code-cache', `${key}.bin`)

/**
 * Runs the CLI with process.argv. `train` (build time only): compile without a cache and, at exit, write the
 * code V8 compiled during this run as the cache for this kind of run.
 */
function launch({ train = false } = {}) {
  const key = cacheKey(process.argv.slice(2))
  let cachedData
  if (!train) {
    try { cachedData = readFileSync(cacheFile(key)) } catch { /* no cache for this kind of run */ }
  }
  // The bundle's one dynamic import of an external package (inquirer) goes through this module's import().
  // the bundle is written as one function expression, ASCII only (scripts/bundle-cli.mjs): compiled as read
  const script = new vm.Script(readFileSync(BUNDLE, 'latin1'), { filename: BUNDLE, ...(cachedData ? { cachedData } : {}) })
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

module.exports = { cacheKey, launch }
