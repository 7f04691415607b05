/**
 * Durations for `tick`: `500ms`, `30s`, `2m`, `1h`, `1.5s`, `1m30s`; a bare number is milliseconds.
 * Returns milliseconds, or an error message.
 */
export function parseDuration(text: string): { ok: true; ms: number } | { ok: false; message: string } {
  const t = text.trim().toLowerCase()
  if (/^\d+(\.\d+)?$/.test(t)) return checked(Number(t), text)
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy
  let total = 0
  let consumed = 0
  for (let m = part.exec(t); m !== null; m = part.exec(t)) {
    total += Number(m[1]) * UNIT_MS.get(m[2]!)!
    consumed = part.lastIndex
  }
  if (t === '' || consumed !== t.length) {
    return { ok: false, message: `invalid duration "${text}": use e.g. 500ms, 30s, 2m, 1h or 1m30s (a bare number is ms)` }
  }
  return checked(total, text)
}

const UNIT_MS: ReadonlyMap<string, number> = new Map([['ms', 1], ['s', 1000], ['m', 60_000], ['h', 3_600_000], ['d', 86_400_000]])

// Ten years, RabbitMQ's own ceiling for TTLs (rabbit_misc:check_expiry), is plenty for a simulated clock step.
const MAX_MS = 315_360_000_000

function checked(ms: number, text: string): { ok: true; ms: number } | { ok: false; message: string } {
  if (!Number.isFinite(ms) || ms > MAX_MS) return { ok: false, message: `duration "${text}" is too long (at most 10 years)` }
  return { ok: true, ms: Math.round(ms) }
}

/** Milliseconds as a short human duration: 500ms, 30s, 2m, 1m30s, 1h2m. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  const parts: string[] = []
  let rest = ms
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (rest >= size) {
      const k = Math.floor(rest / size)
      parts.push(`${k}${unit}`)
      rest -= k * size
    }
  }
  if (rest > 0) parts.push(`${rest}ms`)
  return parts.join('')
}
