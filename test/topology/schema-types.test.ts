import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { AMQP_TYPES } from '../../src/core/amqp-value.js'
import { FORMAT_ENUMS, FORMAT_PROPERTIES } from '../../src/topology/format-types.js'

/** schemas/topology.schema.json is the source of truth; the TypeScript side must say the same. */
type Schema = { [k: string]: unknown; properties?: Record<string, Schema>; definitions?: Record<string, Schema> }
const schemaFile = fileURLToPath(new URL('../../schemas/topology.schema.json', import.meta.url))
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Schema
const defs = schema.definitions ?? {}
const objectSchema = (kind: keyof typeof FORMAT_PROPERTIES): Schema => (kind === 'root' ? schema : (defs[kind] as Schema))

describe('schema ↔ format-types.ts', () => {
  it('is draft-07 with an $id', () => {
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#')
    expect(schema['$id']).toMatch(/^https:\/\//)
  })

  it.each(Object.keys(FORMAT_PROPERTIES) as (keyof typeof FORMAT_PROPERTIES)[])('%s: same property names, and no others allowed', (kind) => {
    const s = objectSchema(kind)
    expect(Object.keys(s.properties ?? {}).sort()).toEqual([...FORMAT_PROPERTIES[kind]].sort())
    expect(s['additionalProperties']).toBe(false)
  })

  it('has the same enums', () => {
    expect((defs['binding']?.properties?.['destination_type'] as Schema)['enum']).toEqual(FORMAT_ENUMS.destination_type)
    expect((defs['policy']?.properties?.['apply-to'] as Schema)['enum']).toEqual(FORMAT_ENUMS['apply-to'])
    expect((defs['explicitTypedValue']?.properties?.['type'] as Schema)['enum']).toEqual(AMQP_TYPES)
  })

  it('describes every property, everywhere (editors show these on hover)', () => {
    const missing: string[] = []
    const walk = (s: unknown, where: string): void => {
      if (s === null || typeof s !== 'object') return
      const o = s as Schema
      for (const [name, sub] of Object.entries(o.properties ?? {})) {
        if (typeof (sub as Schema)['description'] !== 'string' || ((sub as Schema)['description'] as string).length < 10) missing.push(`${where}.${name}`)
        walk(sub, `${where}.${name}`)
      }
      for (const [name, sub] of Object.entries(o.definitions ?? {})) {
        if (typeof (sub as Schema)['description'] !== 'string') missing.push(`definitions.${name}`)
        walk(sub, `definitions.${name}`)
      }
      for (const key of ['additionalProperties', 'items']) if (typeof o[key] === 'object') walk(o[key], `${where}[${key}]`)
    }
    walk(schema, '#')
    expect(missing).toEqual([])
  })

  it('lets unknown argument names through (RabbitMQ accepts them; lint warns)', () => {
    for (const name of ['exchangeArguments', 'queueArguments', 'bindingArguments']) {
      expect(defs[name]?.['additionalProperties']).toMatchObject({ $ref: '#/definitions/typedValue' })
    }
    expect(Object.keys(defs['queueArguments']?.properties ?? {})).toEqual(expect.arrayContaining([
      'x-message-ttl', 'x-expires', 'x-max-length', 'x-max-length-bytes', 'x-overflow', 'x-dead-letter-exchange',
      'x-dead-letter-routing-key', 'x-dead-letter-strategy', 'x-delivery-limit', 'x-max-priority', 'x-single-active-consumer',
      'x-queue-type', 'x-queue-mode', 'x-queue-version', 'x-stream-max-segment-size-bytes', 'x-max-age',
    ]))
    expect(Object.keys(defs['exchangeArguments']?.properties ?? {})).toContain('alternate-exchange')
    expect(Object.keys(defs['bindingArguments']?.properties ?? {})).toContain('x-match')
  })
})

describe('rmq-sim schema', () => {
  it('prints the schema file', () => {
    const bin = fileURLToPath(new URL('../../bin/rmq-sim.js', import.meta.url))
    const r = spawnSync(process.execPath, [bin, 'schema'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual(schema)
  })
})
