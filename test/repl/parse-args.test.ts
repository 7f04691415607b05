import { describe, expect, it } from 'vitest'
import { findCommand } from '../../src/repl/command-table.js'
import { parseArgs, parseWhole } from '../../src/repl/parse-args.js'
import { tokenize } from '../../src/repl/tokenize.js'

function parse(line: string) {
  const t = tokenize(line)
  if (!t.ok) throw new Error(t.message)
  const spec = findCommand(t.tokens[0]!.value)!
  return parseArgs(spec, t.tokens.slice(1))
}

describe('parseArgs', () => {
  it('reads positionals, values, repeated options and flags', () => {
    const r = parse('publish docs "" -H format=pdf --header pages:int=3 --body=hi --mandatory')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.args.positionals).toEqual(['docs', ''])
    expect(r.args.lists.get('header')).toEqual(['format=pdf', 'pages:int=3'])
    expect(r.args.values.get('body')).toBe('hi')
    expect(r.args.flags.get('mandatory')).toBe(true)
  })
  it('negatable flags: --no-requeue sets false', () => {
    const r = parse('nack 3 --multiple --no-requeue')
    expect(r.ok && r.args.flags.get('requeue')).toBe(false)
    expect(r.ok && r.args.flags.get('multiple')).toBe(true)
  })
  it('a quoted word that starts with -- is a positional', () => {
    const r = parse('publish shop "--weird"')
    expect(r.ok && r.args.positionals).toEqual(['shop', '--weird'])
  })
  it('-- ends the options', () => {
    const r = parse('publish shop -- -k')
    expect(r.ok && r.args.positionals).toEqual(['shop', '-k'])
  })
  it('unknown option: did-you-mean', () => {
    const r = parse('consume q --prefech 2')
    expect(r.ok).toBe(false)
    expect(!r.ok && r.message).toBe('consume: unknown option --prefech (did you mean --prefetch?)')
  })
  it('missing positional names it and shows the usage', () => {
    const r = parse('consume')
    expect(!r.ok && r.message).toMatch(/^missing <queue>: usage: consume <queue>/)
  })
  it('too many positionals', () => {
    const r = parse('get a b')
    expect(!r.ok && r.message).toMatch(/too many arguments \(unexpected "b"\)/)
  })
  it('an option missing its value', () => {
    const r = parse('consume q --prefetch')
    expect(!r.ok && r.message).toBe('--prefetch needs a value (n)')
  })
  it('a flag given a value', () => {
    const r = parse('get q --auto-ack=yes')
    expect(!r.ok && r.message).toBe('--auto-ack takes no value')
  })
  it('fixed choices with did-you-mean', () => {
    const r = parse('declare queu x')
    expect(!r.ok && r.message).toBe('<exchange|queue> must be exchange or queue, not "queu" (did you mean queue?)')
  })
  it('parseWhole checks digits and range', () => {
    expect(parseWhole('12', 'prefetch')).toEqual({ ok: true, value: 12 })
    expect(parseWhole('1.5', 'prefetch').ok).toBe(false)
    expect(parseWhole('70000', 'prefetch', 0, 65535)).toEqual({ ok: false, message: 'prefetch must be between 0 and 65535, not 70000' })
  })
})
