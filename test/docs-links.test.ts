// Every relative link in the README and docs/ resolves to a file inside the repository (issue #8: docs once linked
// to ../shared/..., which a clone of the repository does not have).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? markdownFiles(p) : name.endsWith('.md') ? [p] : []
  })
}

/** Targets of `[text](target)` and `[label]: target`, outside fenced code blocks. */
export function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '')
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!)
  const refs = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]!)
  return [...inline, ...refs]
}

const files = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))]

describe('documentation links', () => {
  it('finds the links it checks', () => {
    expect(linkTargets('see [a](docs/a.md) and [b](https://x.org) and\n[c]: ./c.md\n```\n[d](in-code.md)\n```\n')).toEqual(['docs/a.md', 'https://x.org', './c.md'])
  })

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s: every relative link resolves inside the repository', (_name, file) => {
    const broken: string[] = []
    for (const target of linkTargets(readFileSync(file, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue // URLs, mailto:, in-page anchors
      const path = resolve(dirname(file), decodeURIComponent(target.split('#')[0]!))
      if (!(path === ROOT || path.startsWith(ROOT + sep)) || !existsSync(path)) broken.push(target)
    }
    expect(broken).toEqual([])
  })
})
