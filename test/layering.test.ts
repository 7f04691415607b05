// Import layering (STYLE.md): cli, repl → report, lint, broker → topology → core.
// core imports nothing outside src/core (no node:*, chalk, yaml); only src/repl and src/cli import
// inquirer; nothing imports src/cli (bin/rmq-sim.js is outside src/).
import { describe, expect, test } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'src')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return files(p)
    return /\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [p] : []
  })
}

/** Every module specifier in static imports/exports, dynamic import() and require(). */
function specifiers(text: string): string[] {
  const out: string[] = []
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1')
  const re = /(?:\bimport\s*(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?|\bexport\s*(?:type\s+)?[\w*{}\s,$]+\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g
  for (const m of code.matchAll(re)) out.push(m[1]!)
  return out
}

const area = (file: string): string => relative(src, file).split(sep)[0]!
const targetArea = (file: string, spec: string): string | undefined =>
  spec.startsWith('.') ? relative(src, resolve(dirname(file), spec)).split(sep)[0] : undefined

const all = files(src).filter((f) => !f.includes(`${sep}generated${sep}`))
const imports = all.map((f) => ({ file: f, rel: relative(root, f), specs: specifiers(readFileSync(f, 'utf8')) }))

describe('layering', () => {
  test('the scanner sees the source tree and its imports', () => {
    expect(imports.length).toBeGreaterThan(10)
    expect(specifiers("import type { A } from './a.js'\nexport * from \"./b.js\"\nconst x = await import('chalk')")).toEqual(['./a.js', './b.js', 'chalk'])
  })
  test('src/core imports nothing but src/core: no node:*, chalk, yaml or packages', () => {
    const bad = imports.filter((i) => area(i.file) === 'core').flatMap((i) =>
      i.specs.filter((s) => !s.startsWith('.') || targetArea(i.file, s) !== 'core').map((s) => `${i.rel} imports ${s}`))
    expect(bad).toEqual([])
  })
  test('only src/repl and src/cli import inquirer', () => {
    const bad = imports.filter((i) => !['repl', 'cli'].includes(area(i.file))).flatMap((i) =>
      i.specs.filter((s) => s === 'inquirer' || s.startsWith('inquirer/') || s.startsWith('@inquirer/')).map((s) => `${i.rel} imports ${s}`))
    expect(bad).toEqual([])
  })
  test('nothing outside src/cli imports src/cli', () => {
    const bad = imports.filter((i) => area(i.file) !== 'cli').flatMap((i) =>
      i.specs.filter((s) => targetArea(i.file, s) === 'cli').map((s) => `${i.rel} imports ${s}`))
    expect(bad).toEqual([])
  })
  test('topology imports only core (and packages), never lint/broker/report/repl/cli', () => {
    const bad = imports.filter((i) => area(i.file) === 'topology').flatMap((i) =>
      i.specs.filter((s) => { const a = targetArea(i.file, s); return a !== undefined && !['core', 'topology'].includes(a) }).map((s) => `${i.rel} imports ${s}`))
    expect(bad).toEqual([])
  })
  test('report, lint and broker do not import repl or cli', () => {
    const bad = imports.filter((i) => ['report', 'lint', 'broker'].includes(area(i.file))).flatMap((i) =>
      i.specs.filter((s) => ['repl', 'cli'].includes(targetArea(i.file, s) ?? '')).map((s) => `${i.rel} imports ${s}`))
    expect(bad).toEqual([])
  })
})
