import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
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
    expect(writeFileAtomic(join(sub, 'a.yaml'), 'x: 1\n', false)).toEqual({ ok: true, path: join(sub, 'a.yaml') })
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
    expect(writeFileAtomic(f, 'new\n', true)).toEqual({ ok: true, path: f })
    expect(readFileSync(f, 'utf8')).toBe('new\n')
    expect(readdirSync(sub)).toEqual(['a.yaml'])
  })

  it('a missing directory is an I/O failure with a message, not a throw', () => {
    expect(writeFileAtomic(join(dir, 'no', 'such', 'a.yaml'), 'x', false)).toMatchObject({ ok: false, reason: 'io', message: expect.stringMatching(/no such directory/) })
  })

  it('writes through a chain of symlinks, a dangling one creating its target; keeps the mode', () => {
    const sub = join(dir, 'links')
    mkdirSync(sub)
    writeFileSync(join(sub, 'real.yaml'), 'old\n', { mode: 0o640 })
    symlinkSync('real.yaml', join(sub, 'l1'))
    symlinkSync('l1', join(sub, 'l2'))
    expect(writeFileAtomic(join(sub, 'l2'), 'x\n', false)).toMatchObject({ ok: false, reason: 'exists' })
    expect(writeFileAtomic(join(sub, 'l2'), 'new\n', true)).toEqual({ ok: true, path: join(sub, 'real.yaml') })
    expect(readFileSync(join(sub, 'real.yaml'), 'utf8')).toBe('new\n')
    expect(statSync(join(sub, 'real.yaml')).mode & 0o777).toBe(0o640)
    expect(lstatSync(join(sub, 'l1')).isSymbolicLink() && lstatSync(join(sub, 'l2')).isSymbolicLink()).toBe(true)
    symlinkSync('created.yaml', join(sub, 'dangling'))
    expect(writeFileAtomic(join(sub, 'dangling'), 'c\n', false)).toEqual({ ok: true, path: join(sub, 'created.yaml') })
    expect(readFileSync(join(sub, 'created.yaml'), 'utf8')).toBe('c\n')
    symlinkSync('loop2', join(sub, 'loop1'))
    symlinkSync('loop1', join(sub, 'loop2'))
    expect(writeFileAtomic(join(sub, 'loop1'), 'x', true)).toMatchObject({ ok: false, reason: 'io', message: expect.stringMatching(/too many levels of symbolic links/) })
  })

  it('refuses to replace a directory, even with force', () => {
    const sub = join(dir, 'dir-target')
    mkdirSync(join(sub, 'a.yaml'), { recursive: true })
    expect(writeFileAtomic(join(sub, 'a.yaml'), 'x', true)).toMatchObject({ ok: false, reason: 'not-regular', message: expect.stringMatching(/is a directory, not a regular file/) })
  })

  it('a read-only directory: a message in words, nothing written', () => {
    if (process.getuid?.() === 0) return // root writes anywhere: covered by the message mapping below
    const sub = join(dir, 'ro')
    mkdirSync(sub, { mode: 0o555 })
    expect(writeFileAtomic(join(sub, 'a.yaml'), 'x', false)).toMatchObject({ ok: false, reason: 'io', message: expect.stringMatching(/permission denied/) })
  })
})
