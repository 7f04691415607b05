import type { VhostContext } from '../context.js'
import type { Report } from '../types.js'
import { q } from '../did-you-mean.js'

const MODES = new Set(['all', 'any', 'all-with-x', 'any-with-x'])

/**
 * Headers bindings, as rabbit_exchange_type_headers reads them: x-match must be one of four strings (validate_binding,
 * else 406); absent means all; plain modes skip every x- argument; match_all([]) is true, match_any([]) is false.
 */
export function checkHeadersBindings(ctx: VhostContext, report: Report): void {
  for (const b of ctx.vhost.bindings) {
    if (ctx.exchange(b.source)?.type !== 'headers') continue
    const path = b.path ?? []
    const argsPath = [...path, 'arguments']
    const xm = b.arguments.get('x-match')
    let mode = 'all'
    if (xm === undefined) {
      report({
        rule: 'headers/missing-x-match',
        message: `headers binding to ${q(b.destination)} has no x-match: RabbitMQ uses 'all'`,
        hint: "write x-match: all (or any) to say what you mean",
        path: b.arguments.size > 0 ? argsPath : path,
      })
    } else if (xm.type !== 'longstr' || !MODES.has(xm.value)) {
      report({
        rule: 'headers/invalid-x-match',
        message: `x-match ${xm.type === 'longstr' ? q(xm.value) : `of type ${xm.type}`} is invalid: RabbitMQ refuses the binding (406 PRECONDITION_FAILED)`,
        hint: 'use one of the strings all, any, all-with-x, any-with-x (lower case)',
        path: [...argsPath, 'x-match'],
      })
      continue
    } else {
      mode = xm.value
    }
    const withX = mode.endsWith('-with-x')
    const skipped = [...b.arguments.keys()].filter((k) => k !== 'x-match' && k.startsWith('x-'))
    const conditions = [...b.arguments.keys()].filter((k) => k !== 'x-match' && (withX || !k.startsWith('x-')))
    if (!withX) {
      for (const k of skipped) {
        report({
          rule: 'headers/x-arg-ignored',
          message: `binding argument ${q(k)} is ignored: with x-match ${mode} RabbitMQ skips arguments starting with 'x-'`,
          hint: `use x-match ${mode}-with-x to compare x- headers too`,
          path: [...argsPath, k],
        })
      }
    }
    if (conditions.length === 0) {
      const any = mode.startsWith('any')
      report({
        rule: any ? 'headers/any-never-matches' : 'headers/all-matches-everything',
        message: any
          ? `headers binding to ${q(b.destination)} has x-match ${mode} and no condition: it never matches`
          : `headers binding to ${q(b.destination)} has ${xm === undefined ? 'no x-match' : `x-match ${mode}`} and no condition: it matches every message`,
        hint: any ? 'add the headers to compare, or remove the binding' : 'add header conditions, or use a fanout exchange if every message should go there',
        path: xm !== undefined ? [...argsPath, 'x-match'] : path,
      })
    }
  }
}
