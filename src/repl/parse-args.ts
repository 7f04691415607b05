import type { CommandSpec, OptionSpec } from './command-spec.js'
import type { Token } from './tokenize.js'
import { didYouMean } from '../topology/did-you-mean.js'

/** A command line parsed against its CommandSpec. Maps, because option values come from users. */
export interface ParsedArgs {
  readonly positionals: readonly string[]
  readonly flags: ReadonlyMap<string, boolean>
  readonly values: ReadonlyMap<string, string>
  readonly lists: ReadonlyMap<string, readonly string[]>
}

export type ParseResult = { readonly ok: true; readonly args: ParsedArgs } | { readonly ok: false; readonly message: string }

/**
 * Parses the words after the command name. Unquoted words starting with `-` are options (`--name value`,
 * `--name=value`, `--no-name`, `-H value`); `--` ends options; a quoted word is always a positional.
 */
export function parseArgs(spec: CommandSpec, words: readonly Token[]): ParseResult {
  const positionals: string[] = []
  const flags = new Map<string, boolean>()
  const values = new Map<string, string>()
  const lists = new Map<string, string[]>()
  let optionsEnded = false
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!
    const isOption = !optionsEnded && !w.quoted && w.value.startsWith('-') && w.value.length > 1 && !/^-\d/.test(w.value)
    if (!isOption) { positionals.push(w.value); continue }
    if (w.value === '--') { optionsEnded = true; continue }
    let name: string
    let inline: string | undefined
    if (w.value.startsWith('--')) {
      const eq = w.value.indexOf('=')
      name = eq < 0 ? w.value.slice(2) : w.value.slice(2, eq)
      inline = eq < 0 ? undefined : w.value.slice(eq + 1)
    } else {
      const alias = w.value.slice(1, 2)
      const opt = spec.options.find((o) => o.alias === alias)
      if (!opt) return { ok: false, message: unknownOption(spec, w.value) }
      name = opt.name
      inline = w.value.length > 2 ? w.value.slice(2).replace(/^=/, '') : undefined
    }
    let opt: OptionSpec | undefined = spec.options.find((o) => o.name === name)
    if (!opt && name.startsWith('no-')) {
      const negated = spec.options.find((o) => o.name === name.slice(3) && o.negatable)
      if (negated) {
        if (inline !== undefined) return { ok: false, message: `--${name} takes no value` }
        flags.set(negated.name, false)
        continue
      }
    }
    if (!opt) return { ok: false, message: unknownOption(spec, `--${name}`) }
    const takes = opt.takes ?? 'flag'
    if (takes === 'flag') {
      if (inline !== undefined) return { ok: false, message: `--${opt.name} takes no value` }
      flags.set(opt.name, true)
      continue
    }
    let value = inline
    if (value === undefined) {
      const next = words[i + 1]
      if (next === undefined) return { ok: false, message: `--${opt.name} needs a value (${opt.valueName ?? 'value'})` }
      value = next.value
      i++
    }
    if (takes === 'value') values.set(opt.name, value)
    else lists.set(opt.name, [...(lists.get(opt.name) ?? []), value])
  }
  const required = spec.positionals.filter((p) => p.required).length
  if (positionals.length < required) {
    const missing = spec.positionals[positionals.length]!
    return { ok: false, message: `missing <${missing.name}>: usage: ${spec.usage}` }
  }
  if (!spec.variadic && positionals.length > spec.positionals.length) {
    return { ok: false, message: `too many arguments (unexpected "${positionals[spec.positionals.length]!}"): usage: ${spec.usage}` }
  }
  for (let i = 0; i < spec.positionals.length && i < positionals.length; i++) {
    const p = spec.positionals[i]!
    if (p.choices && !p.choices.includes(positionals[i]!)) {
      const guess = didYouMean(positionals[i]!, p.choices)
      return { ok: false, message: `<${p.name}> must be ${p.choices.join(' or ')}, not "${positionals[i]!}"${guess ? ` (did you mean ${guess}?)` : ''}` }
    }
  }
  return { ok: true, args: { positionals, flags, values, lists } }
}

function unknownOption(spec: CommandSpec, word: string): string {
  const names = spec.options.flatMap((o) => [`--${o.name}`, ...(o.negatable ? [`--no-${o.name}`] : [])])
  const guess = didYouMean(word, names)
  const known = names.length ? `; options: ${names.join(' ')}` : '; it takes no options'
  return `${spec.name}: unknown option ${word}${guess ? ` (did you mean ${guess}?)` : known}`
}

/** A whole number option/positional in [min, max], or an error message. */
export function parseWhole(text: string, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): { ok: true; value: number } | { ok: false; message: string } {
  if (!/^-?\d+$/.test(text.trim())) return { ok: false, message: `${what} must be a whole number, not "${text}"` }
  const value = Number(text)
  if (value < min || value > max) return { ok: false, message: `${what} must be between ${min} and ${max}, not ${text}` }
  return { ok: true, value }
}
