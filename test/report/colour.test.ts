import { describe, expect, it } from 'vitest'
import { colourLevel } from '../../src/report/colour.js'

// colourLevel decides every human report's colour: NO_COLOR (no-color.org), FORCE_COLOR, --[no-]color, and on a
// TTY the depth Node's tty.WriteStream#getColorDepth reports (it reads TERM, COLORTERM, CI and NODE_DISABLE_COLORS).
const tty = (depth?: number) => ({ isTTY: true, ...(depth === undefined ? {} : { getColorDepth: () => depth }) })

describe('colourLevel', () => {
  it('a file or a pipe gets no colour; a TTY gets its depth as a chalk level', () => {
    expect(colourLevel({}, undefined)).toBe(0)
    expect(colourLevel({}, { isTTY: false })).toBe(0)
    expect([1, 4, 8, 24].map((d) => colourLevel({}, tty(d)))).toEqual([0, 1, 2, 3])
    expect(colourLevel({}, tty())).toBe(1)
  })

  it('passes the environment to getColorDepth', () => {
    let seen: object | undefined
    colourLevel({ TERM: 'xterm-256color' }, { isTTY: true, getColorDepth: (env) => { seen = env; return 8 } })
    expect(seen).toEqual({ TERM: 'xterm-256color' })
  })

  it('NO_COLOR (non-empty) and --no-color switch it off; FORCE_COLOR and --color switch it on, even without a TTY', () => {
    expect(colourLevel({ NO_COLOR: '1' }, tty(24))).toBe(0)
    expect(colourLevel({ NO_COLOR: '' }, tty(24))).toBe(3)
    expect(colourLevel({}, tty(24), false)).toBe(0)
    expect(colourLevel({}, undefined, true)).toBe(1)
    expect(colourLevel({ FORCE_COLOR: '3', NO_COLOR: '1' }, undefined)).toBe(3)
    expect(colourLevel({ FORCE_COLOR: '0' }, tty(24))).toBe(0)
    expect(colourLevel({ FORCE_COLOR: '1' }, tty(24), false)).toBe(0)
  })

  it('agrees with the real tty.WriteStream#getColorDepth', async () => {
    const { WriteStream } = await import('node:tty')
    const depth = WriteStream.prototype.getColorDepth
    const real = { isTTY: true, getColorDepth: (env?: object) => depth.call(undefined as never, env) }
    expect(colourLevel({ TERM: 'dumb' }, real)).toBe(0)
    expect(colourLevel({ TERM: 'xterm-256color' }, real)).toBe(2)
    expect(colourLevel({ COLORTERM: 'truecolor' }, real)).toBe(3)
  })
})
