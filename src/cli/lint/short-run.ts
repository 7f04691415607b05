import { statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'

/**
 * Input (bytes, all files together) up to which `lint` runs with SHORT_RUN_FLAGS. Measured in docs/start-up.md: on a
 * 12 KB lint of the six samples V8 queues optimising compiles of the YAML lexer and parser (about 60 ms of background
 * compile on a 2-core machine) that finish after the findings are printed, and the process waits for them at exit;
 * without TurboFan the run is 14% fewer instructions and faster up to about 500 KB of YAML. Above that the optimised
 * parser pays for its compile (a 5 MB file takes twice as long without it), so a large run keeps V8's defaults.
 */
export const SHORT_RUN_BYTES = 256 * 1024

/**
 * No TurboFan; and a young generation that stays at its starting size instead of doubling after each scavenge that
 * keeps much alive: a short run then touches about 2 MB less fresh memory, and first touches (page faults) are what
 * a start-up mostly pays for beyond instructions. Scavenges of a small young generation are short.
 */
export const SHORT_RUN_FLAGS = '--no-opt --semi-space-growth-factor=1'

/** Set (to anything) to keep V8's defaults; the build sets it when it trains the code caches (see tuneForShortRun). */
export const KEEP_V8_DEFAULTS_ENV = 'RMQ_SIM_V8_DEFAULTS'

/** The total size of the files to lint, or undefined when it cannot be known up front (stdin, a FIFO or device). */
export function inputBytes(files: readonly string[], cwd: string): number | undefined {
  let total = 0
  for (const file of files) {
    if (file === '-') return undefined
    try {
      const st = statSync(resolve(cwd, file))
      if (!st.isFile()) return undefined
      total += st.size
    } catch {
      // a missing or unreadable file: the loader reports it and reads nothing
    }
  }
  return total
}

/**
 * Sets SHORT_RUN_FLAGS for the rest of this process when the input is small (see SHORT_RUN_BYTES). Only the CLI's
 * own process calls it (the flags are process-wide). A V8 flag changes speed, never an answer. They are set after the
 * launcher compiled the bundle with its code cache, which V8 checks against the flags in force: so the cache was
 * accepted; but a cache made after them would be stamped with them and refused by every ordinary run, hence the build
 * trains with KEEP_V8_DEFAULTS_ENV set.
 */
export function tuneForShortRun(files: readonly string[], cwd: string, env: NodeJS.ProcessEnv): boolean {
  if (env[KEEP_V8_DEFAULTS_ENV] !== undefined) return false
  const bytes = inputBytes(files, cwd)
  if (bytes === undefined || bytes > SHORT_RUN_BYTES) return false
  // required here, not imported: node:v8 loads Node's stream modules (for heap snapshots), which only a run that
  // sets flags should pay for
  const { setFlagsFromString } = createRequire(import.meta.url)('node:v8') as typeof import('node:v8')
  setFlagsFromString(SHORT_RUN_FLAGS)
  return true
}
