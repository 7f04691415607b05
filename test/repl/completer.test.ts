import { describe, expect, it } from 'vitest'
import { complete, type CompletionSource } from '../../src/repl/completer.js'

const source: CompletionSource = {
  exchanges: () => ['', 'shop', 'shop.unrouted', 'notify', 'docs'],
  queues: () => ['orders.eu', 'orders.all', 'my queue'],
  consumers: () => ['c1', 'c2'],
  channels: () => ['ch1', 'ch2'],
  connections: () => ['default', 'c2'],
  deliveryTags: () => ['1', '2'],
  routingKeys: (x) => (x === 'billing' ? ['payment', 'payment.retry'] : []),
  files: () => ['samples/', 'topology.yaml'],
}

describe('complete', () => {
  it('completes command names first', () => {
    expect(complete('pu', source)).toEqual([['publish', 'purge'], 'pu'])
    expect(complete('', source)[0]).toContain('consume')
  })
  it('completes exchanges for publish, queues for consume', () => {
    expect(complete('publish sh', source)).toEqual([['shop', 'shop.unrouted'], 'sh'])
    expect(complete('consume ord', source)).toEqual([['orders.all', 'orders.eu'], 'ord'])
  })
  it('quotes names that need it', () => {
    expect(complete('get my', source)).toEqual([['"my queue"'], 'my'])
  })
  it('offers the default exchange as ""', () => {
    expect(complete('publish ', source)[0]).toContain('""')
  })
  it('completes by position: bind <exchange> <destination>', () => {
    expect(complete('bind shop ', source)[0]).toEqual(expect.arrayContaining(['orders.eu', 'notify']))
    expect(complete('bind ', source)[0]).not.toContain('orders.eu')
  })
  it('skips options and their values when counting positions', () => {
    expect(complete('bind --arg x=1 shop or', source)).toEqual([['orders.all', 'orders.eu'], 'or'])
  })
  it('completes option names and values', () => {
    expect(complete('consume orders.eu --pre', source)).toEqual([['--prefetch'], '--pre'])
    expect(complete('nack 1 --no', source)).toEqual([['--no-requeue'], '--no'])
    expect(complete('get orders.eu --channel c', source)).toEqual([['ch1', 'ch2'], 'c'])
  })
  it('consumer tags for cancel, choices for declare, commands for help', () => {
    expect(complete('cancel ', source)).toEqual([['c1', 'c2'], ''])
    expect(complete('declare q', source)).toEqual([['queue'], 'q'])
    expect(complete('declare exchange x f', source)).toEqual([['fanout'], 'f'])
    expect(complete('help con', source)).toEqual([['connect', 'connections', 'consume', 'consumers'], 'con'])
  })
  it('offers routing keys the exchange can route, after the exchange', () => {
    expect(complete('publish billing pay', source)).toEqual([['payment', 'payment.retry'], 'pay'])
    expect(complete('publish -H a=b billing ', source)).toEqual([['payment', 'payment.retry'], ''])
    expect(complete('bind billing q pay', source)).toEqual([[], 'pay'])
  })

  it('offers RabbitMQ argument names after --arg', () => {
    expect(complete('declare queue q --arg x-dead', source)).toEqual([['x-dead-letter-exchange=', 'x-dead-letter-routing-key='], 'x-dead'])
  })
  it('delete exchange completes exchanges, delete queue queues', () => {
    expect(complete('delete exchange no', source)).toEqual([['notify'], 'no'])
    expect(complete('delete queue no', source)).toEqual([[], 'no'])
  })
  it('unknown command or open quote: nothing, no throw', () => {
    expect(complete('frobnicate x', source)).toEqual([[], 'x'])
    expect(complete('publish "sh', source)[0]).toEqual([])
  })
})
