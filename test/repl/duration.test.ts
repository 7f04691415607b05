import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration } from '../../src/repl/duration.js'

describe('parseDuration', () => {
  it.each([
    ['500ms', 500], ['30s', 30_000], ['2m', 120_000], ['1h', 3_600_000], ['1m30s', 90_000], ['1.5s', 1500], ['250', 250], ['0', 0],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms })
  })
  it.each(['', 's', '30x', '-5s', '1s junk', '10y'])('rejects %j', (text) => {
    expect(parseDuration(text).ok).toBe(false)
  })
  it('rejects absurd lengths', () => {
    expect(parseDuration('99999999h').ok).toBe(false)
  })
  it('formats back', () => {
    expect([500, 30_000, 90_000, 3_723_000].map(formatDuration)).toEqual(['500ms', '30s', '1m30s', '1h2m3s'])
  })
})
