import { didYouMean } from '../topology/did-you-mean.js'

export { didYouMean }

/** " (did you mean 'x'?)" or "". */
export const suggestion = (word: string, candidates: Iterable<string>): string => {
  const s = didYouMean(word, candidates)
  return s === undefined ? '' : ` (did you mean '${s}'?)`
}

/** Length of a string in UTF-8 bytes, as AMQP short strings count it. */
export const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8')

/** A name as messages quote it: `''` for the default exchange; very long names shortened in the middle. */
export const q = (name: string): string => `'${name.length > 64 ? `${name.slice(0, 40)}…${name.slice(-20)}` : name}'`
