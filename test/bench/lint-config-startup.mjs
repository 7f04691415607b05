// Does looking for a lint config cost start-up time? `node test/bench/lint-config-startup.mjs [--before <bin>] [--runs N]`
// times `rmq-sim lint samples/orders-service.yaml` (no config file anywhere above it) against `node -e 0`, interleaved
// in one run, and, with --before, against another build of rmq-sim (e.g. a checkout of the commit before config
// support) so the two ratios come from the same minutes on the same machine. Also times the same lint with a config
// file next to the sample, to show what finding and parsing one costs.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { timeCommands } from './cold-start.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const args = process.argv.slice(2)
const opt = (name) => { const i = args.indexOf(name); return i === -1 ? undefined : args[i + 1] }
const runs = Number(opt('--runs') ?? 40)
const before = opt('--before')
const sample = join(root, 'samples', 'orders-service.yaml')
const withConfig = mkdtempSync(join(tmpdir(), 'rmq-sim-bench-config-'))
copyFileSync(sample, join(withConfig, 'orders-service.yaml'))
writeFileSync(join(withConfig, 'rmq-sim.config.yaml'), 'rules:\n  queue/unbound: off\noverrides:\n  - names: ["\\\\.reply$"]\n    rules: { queue/unbound: off }\n')

const commands = [
  { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
  { name: 'lint (this build, no config)', argv: [process.execPath, join(root, 'bin', 'rmq-sim.js'), 'lint', sample] },
  { name: 'lint (this build, with config)', argv: [process.execPath, join(root, 'bin', 'rmq-sim.js'), 'lint', join(withConfig, 'orders-service.yaml')] },
  ...(before ? [{ name: 'lint (before)', argv: [process.execPath, before, 'lint', sample] }] : []),
]
const results = timeCommands(commands, runs, { cwd: tmpdir() })
const base = results.get('node -e 0').median
console.log(`${runs} interleaved runs each; median (p25–p75) wall time, ratio to node -e 0:`)
for (const [name, s] of results) console.log(`  ${name.padEnd(32)} ${s.median.toFixed(1)} ms (${s.p25.toFixed(1)}–${s.p75.toFixed(1)})  ${(s.median / base).toFixed(2)}x`)
