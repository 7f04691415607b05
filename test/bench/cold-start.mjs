// Cold start: wall time of whole processes, interleaved so machine noise hits every contender alike.
import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { summarise } from './stats.mjs'

/** Runs each named command `runs` times, interleaved; returns per-command wall-time summaries (ms). */
export function timeCommands(commands, runs, { cwd, env } = {}) {
  const samples = new Map(commands.map((c) => [c.name, []]))
  for (const c of commands) spawnSync(c.argv[0], c.argv.slice(1), { cwd, env, stdio: 'ignore' }) // warm the page cache
  for (let i = 0; i < runs; i++) {
    for (const c of commands) {
      const t0 = performance.now()
      const r = spawnSync(c.argv[0], c.argv.slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] })
      const ms = performance.now() - t0
      if (!(c.okStatus ?? [0]).includes(r.status)) {
        throw new Error(`${c.name} exited ${r.status}: ${r.stderr?.toString().slice(0, 400)}`)
      }
      samples.get(c.name).push(ms)
    }
  }
  return new Map([...samples].map(([k, v]) => [k, summarise(v)]))
}
