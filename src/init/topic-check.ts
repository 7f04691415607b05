import { explainTopic, summariseTopicMiss } from '../core/topic-explain.js'
import { countHashWords, splitTopicKey } from '../core/topic-words.js'
import type { VersionRules } from '../core/versions.js'
import { SHORTSTR_MAX, utf8Bytes } from './names.js'

/** One example routing key and whether the pattern matches it (from the core's explainer). */
export interface TopicExample {
  readonly key: string
  readonly matches: boolean
  /** For a miss: why, in one line (summariseTopicMiss). */
  readonly reason?: string
}

/** The live check of a topic binding key while it is typed. */
export interface TopicPatternCheck {
  readonly pattern: string
  /** Problems RabbitMQ refuses the binding for: the key cannot be used. */
  readonly errors: readonly string[]
  /** Legal but probably not meant: glued wildcards, empty words, the empty key. */
  readonly warnings: readonly string[]
  readonly examples: readonly TopicExample[]
}

/** Words used where a pattern has `*` or `#` (distinct, so examples read as real keys). */
const FILLERS = ['created', 'eu', 'v1', 'urgent', 'x']

/**
 * A few routing keys that show what a pattern does: the shortest key it matches (`#` taking nothing), a longer one
 * (`#` taking two words), one word too many, one word short, and the first literal word changed. Which of them
 * match is decided by the core explainer, not here.
 */
export function exampleKeys(pattern: string): string[] {
  const words = splitTopicKey(pattern)
  let filler = 0
  const fill = () => FILLERS[filler++ % FILLERS.length]!
  const shortest: string[] = []
  const longer: string[] = []
  for (const w of words) {
    if (w === '#') { longer.push(fill(), fill()); continue }
    const word = w === '*' ? fill() : w
    shortest.push(word)
    longer.push(word)
  }
  // a key of one empty word cannot be written (the string "" is zero words): let the first `#` take a word instead
  if (shortest.length === 1 && shortest[0] === '') {
    const first = words.indexOf('#')
    shortest.splice(0, 1, ...(first < words.indexOf('') ? ['x', ''] : ['', 'x']))
  }
  const keys = [shortest.join('.')]
  if (words.includes('#')) keys.push(longer.join('.'))
  keys.push([...shortest, 'extra'].join('.'))
  if (shortest.length > 0) keys.push(shortest.slice(0, -1).join('.'))
  const literal = words.findIndex((w) => w !== '#' && w !== '*' && w !== '')
  if (literal >= 0) {
    const changed = words.map((w, i) => (i === literal ? (w === 'other' ? 'another' : 'other') : w === '*' ? 'created' : w)).filter((w) => w !== '#')
    keys.push(changed.join('.'))
  }
  return [...new Set(keys)].slice(0, 5)
}

/**
 * Checks a topic binding key as RabbitMQ will read it (rabbit_exchange_type_topic.erl): the key's length, the `#`
 * limit of 4.3.5+, glued wildcards (`order*` is literal), empty words (`a..b`, `.a`), the empty key; and shows
 * which example keys it matches, through explainTopic.
 */
export function checkTopicPattern(pattern: string, rules: VersionRules, extraKeys: readonly string[] = []): TopicPatternCheck {
  const errors: string[] = []
  const warnings: string[] = []
  const bytes = utf8Bytes(pattern)
  if (bytes > SHORTSTR_MAX) errors.push(`binding keys are at most ${SHORTSTR_MAX} bytes of UTF-8 (this one is ${bytes})`)
  const hashes = countHashWords(pattern)
  if (rules.maxTopicHashWords !== null && hashes > rules.maxTopicHashWords) {
    errors.push(`RabbitMQ ${rules.label} refuses topic binding keys with more than ${rules.maxTopicHashWords} '#' words (this one has ${hashes})`)
  }
  const words = splitTopicKey(pattern)
  if (pattern === '') warnings.push("the empty key matches only the empty routing key: '#' matches every key")
  for (const w of words) {
    if (w !== '#' && w !== '*' && (w.includes('#') || w.includes('*'))) {
      warnings.push(`'${w}' is a literal word: '*' and '#' are wildcards only as whole words between dots (e.g. '${w.replace(/[*#]+/g, '')}.*')`)
    }
  }
  if (pattern !== '' && words.includes('')) warnings.push('an empty word (a leading or trailing dot, or ..) matches only an empty word of the routing key')
  const keys = [...new Set([...extraKeys, ...exampleKeys(pattern)])]
  const examples = errors.length > 0 && bytes > SHORTSTR_MAX ? [] : keys.map((key) => {
    const e = explainTopic(pattern, key)
    return e.matches ? { key, matches: true } : { key, matches: false, reason: summariseTopicMiss(e) }
  })
  return { pattern, errors, warnings, examples }
}

/** The check as plain lines (the wizard shows them under the input; flags mode prints them to stderr). */
export function topicCheckLines(check: TopicPatternCheck): string[] {
  const lines: string[] = []
  for (const e of check.errors) lines.push(`✖ ${e}`)
  for (const w of check.warnings) lines.push(`⚠ ${w}`)
  for (const ex of check.examples) {
    const key = ex.key === '' ? '"" (empty key)' : ex.key
    lines.push(ex.matches ? `✔ matches ${key}` : `✘ not ${key}: ${ex.reason ?? ''}`)
  }
  return lines
}
