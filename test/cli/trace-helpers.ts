import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The real CLI entry (built: `npm run build` or `npx tsc -p tsconfig.build.json` first). */
export const BIN = resolve(import.meta.dirname, '../../bin/rmq-sim.js')

export interface CliRun { readonly stdout: string; readonly stderr: string; readonly code: number | null }

/** Spawns `node bin/rmq-sim.js ...args` with NO_COLOR=1 in `cwd`, feeding `input` on stdin. */
export function runCli(args: readonly string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete base.FORCE_COLOR
  delete base.DEBUG
  const env = { ...base, ...options.env }
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
    child.on('error', fail)
    child.on('close', (code) => done({ stdout, stderr, code }))
    child.stdin.end(options.input ?? '')
  })
}

/** A temp dir holding the given files. */
export function tempDirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-trace-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}
