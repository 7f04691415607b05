// Start-up of the CLI and the library as ratios to `node -e 0`, measured in the same run with interleaved
// rounds (cold-start.mjs), so load on the machine hits every contender alike. Each target of issue 12 is a ratio
// of medians. Run alone with `node test/bench/startup.mjs [--quick] [--runs N] [--instructions] [--compare DIR ...]` after
// `npm run build`; --compare also times other built copies of rmq-sim (e.g. an older commit's `git archive`, built
// with node_modules linked) in the same rounds, each command's rows labelled by its directory.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { timeCommands } from './cold-start.mjs'
import { fmtMs } from './stats.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')

/** The contenders: the baseline first, then each measured command with its target ratio (undefined: reported only). */
export function startupCommands(dir, root = ROOT, label = '') {
  const node = process.execPath
  // the file package.json "bin" names, as an installed `rmq-sim` runs it
  const bin = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin['rmq-sim'])
  const samples = join(root, 'samples')
  const yamlSamples = readdirSync(samples).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(samples, f))
  const script = join(dir, 'startup.repl')
  writeFileSync(script, 'publish shop order.created.eu\nqueues\n')
  // import through the package's own exports, as a user's `import 'rmq-sim'` resolves it (self-reference by name)
  const importer = join(root, '.bench-import-rmq-sim.mjs')
  writeFileSync(importer, "await import('rmq-sim')\n")
  const rows = [
    { name: 'trace, YAML sample', target: 1.5, argv: [node, bin, 'trace', join(samples, 'topic-wildcards.yaml'), '-e', 'events', '-k', 'order.created'] },
    { name: 'trace, JSON export', target: 1.5, argv: [node, bin, 'trace', join(samples, 'definitions-export.json'), '-e', 'shop.orders', '-k', 'order.created'] },
    { name: 'lint, one sample', argv: [node, bin, 'lint', join(samples, 'topic-wildcards.yaml')], okStatus: [0, 1] },
    { name: `lint, the ${yamlSamples.length} samples`, target: 1.7, argv: [node, bin, 'lint', ...yamlSamples], okStatus: [0, 1] },
    { name: 'repl --script', target: 1.7, argv: [node, bin, 'repl', '--script', script] },
    { name: 'import rmq-sim', target: 1.3, argv: [node, importer] },
    { name: '--help', argv: [node, bin, '--help'] },
  ]
  return label === '' ? [{ name: 'node -e 0', argv: [node, '-e', '0'] }, ...rows] : rows.map((r) => ({ ...r, name: `${r.name} [${label}]` }))
}

/**
 * The environments start-up is measured in: the one node runs in here, and, when it sets NODE_EXTRA_CA_CERTS, the
 * same without it. That variable makes every node process read and parse a CA bundle at start (on the development
 * machine about 40 ms of a 105 ms `node -e 0`), which rmq-sim and the baseline both pay: ratios to such a baseline
 * are diluted, and bare node is what most users start.
 */
export function startupEnvironments() {
  const asIs = { label: 'environment as is', env: { ...process.env, NO_COLOR: '1' } }
  if (process.env.NODE_EXTRA_CA_CERTS === undefined) return [asIs]
  const bare = { ...asIs.env }
  delete bare.NODE_EXTRA_CA_CERTS
  return [{ ...asIs, label: 'environment as is (NODE_EXTRA_CA_CERTS set: every node start, the baseline too, reads a CA bundle)' }, { label: 'bare node (NODE_EXTRA_CA_CERTS unset)', env: bare }]
}

/** Times every command `runs` times, interleaved; returns rows { name, target, median, p25, p75, ratio, ratioP25, ratioP75 }. */
export function benchStartup({ runs = 15, compare = [], env = startupEnvironments()[0].env } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-startup-'))
  try {
    const commands = [...compare.map((root) => startupCommands(dir, root, basename(root))).flat(), ...startupCommands(dir)]
    commands.unshift(...commands.splice(commands.findIndex((c) => c.name === 'node -e 0'), 1))
    const times = timeCommands(commands, runs, { cwd: ROOT, env, paired: true })
    const base = times.get('node -e 0')
    return commands.map((c) => {
      const s = times.get(c.name)
      return { name: c.name, target: c.target, ...s, ratio: s.median / base.median, ratioP25: s.ratioP25, ratioP75: s.ratioP75 }
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
    for (const root of [ROOT, ...compare]) rmSync(join(root, '.bench-import-rmq-sim.mjs'), { force: true })
  }
}

/**
 * Instructions each command executes, counted by valgrind (callgrind), as ratios to `node -e 0`: unlike wall time
 * these do not move with load (the same binary and inputs count the same, whatever else the machine runs), so they
 * show what a change saved even on a busy machine. They leave out what is not an instruction (page faults, disk,
 * waiting), which wall time counts; report both. Undefined when valgrind is not installed.
 */
export function instructionCounts(root = ROOT, env = startupEnvironments().at(-1).env) {
  if (spawnSync('valgrind', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-instructions-'))
  try {
    const rows = []
    for (const c of startupCommands(dir, root)) {
      const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', ...c.argv], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env })
      const n = /Collected : (\d+)/.exec(r.stderr)
      if (n === null || !(c.okStatus ?? [0]).includes(r.status)) throw new Error(`${c.name} under valgrind exited ${r.status}: ${r.stderr.slice(-400)}`)
      rows.push({ name: c.name, target: c.target, instructions: Number(n[1]) })
    }
    const base = rows[0].instructions
    return rows.map((r) => ({ ...r, ratio: r.instructions / base }))
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(join(root, '.bench-import-rmq-sim.mjs'), { force: true })
  }
}

export function instructionLines(rows) {
  return rows.map((r, i) => `${r.name.padEnd(22)} ${(r.instructions / 1e6).toFixed(0).padStart(6)} M instructions  ${i === 0 ? 'baseline' : `${r.ratio.toFixed(2)}x`}`)
}

/** One line per command: median, p25–p75, ratio of medians to node -e 0, the spread of per-round ratios, the target. */
export function startupLines(rows) {
  const base = rows[0]
  return rows.map((r) => {
    const head = `${r.name.padEnd(22)} ${fmtMs(r.median).padStart(9)} (p25–p75 ${fmtMs(r.p25)}–${fmtMs(r.p75)})`
    if (r === base) return `${head}  baseline`
    const verdict = r.target === undefined ? '' : ` target ≤ ${r.target}x: ${r.ratio <= r.target ? 'met' : 'NOT met'}`
    return `${head}  ${r.ratio.toFixed(2)}x (per-round ratios p25–p75 ${r.ratioP25.toFixed(2)}–${r.ratioP75.toFixed(2)})${verdict}`
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--runs')
  const runs = i > 0 ? Number(process.argv[i + 1]) : process.argv.includes('--quick') ? 7 : 15
  process.stdout.write(`start-up, ${runs} interleaved rounds — ${cpus()[0]?.model}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}\n`)
  const compare = []
  for (let j = process.argv.indexOf('--compare') + 1; j > 0 && j < process.argv.length && !process.argv[j].startsWith('--'); j++) compare.push(resolve(process.argv[j]))
  for (const { label, env } of startupEnvironments()) {
    process.stdout.write(`${label}:\n`)
    for (const line of startupLines(benchStartup({ runs, compare, env }))) process.stdout.write(`  ${line}\n`)
  }
  if (process.argv.includes('--instructions')) {
    for (const root of [...compare, ROOT]) {
      const counts = instructionCounts(root)
      process.stdout.write(counts === undefined ? 'instructions: valgrind is not installed\n' : `instructions of ${root} (valgrind callgrind, ${startupEnvironments().at(-1).label}; do not move with load):\n${instructionLines(counts).map((l) => `  ${l}`).join('\n')}\n`)
    }
  }
}
