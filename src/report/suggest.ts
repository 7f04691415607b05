import { didYouMean } from '../topology/did-you-mean.js'

/** The candidate closest to `name`, when close enough to be a likely typo (see topology/did-you-mean.ts). */
export const closestName = (name: string, candidates: Iterable<string>): string | undefined => didYouMean(name, candidates)
