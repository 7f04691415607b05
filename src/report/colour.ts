import { Chalk, supportsColor, type ChalkInstance } from 'chalk'

/**
 * The one place colour is decided. chalk reads TTY/FORCE_COLOR but ignores NO_COLOR
 * (no-color.org), so its level is set here: off for --no-color, NO_COLOR (non-empty), or a non-TTY stream,
 * unless FORCE_COLOR asks for it (FORCE_COLOR wins over NO_COLOR, as in Node).
 */
export function colourLevel(env: NodeJS.ProcessEnv, isTTY: boolean | undefined, flag?: boolean): 0 | 1 | 2 | 3 {
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
  return isTTY ? (supportsColor ? supportsColor.level : 1) : 0
}

/** A chalk instance whose level follows colourLevel: presenters take it as a parameter. */
export function makeChalk(env: NodeJS.ProcessEnv, isTTY: boolean | undefined, flag?: boolean): ChalkInstance {
  return new Chalk({ level: colourLevel(env, isTTY, flag) })
}

export type { ChalkInstance }
