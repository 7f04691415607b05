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

/** Types `keys` chunk by chunk (a pause after each, so readline sees keystrokes, not a paste) and returns the screen text. */
async function terminal(keys: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ text: string; code: number | null }> {
  const child = spawn('script', ['-qec', `node ${BIN} repl`, '/dev/null'], {
    cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: undefined, RMQ_SIM_HISTORY: join(dir, 'history'), ...env },
  })
  let text = ''
  child.stdout.on('data', (d: Buffer) => { text += d.toString('utf8') })
  const exited = new Promise<number | null>((r) => child.on('close', r))
  await sleep(1500)
  for (const k of keys) {
    child.stdin.write(k)
    await sleep(k.length > 1 && !k.startsWith('\u001b') ? 700 : 350)
  }
  child.stdin.write('\u0004')
  const code = await Promise.race([exited, sleep(8000).then(() => { child.kill(); return -1 })])
  // Drop cursor-movement escapes: what is left is what the screen shows, line by line.
  return { text: text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, ''), code }
}

describe.skipIf(!hasScript)('rmq-sim repl in a terminal', () => {
  it('completes commands and names, and Ctrl-D leaves with exit 0', async () => {
    const { text, code } = await terminal(['consu', '\t', ' ord', '\t', '\t', 'a', '\t', '\r'])
    expect(code).toBe(0)
    expect(text).toMatch(/orders\.all\s+orders\.eu/)
    expect(text).toMatch(/consumer c1 on orders\.all/)
  }, 20_000)

  it('keeps history between runs: up-arrow recalls the last command of the previous run', async () => {
    await terminal(['tick 7s\r'])
    expect(readFileSync(join(dir, 'history'), 'utf8')).toMatch(/tick 7s\n$/)
    const { text } = await terminal(['\u001b[A', '\r'])
    expect(text).toMatch(/clock at t=7s/)
  }, 30_000)

  it('a bare publish asks for the exchange from a list, then the key', async () => {
    const { text } = await terminal(['publish\r', '\r', 'order.created.eu\r', '\r'])
    expect(text).toMatch(/\? Exchange/)
    expect(text).toMatch(/shop \(topic\)/)
    expect(text).toMatch(/m1 \(shop "order\.created\.eu"\) routed to orders\.all, orders\.eu/)
  }, 20_000)

  it('Ctrl-D inside the prompt cancels the question and the shell goes on', async () => {
    const { text, code } = await terminal(['publish\r', '\u0004', 'tick 2s\r'])
    expect(text).toMatch(/error: publish: cancelled/)
    expect(text).toMatch(/clock at t=2s/)
    expect(code).toBe(0)
  }, 20_000)

  it('never prompts when CI is set', async () => {
    const { text } = await terminal(['publish\r'], { CI: 'true' })
    expect(text).not.toMatch(/\? Exchange/)
    expect(text).toMatch(/error: missing <exchange>/)
  }, 20_000)
})
