import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli, tempDirWith } from './trace-helpers.js'

const FIXTURE = resolve(import.meta.dirname, '../fixtures/operator/orders.yaml')
const SAMPLES = resolve(import.meta.dirname, '../../samples')

describe('operator manifests through the CLI', () => {
  it('trace reads them wherever a topology is', async () => {
    const r = await runCli(['trace', FIXTURE, '-e', 'orders', '-k', 'order.created.eu', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).queues).toEqual(['orders.created'])
  })
  it('an unknown kind is skipped with a note; a bad field is an error at file:line:col (exit 2)', async () => {
    const dir = tempDirWith({
      'k.yaml': 'apiVersion: rabbitmq.com/v1beta1\nkind: Frobnicator\nmetadata: {name: f}\nspec: {}\n---\napiVersion: rabbitmq.com/v1beta1\nkind: Exchange\nmetadata: {name: e}\nspec:\n  name: ev\n  type: topic\n  durable: true\n  rabbitmqClusterReference: {name: c}\n',
      'bad.yaml': 'apiVersion: rabbitmq.com/v1beta1\nkind: Exchange\nmetadata: {name: e}\nspec:\n  name: ev\n  autoDelete: maybe\n  rabbitmqClusterReference: {name: c}\n',
    })
    const imported = await runCli(['import', 'k.yaml'], { cwd: dir })
    expect(imported.code).toBe(0)
    expect(imported.stdout).toContain('exchanges:\n  ev:\n    type: topic\n')
    expect(imported.stderr).toBe('rmq-sim: note: k.yaml:2:7 operator/skipped-kind Frobnicator "f" (rabbitmq.com/v1beta1) skipped: rmq-sim reads Exchange, Queue, Binding and Policy; this kind does not route messages\n')
    const lint = await runCli(['lint', 'k.yaml', '--format', 'json'], { cwd: dir })
    expect(lint.code).toBe(0)
    expect(JSON.parse(lint.stdout).files[0].diagnostics.map((d: { rule: string; line: number; col: number }) => `${d.rule}@${d.line}:${d.col}`)).toEqual(['operator/skipped-kind@2:7', 'exchange/no-bindings@9:1'])
    const bad = await runCli(['trace', 'bad.yaml', '-e', 'ev'], { cwd: dir })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe('rmq-sim: bad.yaml:6:15 operator/type Exchange "e": spec.autoDelete must be a boolean\n')
  })
  it('export --format operator writes manifests that route as the source; --cluster is required', async () => {
    const missing = await runCli(['export', `${SAMPLES}/orders-service.yaml`, '--format', 'operator'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/--format operator needs --cluster NAME/)
    const r = await runCli(['export', `${SAMPLES}/orders-service.yaml`, '--format', 'operator', '--cluster', 'prod', '--namespace', 'shop'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^apiVersion: rabbitmq\.com\/v1beta1\nkind: Exchange\nmetadata:\n {2}name: exchange-orders\n {2}namespace: shop\nspec:\n {2}name: orders\n/)
    expect(r.stdout).toMatch(/rabbitmqClusterReference:\n {4}name: prod/)
    const dir = tempDirWith({ 'k8s.yaml': r.stdout })
    for (const key of ['order.shipped', 'invoice.paid']) {
      const a = await runCli(['trace', 'k8s.yaml', '-e', 'orders', '-k', key, '--json'], { cwd: dir })
      const b = await runCli(['trace', `${SAMPLES}/orders-service.yaml`, '-e', 'orders', '-k', key, '--json'])
      expect(JSON.parse(a.stdout).queues).toEqual(JSON.parse(b.stdout).queues)
    }
  })
})
