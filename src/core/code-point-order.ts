/**
 * RabbitMQ orders a route's queues with lists:usort over their resource records (rabbit_exchange.erl route/2), so
 * names compare as UTF-8 binaries, byte by byte: code point order. Array#sort compares UTF-16 code units, which
 * agrees except where a surrogate (half of a code point above U+FFFF) meets a unit in U+E000–U+FFFF: as code
 * units the surrogate sorts first, as code points last.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const xs = x >= 0xd800 && x <= 0xdfff
    const ys = y >= 0xd800 && y <= 0xdfff
    // a surrogate's code point is above every unit that is not one (those below U+D800 and U+E000–U+FFFF alike)
    if (xs !== ys) return xs ? 1 : -1
    return x - y
  }
  return a.length - b.length
}

const SURROGATE = /[\ud800-\udfff]/

/** Sorts names in place by code point (RabbitMQ's order); names without a surrogate keep Array#sort's faster path. */
export function sortCodePoints(xs: string[]): string[] {
  return xs.some((x) => SURROGATE.test(x)) ? xs.sort(compareCodePoints) : xs.sort()
}
