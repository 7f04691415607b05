// The peers rmq-sim is measured against in the same run: qlobber (a trie used by many brokers) and the naive
// baseline people write first, one RegExp per binding.
import qlobber from 'qlobber'

/** RabbitMQ's topic semantics as a RegExp: each key word is prefixed with '.', so `#` can take zero words. */
export function topicRegex(pattern) {
  const words = pattern === '' ? [] : pattern.split('.')
  const body = words
    .map((w) => (w === '#' ? '(?:\\.[^.]*)*' : w === '*' ? '\\.[^.]*' : `\\.${w.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}`))
    .join('')
  return new RegExp(`^${body}$`)
}

export const regexSubject = (key) => (key === '' ? '' : `.${key}`)

/** Naive baseline: test every binding's RegExp against the key. */
export function naiveTopic(patterns, queues) {
  const compiled = patterns.map((p, i) => ({ re: topicRegex(p), dest: queues[i] }))
  return {
    match(key) {
      const s = regexSubject(key)
      const out = new Set()
      for (const b of compiled) if (b.re.test(s)) out.add(b.dest)
      return out
    },
  }
}

/** qlobber with AMQP settings, deduplicating destinations (as RabbitMQ delivers one copy per queue). */
export function qlobberTopic(patterns, queues) {
  const q = new qlobber.QlobberDedup({ separator: '.', wildcard_one: '*', wildcard_some: '#', cache_adds: false })
  patterns.forEach((p, i) => q.add(p, queues[i]))
  return { match: (key) => q.match(key) }
}
