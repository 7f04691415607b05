import type { LinePos } from './diagnostic.js'

/**
 * offset → 1-based line:col for a text, built on first use (a definitions export only pays for it when
 * something is reported). Columns count UTF-16 code units, as editors and the yaml package do.
 */
export function createLineIndex(text: string): (offset: number) => LinePos {
  let starts: number[] | undefined
  return (offset) => {
    if (starts === undefined) {
      starts = [0]
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
    }
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 }
  }
}
