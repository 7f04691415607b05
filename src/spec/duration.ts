/** `500ms`, `30s`, `5m`, `1h` (the schema checks the shape) → milliseconds. */
export function durationMs(text: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/.exec(text)
  if (!m) return undefined
  const n = Number(m[1])
  const unit = m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 3_600_000
  return Math.round(n * unit)
}
