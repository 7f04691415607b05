import { describe, expect, it } from 'vitest'
import { PassThrough } from 'node:stream'
import { commandWord, createProgram } from '../../src/cli/program.js'
import type { CliIO } from '../../src/cli/io.js'

// main.ts builds only the command a run names (start-up): that command must be exactly the one the full program has.
const io = (): CliIO => ({ cwd: '/', env: {}, stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough() })
const full = createProgram(io(), () => {}, '1.2.3')
const names = full.commands.map((c) => c.name())

describe('a program built for one command', () => {
  it('knows every command of the full program', () => {
    expect(names.length).toBeGreaterThan(10)
    for (const name of names) expect(createProgram(io(), () => {}, '1.2.3', name).commands.map((c) => c.name())).toEqual([name])
  })

  it.each(names)('%s: same arguments, options (with defaults and choices) and help as in the full program', (name) => {
    const one = createProgram(io(), () => {}, '1.2.3', name).commands[0]!
    const all = full.commands.find((c) => c.name() === name)!
    const shape = (c: typeof one) => ({
      args: c.registeredArguments.map((a) => [a.name(), a.required, a.variadic, a.defaultValue]),
      options: c.options.map((o) => [o.flags, o.description, o.defaultValue, o.argChoices, o.mandatory]),
    })
    expect(shape(one)).toEqual(shape(all))
    expect(one.helpInformation()).toBe(all.helpInformation())
  })

  it('an unknown word, help, or no command builds them all (help lists every command; suggestions need them)', () => {
    for (const only of ['tarce', 'help', undefined]) expect(createProgram(io(), () => {}, '1.2.3', only).commands.map((c) => c.name())).toEqual(names)
  })

  it('the command word is the first argument that is not an option', () => {
    expect(commandWord(['--no-color', 'trace', 'x.yaml', '-e', 'lint'])).toBe('trace')
    expect(commandWord(['-V'])).toBeUndefined()
    expect(commandWord([])).toBeUndefined()
  })
})
