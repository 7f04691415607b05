import { describe, expect, it } from 'vitest'
import { parseHeaderArgs, parseHeaderValue } from '../../src/init/header-values.js'

const value = (text: string) => { const r = parseHeaderValue(text); if (!r.ok) throw new Error(r.message); return r.value }

describe('header values typed as the topology file reads them (docs/topology-format.md)', () => {
  it.each([
    ['pdf', { type: 'longstr', value: 'pdf' }],
    ['"1"', { type: 'longstr', value: '1' }],
    ['1', { type: 'long', value: 1 }],
    ['-7', { type: 'long', value: -7 }],
    ['1.0', { type: 'double', value: 1 }],
    ['1.5', { type: 'double', value: 1.5 }],
    ['2e3', { type: 'double', value: 2000 }],
    ['true', { type: 'bool', value: true }],
    ['', { type: 'void' }],
    ['null', { type: 'void' }],
    ['{type: signedint, value: 5}', { type: 'signedint', value: 5 }],
    ['a: b: c', { type: 'longstr', value: 'a: b: c' }],
  ])('%s', (text, expected) => {
    expect(value(text)).toEqual(expected)
  })

  it('refuses an explicit form RabbitMQ could not carry', () => {
    expect(parseHeaderValue('{type: byte, value: 300}')).toMatchObject({ ok: false })
  })

  it('flag form x-match=any,name=value: typed values, x-match checked, no repeated names', () => {
    const r = parseHeaderArgs('x-match=any,format=pdf,version=1.0,flag')
    expect(r.ok && [...r.value]).toEqual([
      ['x-match', { type: 'longstr', value: 'any' }], ['format', { type: 'longstr', value: 'pdf' }],
      ['version', { type: 'double', value: 1 }], ['flag', { type: 'void' }],
    ])
    expect(parseHeaderArgs('x-match=some')).toMatchObject({ ok: false, message: expect.stringMatching(/all, any, all-with-x or any-with-x/) })
    expect(parseHeaderArgs('a=1,a=2')).toMatchObject({ ok: false, message: expect.stringMatching(/already a condition/) })
    expect(parseHeaderArgs('=1')).toMatchObject({ ok: false })
    expect(parseHeaderArgs('')).toMatchObject({ ok: true })
  })
})
