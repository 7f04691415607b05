import { readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** Most entries kept between runs. Default: 1000 */
export const HISTORY_LIMIT = 1000

/** The history file: $RMQ_SIM_HISTORY, else ~/.rmq_sim_history. An empty RMQ_SIM_HISTORY turns history off. */
export function historyPath(env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env.RMQ_SIM_HISTORY
  if (fromEnv !== undefined) return fromEnv === '' ? undefined : fromEnv
  try {
    return join(homedir(), '.rmq_sim_history')
  } catch {
    return undefined
  }
}

/** Entries newest first (node:readline's order), or none when the file is missing or unreadable. */
export function readHistory(file: string | undefined, limit = HISTORY_LIMIT): string[] {
  if (file === undefined) return []
  try {
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '')
    return lines.slice(-limit).reverse()
  } catch {
    return []
  }
}

/** Writes entries (newest first) oldest first, bounded. Failures are ignored: history is a convenience. */
export function writeHistory(file: string | undefined, newestFirst: readonly string[], limit = HISTORY_LIMIT): void {
  if (file === undefined) return
  try {
    const lines = newestFirst.slice(0, limit).reverse()
    writeFileSync(file, lines.length ? `${lines.join('\n')}\n` : '', { mode: 0o600 })
  } catch {
    // read-only home, a directory in the way, ...: the REPL works without history
  }
}
