import { backgroundColorNames, Chalk, foregroundColorNames, modifierNames, type ChalkInstance } from 'chalk'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { colourLevel, makeChalk } from '../../src/report/colour.js'
import { MODEL_METHODS, PLAIN_CHALK, STYLE_NAMES } from '../../src/report/plain-chalk.js'

// Without colour the CLI never loads chalk: PLAIN_CHALK must answer exactly as chalk at level 0 does.
describe('plain chalk (chalk at level 0, without chalk)', () => {
  const chalk0 = new Chalk({ level: 0 })

  it("knows chalk's style names, and nothing else", () => {
    expect([...STYLE_NAMES].sort()).toEqual([...modifierNames, 'visible', ...foregroundColorNames, ...backgroundColorNames].sort())
    for (const name of [...STYLE_NAMES, ...MODEL_METHODS]) expect(typeof (chalk0 as unknown as Record<string, unknown>)[name]).toBe('function')
    expect((PLAIN_CHALK as unknown as Record<string, unknown>).foo).toBe((chalk0 as unknown as Record<string, unknown>).foo)
    expect(PLAIN_CHALK.level).toBe(0)
  })

  type Step = { name: string } | { model: string; arg: string }
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constantFrom(...STYLE_NAMES).map((name) => ({ name })),
    fc.record({ model: fc.constantFrom(...MODEL_METHODS), arg: fc.constantFrom('#ff0000', '#0f0', '12') }),
  )
  const arg = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(undefined), fc.constant(null), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.constant({ toString: () => 'obj', valueOf: () => 7 }))
  const follow = (c: ChalkInstance, steps: readonly Step[]): ChalkInstance => steps.reduce<ChalkInstance>((s, st) => {
    const r = s as unknown as Record<string, unknown>
    return ('name' in st ? r[st.name] : (r[st.model] as (a: string | number) => unknown)(st.model.endsWith('ansi256') ? Number(st.arg) || 12 : st.arg)) as ChalkInstance
  }, c)

  it('returns what chalk at level 0 returns, for any chain of styles and any arguments', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 5 }), fc.array(arg, { maxLength: 4 }), (steps, args) => {
      const expected = (follow(chalk0, steps) as unknown as (...a: unknown[]) => string)(...args)
      const got = (follow(PLAIN_CHALK, steps) as unknown as (...a: unknown[]) => string)(...args)
      expect(got).toBe(expected)
    }), { numRuns: 2000 })
  })

  it('makeChalk hands it out exactly when there is no colour, and real chalk otherwise', async () => {
    expect(await makeChalk({}, { isTTY: false })).toBe(PLAIN_CHALK)
    expect(await makeChalk({ NO_COLOR: '1' }, { isTTY: true, getColorDepth: () => 24 })).toBe(PLAIN_CHALK)
    const tty = { isTTY: true, getColorDepth: () => 8 }
    expect(colourLevel({}, tty)).toBe(2)
    const coloured = await makeChalk({}, tty)
    expect(coloured).not.toBe(PLAIN_CHALK)
    expect(coloured.level).toBe(2)
    expect(coloured.red('x')).not.toBe('x')
  })
})
