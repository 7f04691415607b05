import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'

/** The real CLI entry (built by `npm test`). */
export const BIN = resolve(import.meta.dirname, '../../bin/rmq-sim.js')

export interface Run { readonly stdout: string; readonly stderr: string; readonly code: number | null }

/**
 * Runs `rmq-sim repl ...args` as a script runner would: no colour, no prompts (CI set), history in `dir`,
 * `input` on stdin.
 */
export function spawnRepl(args: readonly string[], options: { readonly dir: string; readonly cwd?: string; readonly input?: string }): Run {
  const r = spawnSync('node', [BIN, 'repl', ...args], {
    cwd: options.cwd ?? options.dir, input: options.input ?? '', encoding: 'utf8', timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, RMQ_SIM_HISTORY: join(options.dir, 'history'), CI: '1' },
  })
  return { stdout: r.stdout, stderr: r.stderr, code: r.status }
}

/** The output lines that follow the n-th echo of `> cmd` (0-based) up to the next echoed command, trailing blanks dropped. */
export function outputOf(run: Run, command: string, nth = 0): string[] {
  const lines = run.stdout.split('\n')
  let at = -1
  for (let i = 0; i <= nth; i++) at = lines.indexOf(`> ${command}`, at + 1)
  if (at < 0) throw new Error(`command not echoed: ${command}\n${run.stdout}`)
  const out: string[] = []
  for (const l of lines.slice(at + 1)) {
    if (l.startsWith('> ')) break
    out.push(l)
  }
  while (out[out.length - 1] === '') out.pop()
  return out
}
