import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { setFlagsFromString } from 'node:v8'

/**
 * Input (bytes, all files together) up to which `lint` runs without TurboFan. Measured in docs/start-up.md: on a
 * 12 KB lint of the six samples V8 queues optimising compiles of the YAML lexer and parser (about 60 ms of background
 * compile on a 2-core machine) that finish after the findings are printed, and the process waits for them at exit;
 * without TurboFan the run is 14% fewer instructions and faster up to about 500 KB of YAML. Above that the optimised
 * parser pays for its compile (a 5 MB file takes twice as long without it), so a large run keeps V8's defaults.
 */
export const SHORT_RUN_BYTES = 256 * 1024

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
 * Turns TurboFan off for the rest of this process when the input is small (see SHORT_RUN_BYTES). Only the CLI's own
 * process calls it (the flag is process-wide). A V8 flag changes speed, never an answer; and it is set after the
 * launcher compiled the bundle, so the code cache, which V8 checks against the flags, was already accepted.
 */
export function tuneForShortRun(files: readonly string[], cwd: string): boolean {
  const bytes = inputBytes(files, cwd)
  if (bytes === undefined || bytes > SHORT_RUN_BYTES) return false
  setFlagsFromString('--no-opt')
  return true
}
