import { describe, expect, it } from 'vitest'
import { buildHeaders, parseHeaderArg } from '../../src/cli/header-args.js'
import { parseTypedJson } from '../../src/cli/typed-json.js'
import { UsageError } from '../../src/cli/io.js'

describe('--header name[:type]=value', () => {
  it.each([
    ['format=pdf', 'format', { type: 'longstr', value: 'pdf' }],
    ['format:string=pdf', 'format', { type: 'longstr', value: 'pdf' }],
    ['empty=', 'empty', { type: 'longstr', value: '' }],
    ['eq=a=b', 'eq', { type: 'longstr', value: 'a=b' }],
    ['n:int=1', 'n', { type: 'signedint', value: 1 }],
    ['n:long=-5', 'n', { type: 'long', value: -5 }],
    ['n:signedint=7', 'n', { type: 'signedint', value: 7 }],
    ['n:byte=-128', 'n', { type: 'byte', value: -128 }],
    ['f:double=1.0', 'f', { type: 'double', value: 1 }],
    ['f:double=1', 'f', { type: 'double', value: 1 }],
    ['f:float=1.5', 'f', { type: 'float', value: 1.5 }],
    ['b:bool=true', 'b', { type: 'bool', value: true }],
    ['b:bool=false', 'b', { type: 'bool', value: false }],
    ['t:timestamp=1700000000', 't', { type: 'timestamp', value: 1700000000 }],
    ['t:timestamp=2023-11-14T22:13:20Z', 't', { type: 'timestamp', value: 1700000000 }],
    ['v:void', 'v', { type: 'void' }],
    ['a:array=["a",1,1.0]', 'a', { type: 'array', value: [{ type: 'longstr', value: 'a' }, { type: 'long', value: 1 }, { type: 'double', value: 1 }] }],
    ['urn:x:string=y', 'urn:x', { type: 'longstr', value: 'y' }],
    ['__proto__=p', '__proto__', { type: 'longstr', value: 'p' }],
  ])('%s', (spec, name, value) => {
    expect(parseHeaderArg(spec)).toEqual([name, value])
  })

  it('keeps a float header as the float32 RabbitMQ would carry (0.1 is not exact)', () => {
    expect(parseHeaderArg('f:float=0.1')[1]).toEqual({ type: 'float', value: Math.fround(0.1) })
  })

  it.each([
    ['n:itn=1', /unknown type "itn"/],
    ['n:int=abc', /expected a whole number for signedint/],
    ['n:int=1.5', /expected a whole number/],
    ['n:int=3000000000', /out of range for signedint/],
    ['n:byte=200', /out of range for byte/],
    ['b:bool=yes', /a bool is true or false/],
    ['f:double=x', /expected a number/],
    ['t:timestamp=yesterday', /a timestamp is whole seconds/],
    ['v:void=1', /a void header takes no value/],
    ['noequals', /expected name=value/],
    ['a:array={"a":1}', /expected a JSON array/],
    ['a:array=[1,', /invalid JSON/],
  ])('%s is a usage error naming the header', (spec, message) => {
    expect(() => parseHeaderArg(spec)).toThrow(UsageError)
    expect(() => parseHeaderArg(spec)).toThrow(message)
    try { parseHeaderArg(spec) } catch (e) { expect((e as Error).message).toContain(JSON.stringify(spec)) }
  })
})

describe('buildHeaders', () => {
  it('a repeated --header name: the last one wins, as RabbitMQ folds header names into a map', () => {
    const h = buildHeaders({ header: ['n=1', 'n:long=2'] })
    expect([...h]).toEqual([['n', { type: 'long', value: 2 }]])
  })

  it('--header overrides --headers, and --headers keeps 1 (long) apart from 1.0 (double)', () => {
    const h = buildHeaders({ headers: '{"n": 1, "f": 1.0, "e": 2e0, "x": {"type": "double", "value": 3.0}, "s": "s"}', header: ['s=t'] })
    expect(h.get('n')).toEqual({ type: 'long', value: 1 })
    expect(h.get('f')).toEqual({ type: 'double', value: 1 })
    expect(h.get('e')).toEqual({ type: 'double', value: 2 })
    expect(h.get('x')).toEqual({ type: 'double', value: 3 })
    expect(h.get('s')).toEqual({ type: 'longstr', value: 't' })
  })

  it('--cc / --bcc append longstr elements to the CC / BCC arrays', () => {
    const h = buildHeaders({ header: ['CC:array=["a"]'], cc: ['b'], bcc: ['c', 'd'] })
    expect(h.get('CC')).toEqual({ type: 'array', value: [{ type: 'longstr', value: 'a' }, { type: 'longstr', value: 'b' }] })
    expect(h.get('BCC')).toEqual({ type: 'array', value: [{ type: 'longstr', value: 'c' }, { type: 'longstr', value: 'd' }] })
  })

  it('a non-array CC header is kept as given, so the router can refuse the publish as RabbitMQ does (406)', () => {
    const h = buildHeaders({ header: ['CC=oops'], cc: ['b'] })
    expect(h.get('CC')).toEqual({ type: 'longstr', value: 'oops' })
  })

  it('--headers must be a JSON object of typed values; errors name the header', () => {
    expect(() => buildHeaders({ headers: '[1]' })).toThrow(/expected a JSON object/)
    expect(() => buildHeaders({ headers: '{"n": {"type": "nope", "value": 1}}' })).toThrow(/header "n".*unknown AMQP type/)
    expect(() => buildHeaders({ headers: '{"n": ' })).toThrow(/--headers: invalid JSON/)
  })

  it('a __proto__ header in --headers is an ordinary header', () => {
    const h = buildHeaders({ headers: '{"__proto__": 1.0}' })
    expect(h.get('__proto__')).toEqual({ type: 'double', value: 1 })
    expect(({} as Record<string, unknown>).type).toBeUndefined()
  })
})

describe('parseTypedJson', () => {
  it('agrees with JSON.parse except that integral fraction/exponent literals become explicit doubles', () => {
    const text = '{"a": [1, 1.5, -0.0, 1E2, "1.0"], "b": {"type": "float", "value": 2.0}, "c": null, "d": true}'
    const r = parseTypedJson(text)
    expect(r).toEqual({ ok: true, value: {
      a: [1, 1.5, { type: 'double', value: -0 }, { type: 'double', value: 100 }, '1.0'],
      b: { type: 'float', value: 2 }, c: null, d: true,
    } })
  })

  it.each(['{', '[1,]', '{"a" 1}', '01', '1.', 'tru', '"\\x"', '{"a":1}x'])('rejects %s', (text) => {
    expect(parseTypedJson(`${text} 1.0`).ok).toBe(false)
  })

  it('refuses nesting deeper than its limit instead of overflowing the stack', () => {
    const r = parseTypedJson(`${'['.repeat(100000)}1.0${']'.repeat(100000)}`)
    expect(r.ok).toBe(false)
  })
})
