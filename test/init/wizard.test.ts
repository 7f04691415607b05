import { describe, expect, it } from 'vitest'
import { checkRendered } from '../../src/init/check.js'
import type { LiveCheck, PromptChoice, WizardPrompter } from '../../src/init/prompter.js'
import { renderDraft } from '../../src/init/render.js'
import { runWizard } from '../../src/init/wizard.js'

type Step = { input: string } | { select: string | RegExp } | { confirm: boolean } | { key: string }

/**
 * Answers the wizard's questions from a script, the way inquirer would: an input refused by `validate` is asked
 * again (the refusal is recorded), a select answer is matched against the choices' names and must exist.
 */
function scripted(steps: Step[]) {
  const log: string[] = []
  const refusals: string[] = []
  const live: string[][] = []
  const next = (kind: string, message: string): Step => {
    const s = steps.shift()
    if (s === undefined) throw new Error(`script ended at ${kind} "${message}"`)
    if (!(kind in s)) throw new Error(`script expected ${Object.keys(s)[0]}, the wizard asked ${kind} "${message}"`)
    return s
  }
  const p: WizardPrompter = {
    async input(message, options) {
      for (;;) {
        const s = next('input', message) as { input: string }
        const v = s.input === '' && options?.default !== undefined ? options.default : s.input
        const ok = options?.validate?.(v) ?? true
        log.push(`${message} = ${v}`)
        if (ok === true) return v
        refusals.push(ok)
      }
    },
    async select<T extends string>(message: string, choices: readonly PromptChoice<T>[], options?: { default?: T }) {
      const s = next('select', message) as { select: string | RegExp }
      const pick = s.select === '' ? choices.find((c) => c.value === options?.default) ?? choices[0]
        : choices.find((c) => (typeof s.select === 'string' ? c.name === s.select : s.select.test(c.name)))
      if (!pick) throw new Error(`no choice ${String(s.select)} in "${message}": ${choices.map((c) => c.name).join(' | ')}`)
      log.push(`${message} = ${pick.name}`)
      return pick.value
    },
    async confirm(message) {
      const s = next('confirm', message) as { confirm: boolean }
      log.push(`${message} = ${s.confirm}`)
      return s.confirm
    },
    async liveKey(message, check: (k: string) => LiveCheck, options) {
      const s = next('key', message) as { key: string }
      const c = check(s.key)
      live.push([...c.lines])
      log.push(`${message} = ${s.key}${options?.initial !== undefined ? ` (started from ${options.initial})` : ''}`)
      if (c.error !== undefined) refusals.push(c.error)
      return s.key
    },
    say(text) { log.push(text) },
  }
  return { p, log, refusals, live, left: () => steps.length }
}

const cancel = () => Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' })

describe('the init wizard (scripted answers)', () => {
  it('builds exchanges, queues with dead-lettering, and bindings; the result lints with no error', async () => {
    const s = scripted([
      { select: '4.3' },
      { input: 'amq.shop' }, { input: 'shop' }, { select: 'topic' },
      { input: 'docs' }, { select: 'headers' },
      { input: 'shop' }, { input: '' }, // a taken name is refused; Enter ends the exchanges
      { input: 'orders' }, { select: 'quorum' }, { select: /^new: orders\.dlx/ },
      { input: 'pdfs' }, { select: 'classic' }, { select: 'shop (topic)' }, { input: 'dead.pdfs' },
      { input: 'events' }, { select: 'stream' }, // streams are not asked about dead-lettering
      { input: '' },
      { select: 'shop (topic)' }, { select: 'queue orders' }, { key: 'order*' }, { confirm: false }, { key: 'order.*' }, // a glued wildcard: asked again
      { select: 'shop (topic)' }, { select: 'queue events' }, { key: 'a..b' }, { confirm: true }, // kept when confirmed
      { select: 'shop (topic)' }, { select: /^queue events/ }, { key: '#' },
      { select: 'docs (headers)' }, { select: 'queue pdfs' }, { select: 'any' },
      { input: 'format' }, { input: 'pdf' }, { input: 'x-match' }, { input: 'version' }, { input: '1.0' }, { input: '' },
      { select: 'done' },
    ])
    const draft = await runWizard(s.p)
    expect(s.left()).toBe(0)
    expect(s.refusals).toEqual([expect.stringMatching(/reserved/), expect.stringMatching(/already an exchange named 'shop'/), expect.stringMatching(/x-match is chosen separately/)])
    expect(draft.rabbitmq).toBe('4.3')
    expect(draft.exchanges.map((x) => `${x.name}:${x.type}`)).toEqual(['shop:topic', 'docs:headers', 'orders.dlx:fanout'])
    expect(draft.queues.map((q) => [q.name, q.type, q.deadLetterExchange ?? '', q.deadLetterRoutingKey ?? ''])).toEqual([
      ['orders', 'quorum', 'orders.dlx', ''], ['orders.dlq', 'quorum', '', ''], ['pdfs', 'classic', 'shop', 'dead.pdfs'], ['events', 'stream', '', ''],
    ])
    expect(draft.bindings.map((b) => `${b.source}→${b.destination}:${b.routingKey}`)).toEqual(['orders.dlx→orders.dlq:', 'shop→orders:order.*', 'shop→events:a..b', 'shop→events:#', 'docs→pdfs:'])
    expect([...draft.bindings[4]!.arguments]).toEqual([['x-match', { type: 'longstr', value: 'any' }], ['format', { type: 'longstr', value: 'pdf' }], ['version', { type: 'double', value: 1 }]])
    // the live check showed what order* and order.* match
    expect(s.live[0]!.join('\n')).toMatch(/'order\*' is a literal word/)
    expect(s.live[1]!.join('\n')).toMatch(/✔ matches order\.created\n✘ not order\.created\.extra/)
    const text = renderDraft(draft, { schema: 'x.json' })
    const found = checkRendered(text, 'w.yaml')
    expect(found.errors).toEqual([])
    expect(found.warnings.map((w) => w.rule)).toEqual(['topic/empty-word']) // the confirmed one, and nothing else
  })

  it('refuses a topic key RabbitMQ would refuse (4.3.5: more than two #) until a good one is typed', async () => {
    const s = scripted([
      { input: 'x' }, { select: 'topic' }, { input: '' }, { input: 'q' }, { select: 'classic' }, { select: 'none' }, { input: '' },
      { select: 'x (topic)' }, { select: 'queue q' }, { key: '#.a.#.#' }, { key: '#.a' }, { select: 'done' },
    ])
    const draft = await runWizard(s.p, { rabbitmq: '4.3.5' })
    expect(s.refusals).toEqual([expect.stringMatching(/more than 2 '#' words/)])
    expect(s.log).toContain("✖ RabbitMQ 4.3.5 refuses topic binding keys with more than 2 '#' words (this one has 3)")
    expect(s.log).toContain('Binding key (x → q) = #.a (started from #.a.#.#)')
    expect(draft.bindings[0]?.routingKey).toBe('#.a')
  })

  it('a quorum name over 251 bytes is refused after the type is chosen; no exchanges means no binding questions', async () => {
    const s = scripted([{ select: 'not pinned' }, { input: '' }, { input: 'q'.repeat(252) }, { select: 'quorum' }, { input: 'q' }, { select: 'stream' }, { input: '' }])
    const draft = await runWizard(s.p)
    expect(draft.rabbitmq).toBeUndefined()
    expect(draft.queues.map((q) => q.name)).toEqual(['q'])
    expect(s.log.join('\n')).toMatch(/at most 251 bytes/)
    expect(s.log.join('\n')).toMatch(/No exchanges, so no bindings/)
  })

  it('direct exchanges ask a routing key (default: the queue name); fanout asks none', async () => {
    const s = scripted([
      { input: 'd' }, { select: 'direct' }, { input: 'f' }, { select: 'fanout' }, { input: '' },
      { input: 'q' }, { select: 'classic' }, { select: 'none' }, { input: '' },
      { select: 'd (direct)' }, { select: 'queue q' }, { input: '' },
      { select: 'f (fanout)' }, { select: 'queue q' },
      { select: 'f (fanout)' }, { select: 'exchange d (direct)' },
      { select: 'done' },
    ])
    const draft = await runWizard(s.p, { rabbitmq: '3.13' })
    expect(draft.bindings.map((b) => `${b.source}→${b.destinationType}:${b.destination}:${b.routingKey}`)).toEqual(['d→queue:q:q', 'f→queue:q:', 'f→exchange:d:'])
  })

  it('lets a cancelled question (Ctrl-C) through, so nothing is built or written', async () => {
    const p: WizardPrompter = { ...scripted([]).p, select: () => Promise.reject(cancel()) }
    await expect(runWizard(p)).rejects.toMatchObject({ name: 'ExitPromptError' })
  })
})
