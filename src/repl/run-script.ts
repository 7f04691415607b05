import { promises as fsPromises, readFileSync, statSync } from 'node:fs'
import type { ReplSession } from './session.js'
import { terminalText } from '../report/terminal-text.js'

/**
 * Script mode (`--script FILE`, `--script -`, or piped stdin): each line is echoed as `> line`, then its output,
 * exactly as the interactive shell prints it. Blank lines are skipped; `#` comment lines are printed as they are.
 * Returns 1 when any command failed, else 0; `exit` stops early.
 */
export async function runScript(session: ReplSession, lines: AsyncIterable<string> | Iterable<string>): Promise<number> {
  let failed = 0
  for await (const raw of lines) {
    const line = raw.replace(/\r$/, '')
    const trimmed = line.trim()
    if (trimmed === '') continue
    if (trimmed.startsWith('#')) { session.print(session.c.dim(trimmed)); continue }
    session.print(`${session.c.dim('>')} ${echoed(trimmed)}`)
    const result = await session.execute(line)
    if (!result.ok) failed++
    if (result.exit) break
  }
  return failed > 0 ? 1 : 0
}

/** Longest command echoed whole; longer ones (a huge --body) are cut, with their length. Default: 500 */
const ECHO_LIMIT = 500

function echoed(line: string): string {
  // a script is a file: its control characters are shown escaped, never sent to the terminal
  return terminalText(line.length <= ECHO_LIMIT ? line : `${line.slice(0, 200)}… (${line.length} characters)`)
}

/**
 * A script file's text: a regular file read synchronously, anything else (a FIFO, as `--script <(...)` gives)
 * through fs.promises (a getter: fs/promises is loaded only then).
 */
export async function readScript(path: string): Promise<string> {
  if (statSync(path).isFile()) return readFileSync(path, 'utf8')
  return fsPromises.readFile(path, 'utf8')
}
