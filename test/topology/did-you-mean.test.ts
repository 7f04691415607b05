import { describe, expect, test } from 'vitest'
import { didYouMean, editDistance } from '../../src/topology/did-you-mean.js'

describe('didYouMean (one notion of "close enough" for schema keys, arguments, names and REPL commands)', () => {
  test('a misspelt argument name finds RabbitMQ\'s (the typo RabbitMQ accepts silently)', () => {
    expect(didYouMean('x-dead-letter-exhange', ['x-dead-letter-exchange', 'x-dead-letter-routing-key'])).toBe('x-dead-letter-exchange')
  })
  test('case and separator differences are the closest possible', () => {
    expect(didYouMean('routingkey', ['routing_key', 'arguments'])).toBe('routing_key')
    expect(didYouMean('Orders', ['orders', 'order'])).toBe('orders')
  })
  test('a transposition is one edit', () => {
    expect(editDistance('ordres', 'orders')).toBe(1)
    expect(didYouMean('ordres', ['orders'])).toBe('orders')
  })
  test('nothing close: no suggestion', () => {
    expect(didYouMean('payments', ['orders', 'shipping'])).toBeUndefined()
  })
  test('one-letter names get case-only suggestions; the empty name is never suggested', () => {
    expect(didYouMean('y', ['x'])).toBeUndefined()
    expect(didYouMean('X', ['x'])).toBe('x')
    expect(didYouMean('a', [''])).toBeUndefined()
  })
  test('prefixes count only when asked (REPL commands typed short)', () => {
    expect(didYouMean('pub', ['publish', 'purge'])).toBeUndefined()
    expect(didYouMean('pub', ['publish', 'purge'], { prefix: true })).toBe('publish')
  })
})
