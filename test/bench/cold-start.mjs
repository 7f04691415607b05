// Cold start: wall time of whole processes, interleaved so machine noise hits every contender alike.
import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { summarise } from './stats.mjs'

/**
 * Runs each named command `runs` times, interleaved; returns per-command wall-time summaries (ms). With
 * `paired`, each summary also has the spread of per-round ratios to the first command (ratioP25, ratioP75):
 * a round runs every command once, one right after the other, so a round's ratio sees the same machine load.
 */
export function timeCommands(commands, runs, { cwd, env, paired = false } = {}) {
  const samples = new Map(commands.map((c) => [c.name, []]))
  const ratios = new Map(commands.map((c) => [c.name, []]))
  for (const c of commands) spawnSync(c.argv[0], c.argv.slice(1), { cwd, env, stdio: 'ignore' }) // warm the page cache
  for (let i = 0; i < runs; i++) {
    const round = new Map()
    for (const c of commands) {
      const t0 = performance.now()
      const r = spawnSync(c.argv[0], c.argv.slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] })
      const ms = performance.now() - t0
      if (!(c.okStatus ?? [0]).includes(r.status)) {
        throw new Error(`${c.name} exited ${r.status}: ${r.stderr?.toString().slice(0, 400)}`)
      }
      samples.get(c.name).push(ms)
      round.set(c.name, ms)
    }
    const base = round.get(commands[0].name)
    for (const [name, ms] of round) ratios.get(name).push(ms / base)
  }
  return new Map([...samples].map(([k, v]) => {
    const s = summarise(v)
    if (!paired) return [k, s]
    const r = summarise(ratios.get(k))
    return [k, { ...s, ratioMedian: r.median, ratioP25: r.p25, ratioP75: r.p75 }]
  }))
}
