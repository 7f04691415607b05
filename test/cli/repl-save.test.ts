import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { outputOf, spawnRepl } from './repl-helpers.js'

// REPL `save` writes a user's file: whole or not at all, through symlinks, keeping the mode, never over something
// that is not a regular file (issue #8, "Writing files").
const TOPOLOGY = '# kept\nexchanges:\n  x: { type: fanout }\nqueues:\n  q:\nbindings:\n  - { source: x, destination: q }\n'

describe('rmq-sim repl: save', () => {
  it('updates a symlinked source file through the link: the link stays, the target keeps its mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-save-'))
    mkdirSync(join(dir, 'real'))
    writeFileSync(join(dir, 'real', 'topology.yaml'), TOPOLOGY, { mode: 0o600 })
    symlinkSync('real/topology.yaml', join(dir, 'link.yaml'))
    const r = spawnRepl(['link.yaml'], { dir, input: 'declare queue extra\nsave\n' })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(outputOf(r, 'save')[0]).toMatch(/^saved link\.yaml \(updated in place, comments kept\)/)
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true)
    const text = readFileSync(join(dir, 'real', 'topology.yaml'), 'utf8')
    expect(text).toMatch(/# kept/)
    expect(text).toMatch(/extra/)
    expect(statSync(join(dir, 'real', 'topology.yaml')).mode & 0o777).toBe(0o600)
    expect(readdirSync(join(dir, 'real'))).toEqual(['topology.yaml'])
  })

  it('never replaces a directory or a FIFO, even with --force; the message is in words', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-save-'))
    mkdirSync(join(dir, 'adir.yaml'))
    const hasFifo = spawnSync('mkfifo', [join(dir, 'pipe.yaml')]).status === 0
    const r = spawnRepl([], { dir, input: `save adir.yaml --force\n${hasFifo ? 'save pipe.yaml --force\n' : ''}` })
    expect(r.code).toBe(1)
    expect(outputOf(r, 'save adir.yaml --force')[0]).toMatch(/^error: save: .*adir\.yaml is a directory, not a regular file: not replaced/)
    if (hasFifo) {
      expect(outputOf(r, 'save pipe.yaml --force')[0]).toMatch(/^error: save: .*pipe\.yaml is a FIFO, not a regular file: not replaced/)
      expect(statSync(join(dir, 'pipe.yaml')).isFIFO()).toBe(true)
    }
    expect(statSync(join(dir, 'adir.yaml')).isDirectory()).toBe(true)
  })

  it('a missing directory is reported in words, not as an errno code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-save-'))
    const r = spawnRepl([], { dir, input: 'save no/such/t.yaml\n' })
    expect(outputOf(r, 'save no/such/t.yaml')[0]).toMatch(/^error: save: cannot write in .*no\/such: no such directory$/)
    expect(r.stdout).not.toMatch(/ENOENT/)
  })
})
