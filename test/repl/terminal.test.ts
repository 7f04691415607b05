import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The interactive shell in a real pseudo-terminal (util-linux `script`), as a person would use it:
// completion, history across runs, the inquirer prompt of a bare `publish`, Ctrl-D.
const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/rmq-sim.js')
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0
const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-tty-'))

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Types each step chunk by chunk (a pause after each, so readline sees keystrokes, not a paste); a RegExp step
 * waits until the screen shows it. The shell's first prompt is awaited before anything is typed.
 * Returns the screen text (cursor escapes dropped) and the exit code.
 */
async function terminal(steps: readonly (string | RegExp)[], env: NodeJS.ProcessEnv = {}): Promise<{ text: string; code: number | null }> {
  const child = spawn('script', ['-qec', `node ${BIN} repl`, '/dev/null'], {
    cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: undefined, RMQ_SIM_HISTORY: join(dir, 'history'), ...env },
  })
  let raw = ''
  child.stdout.on('data', (d: Buffer) => { raw += d.toString('utf8') })
  const screen = () => raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '')
  const exited = new Promise<number | null>((r) => child.on('close', r))
  const waitFor = async (re: RegExp) => {
    for (let waited = 0; waited < 15_000 && !re.test(screen()); waited += 50) await sleep(50)
  }
  await waitFor(/rmq-sim \/> /)
  for (const step of steps) {
    if (step instanceof RegExp) { await waitFor(step); continue }
    child.stdin.write(step)
    await sleep(step.length > 1 && !step.startsWith('\u001b') ? 600 : 300)
  }
  child.stdin.write('\u0004')
  const code = await Promise.race([exited, sleep(10_000).then(() => { child.kill(); return -1 })])
  return { text: screen(), code }
}

describe.skipIf(!hasScript)('rmq-sim repl in a terminal', () => {
  it('completes commands and names, and Ctrl-D leaves with exit 0', async () => {
    // Each Tab's effect is awaited on screen, so a loaded machine cannot make keystrokes overtake the completer.
    const { text, code } = await terminal(['consu', '\t', /> consume /, ' ord', '\t', /> consume orders\./, '\t', /orders\.all\s+orders\.eu/, 'a', '\t', /> consume orders\.all /, '\r', /consumer c1/])
    expect(code).toBe(0)
    expect(text).toMatch(/orders\.all\s+orders\.eu/)
    expect(text).toMatch(/consumer c1 on orders\.all/)
  }, 60_000)

  it('keeps history between runs: up-arrow recalls the last command of the previous run', async () => {
    await terminal(['tick 7s\r', /clock at/])
    expect(readFileSync(join(dir, 'history'), 'utf8')).toMatch(/tick 7s\n$/)
    const { text } = await terminal(['\u001b[A', '\r', /clock at/])
    expect(text).toMatch(/clock at t=7s/)
  }, 60_000)

  it('a bare publish asks for the exchange from a list, then the key', async () => {
    const { text } = await terminal(['publish\r', /\? Exchange/, '\r', /Routing key/, 'order.created.eu\r', /Body/, '\r', /routed to/])
    expect(text).toMatch(/\? Exchange/)
    expect(text).toMatch(/shop \(topic\)/)
    expect(text).toMatch(/m1 \(shop "order\.created\.eu"\) routed to orders\.all, orders\.eu/)
  }, 60_000)

  it('Ctrl-D inside the prompt cancels the question and the shell goes on', async () => {
    const { text, code } = await terminal(['publish\r', /\? Exchange/, '\u0004', /cancelled/, 'tick 2s\r', /clock at/])
    expect(text).toMatch(/error: publish: cancelled/)
    expect(text).toMatch(/clock at t=2s/)
    expect(code).toBe(0)
  }, 60_000)

  it('never prompts when CI is set', async () => {
    const { text } = await terminal(['publish\r', /error/], { CI: 'true' })
    expect(text).not.toMatch(/\? Exchange/)
    expect(text).toMatch(/error: missing <exchange>/)
  }, 60_000)
})
