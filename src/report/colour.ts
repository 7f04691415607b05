import type { ChalkInstance } from 'chalk'
import { PLAIN_CHALK } from './plain-chalk.js'

/** Where a report goes, as far as colour cares: a TTY WriteStream has getColorDepth (Node's own TERM/CI detection). */
export interface ColourStream {
  readonly isTTY?: boolean
  getColorDepth?(env?: object): number
}

/**
 * The one place colour is decided. chalk reads TTY/FORCE_COLOR but ignores NO_COLOR
 * (no-color.org), so its level is set here: off for --no-color, NO_COLOR (non-empty), or a non-TTY stream,
 * unless FORCE_COLOR asks for it (FORCE_COLOR wins over NO_COLOR, as in Node). On a TTY, how many colours comes
 * from Node's tty.WriteStream#getColorDepth (TERM, COLORTERM, CI, NODE_DISABLE_COLORS), so a run whose output is a
 * file or a pipe never loads a colour detector at all. `stream` undefined: output to a file, no colour.
 */
export function colourLevel(env: NodeJS.ProcessEnv, stream: ColourStream | undefined, flag?: boolean): 0 | 1 | 2 | 3 {
  if (flag === false) return 0
  const force = env.FORCE_COLOR
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0
    if (force === '2') return 2
    if (force === '3') return 3
    return 1
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0
  if (flag === true) return 1
  if (stream?.isTTY !== true) return 0
  const depth = stream.getColorDepth?.(env) ?? 4
  return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0
}

/**
 * A chalk instance whose level follows colourLevel: presenters take it as a parameter. Without colour, chalk itself
 * is never loaded (its start-up builds every style of every colour model): plain-chalk.ts does what it does at level 0.
 */
export async function makeChalk(env: NodeJS.ProcessEnv, stream: ColourStream | undefined, flag?: boolean): Promise<ChalkInstance> {
  const level = colourLevel(env, stream, flag)
  if (level === 0) return PLAIN_CHALK
  const { Chalk } = await import('chalk')
  return new Chalk({ level })
}

export type { ChalkInstance }
