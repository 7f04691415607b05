import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SCHEMA_URL, schemaReference } from '../../src/init/schema-ref.js'
import { writeFileAtomic } from '../../src/topology/write-file.js'

describe('the modeline $schema', () => {
  const own = '/opt/rmq-sim/schemas/topology.schema.json'
  const fs = (...present: string[]) => (p: string) => present.includes(p)

  it('a project that installs rmq-sim: relative path to the nearest node_modules copy', () => {
    const installed = '/work/app/node_modules/rmq-sim/schemas/topology.schema.json'
    expect(schemaReference({ outFile: '/work/app/rmq-topology.yaml', ownSchema: own, exists: fs(installed, own) })).toBe('./node_modules/rmq-sim/schemas/topology.schema.json')
    expect(schemaReference({ outFile: '/work/app/config/mq/t.yaml', ownSchema: own, exists: fs(installed) })).toBe('../../node_modules/rmq-sim/schemas/topology.schema.json')
  })

  it('a file inside the running package (its checkout): relative path to its own schema', () => {
    expect(schemaReference({ outFile: '/opt/rmq-sim/samples/new.yaml', ownSchema: own, exists: fs(own) })).toBe('../schemas/topology.schema.json')
  })

  it('elsewhere, or on stdout: the unpkg URL', () => {
    expect(schemaReference({ outFile: '/tmp/t.yaml', ownSchema: own, exists: fs(own) })).toBe(SCHEMA_URL)
    expect(schemaReference({ ownSchema: own, exists: fs(own) })).toBe(SCHEMA_URL)
    // a sibling directory whose name starts like the package root is not inside it
    expect(schemaReference({ outFile: '/opt/rmq-sim-other/t.yaml', ownSchema: own, exists: fs(own) })).toBe(SCHEMA_URL)
  })
})

describe('writeFileAtomic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-init-write-'))

  it('creates a new file and leaves no temporary file behind', () => {
    const sub = join(dir, 'new')
    mkdirSync(sub)
    expect(writeFileAtomic(join(sub, 'a.yaml'), 'x: 1\n', false)).toEqual({ ok: true })
    expect(readFileSync(join(sub, 'a.yaml'), 'utf8')).toBe('x: 1\n')
    expect(readdirSync(sub)).toEqual(['a.yaml'])
  })

  it('never replaces an existing file without force; with force it does', () => {
    const sub = join(dir, 'exists')
    mkdirSync(sub)
    const f = join(sub, 'a.yaml')
    writeFileSync(f, 'old\n')
    expect(writeFileAtomic(f, 'new\n', false)).toMatchObject({ ok: false, reason: 'exists' })
    expect(readFileSync(f, 'utf8')).toBe('old\n')
    expect(readdirSync(sub)).toEqual(['a.yaml'])
    expect(writeFileAtomic(f, 'new\n', true)).toEqual({ ok: true })
    expect(readFileSync(f, 'utf8')).toBe('new\n')
    expect(readdirSync(sub)).toEqual(['a.yaml'])
  })

  it('a missing directory is an I/O failure with a message, not a throw', () => {
    expect(writeFileAtomic(join(dir, 'no', 'such', 'a.yaml'), 'x', false)).toMatchObject({ ok: false, reason: 'io', message: expect.stringMatching(/no such directory/) })
  })
})
