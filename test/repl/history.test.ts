import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { historyPath, readHistory, writeHistory } from '../../src/repl/history.js'

const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-history-'))

describe('history', () => {
  it('$RMQ_SIM_HISTORY names the file; empty turns history off; else ~/.rmq_sim_history', () => {
    expect(historyPath({ RMQ_SIM_HISTORY: '/x/h' })).toBe('/x/h')
    expect(historyPath({ RMQ_SIM_HISTORY: '' })).toBeUndefined()
    expect(historyPath({})).toMatch(/\.rmq_sim_history$/)
  })

  it('round-trips newest first (readline order), stored oldest first', () => {
    const f = join(dir, 'a')
    writeHistory(f, ['third', 'second', 'first'])
    expect(readFileSync(f, 'utf8')).toBe('first\nsecond\nthird\n')
    expect(readHistory(f)).toEqual(['third', 'second', 'first'])
  })

  it('is bounded on read and on write', () => {
    const f = join(dir, 'b')
    writeFileSync(f, Array.from({ length: 50 }, (_, i) => `cmd ${i}`).join('\n'))
    expect(readHistory(f, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `cmd ${49 - i}`))
    writeHistory(f, Array.from({ length: 30 }, (_, i) => `n${i}`), 5)
    expect(readFileSync(f, 'utf8').trim().split('\n')).toEqual(['n4', 'n3', 'n2', 'n1', 'n0'])
  })

  it('a missing file reads as empty; a file that cannot be written is ignored', () => {
    expect(readHistory(join(dir, 'missing'))).toEqual([])
    const d = join(dir, 'a-directory')
    mkdirSync(d)
    expect(() => writeHistory(d, ['x'])).not.toThrow()
    expect(readHistory(d)).toEqual([])
    expect(() => writeHistory(join(dir, 'no/such/dir/h'), ['x'])).not.toThrow()
  })
})
