import { Chalk } from 'chalk'
import { describe, expect, it } from 'vitest'
import { codeFrame, sourceLines } from '../../src/report/code-frame.js'
import { escapeData, escapeProperty, formatGithub } from '../../src/report/diagnostics/github.js'
import { formatJson } from '../../src/report/diagnostics/json.js'
import { formatSarif } from '../../src/report/diagnostics/sarif.js'
import { formatStylish } from '../../src/report/diagnostics/stylish.js'
import type { FileReport } from '../../src/report/diagnostics/types.js'
import { RULES } from '../../src/lint/catalogue.js'

const source = 'exchanges:\n  orders:\n    type: topic\nbindings:\n  - {source: orders, destination: q, routing_key: "order*"}\n'
const reports: FileReport[] = [
  {
    file: 'topo/a,b:c.yaml',
    source,
    diagnostics: [
      { rule: 'topic/literal-wildcard-char', severity: 'warning', message: "binding key 'order*': 50% literal\nsecond line", hint: "did you mean 'order.*'?", file: 'x', path: ['bindings', 0, 'routing_key'], pos: { line: 5, col: 50 } },
      { rule: 'ref/unknown-queue', severity: 'error', message: "queue 'q' is not declared", file: 'x', path: ['bindings', 0, 'destination'], pos: { line: 5, col: 36 } },
      { rule: 'ae/cycle', severity: 'info', message: 'cycle', file: 'x', path: ['exchanges', 'orders'] },
    ],
  },
  { file: 'clean.yaml', source: '', diagnostics: [] },
]

describe('stylish', () => {
  const plain = formatStylish(reports, new Chalk({ level: 0 }))
  it('prints file:line:col, severity, message and rule, the source line with a caret, the hint and a summary', () => {
    const lines = plain.split('\n')
    expect(lines[0]).toBe('topo/a,b:c.yaml')
    // a line break inside a message is shown as \n (terminalText): a file's text cannot start a line of its own
    expect(lines[1]).toBe("  topo/a,b:c.yaml:5:50  warning  binding key 'order*': 50% literal\\nsecond line  topic/literal-wildcard-char")
    expect(plain).toContain('    5 |   - {source: orders, destination: q, routing_key: "order*"}\n')
    const caretLine = lines.find((l) => l.trimEnd().endsWith('^'))!
    expect(caretLine.indexOf('^') - caretLine.indexOf('|')).toBe(50 + 1)
    expect(plain).toContain("    hint: did you mean 'order.*'?")
    expect(plain.trimEnd().split('\n').at(-1)).toBe('✖ 3 problems (1 error, 1 warning, 1 info)')
    expect(plain).not.toContain('clean.yaml')
  })
  it('has no escape codes at level 0 and colours at level 1', () => {
    // eslint-disable-next-line no-control-regex
    expect(plain).not.toMatch(/\u001b\[/)
    // eslint-disable-next-line no-control-regex
    expect(formatStylish(reports, new Chalk({ level: 1 }))).toMatch(/\u001b\[31m/)
  })
  it('prints nothing when there are no problems', () => {
    expect(formatStylish([{ file: 'a.yaml', diagnostics: [] }], new Chalk({ level: 0 }))).toBe('')
  })
})

describe('code frame', () => {
  it('keeps tabs so the caret lines up, and cuts long lines around the column', () => {
    expect(codeFrame(sourceLines('a\n\tkey: v\n'), { line: 2, col: 7 })).toBe('  2 | \tkey: v\n    | \t     ^')
    const long = `${'x'.repeat(500)}HERE${'y'.repeat(500)}`
    const frame = codeFrame(sourceLines(long), { line: 1, col: 501 }, { maxWidth: 40 })!
    const [text, caret] = frame.split('\n')
    expect(text!.length).toBeLessThan(60)
    expect(text!.slice(caret!.indexOf('^'), caret!.indexOf('^') + 4)).toBe('HERE')
  })
  it('returns undefined for a line past the end', () => {
    expect(codeFrame(sourceLines('a\n'), { line: 9, col: 1 })).toBeUndefined()
  })
})

describe('json', () => {
  it('has the documented shape: files[{file, diagnostics[{rule, severity, message, hint, line, col, path}]}], summary', () => {
    const out = JSON.parse(formatJson(reports))
    expect(Object.keys(out)).toEqual(['files', 'summary'])
    expect(out.files[0].diagnostics[1]).toEqual({ rule: 'ref/unknown-queue', severity: 'error', message: "queue 'q' is not declared", hint: null, line: 5, col: 36, path: ['bindings', 0, 'destination'] })
    expect(out.files[0].diagnostics[2]).toMatchObject({ line: null, col: null })
    expect(out.files[1]).toEqual({ file: 'clean.yaml', diagnostics: [], suppressed: [] })
    expect(out.summary).toEqual({ files: 2, errors: 1, warnings: 1, infos: 1 })
  })
})

describe('github annotations (@actions/core escapeData / escapeProperty)', () => {
  it('escapes % CR LF in data and also : , in properties', () => {
    expect(escapeData('50%\r\nx: y, z')).toBe('50%25%0D%0Ax: y, z')
    expect(escapeProperty('a,b:c%')).toBe('a%2Cb%3Ac%25')
  })
  it('prints one workflow command per finding (error, warning, notice) and a summary line', () => {
    const lines = formatGithub(reports).trimEnd().split('\n')
    // the message's own line break is file text, shown as \n; the one between message and hint is a real %0A
    expect(lines[0]).toBe("::warning file=topo/a%2Cb%3Ac.yaml,line=5,col=50,title=topic/literal-wildcard-char::binding key 'order*': 50%25 literal\\nsecond line%0Adid you mean 'order.*'?")
    expect(lines[1]).toBe("::error file=topo/a%2Cb%3Ac.yaml,line=5,col=36,title=ref/unknown-queue::queue 'q' is not declared")
    expect(lines[2]).toBe('::notice file=topo/a%2Cb%3Ac.yaml,title=ae/cycle::cycle')
    expect(lines[3]).toBe('rmq-sim lint: 3 problems (1 error, 1 warning, 1 info)')
  })
})

describe('sarif 2.1.0', () => {
  const sarif = JSON.parse(formatSarif(reports, { toolVersion: '9.9.9' }))
  const run = sarif.runs[0]
  it('names the version and schema, and describes every catalogue rule', () => {
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json')
    expect(run.tool.driver).toMatchObject({ name: 'rmq-sim', version: '9.9.9' })
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id)
    for (const id of RULES.keys()) expect(ids).toContain(id)
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'ref/unknown-queue')
    expect(rule.defaultConfiguration.level).toBe('error')
    expect(rule.shortDescription.text).toMatch(/queue/)
    expect(rule.help.text).toMatch(/docs\/lint-rules\.md#ref-unknown-queue\.$/)
    expect(rule.helpUri).toBeUndefined()
    const withDocs = JSON.parse(formatSarif(reports, { toolVersion: '1', docsBaseUri: 'https://example.org/rmq-sim/' })).runs[0].tool.driver
    expect(withDocs.informationUri).toBe('https://example.org/rmq-sim/')
    expect(withDocs.rules.find((r: { id: string }) => r.id === 'ref/unknown-queue').helpUri).toBe('https://example.org/rmq-sim/docs/lint-rules.md#ref-unknown-queue')
  })
  it('maps results: ruleId and ruleIndex, level error|warning|note, repo-relative uri, 1-based region', () => {
    expect(run.results.map((r: { level: string }) => r.level)).toEqual(['warning', 'error', 'note'])
    const r = run.results[1]
    expect(r.ruleId).toBe('ref/unknown-queue')
    expect(run.tool.driver.rules[r.ruleIndex].id).toBe('ref/unknown-queue')
    expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('topo/a%2Cb%3Ac.yaml')
    expect(r.locations[0].physicalLocation.region).toEqual({ startLine: 5, startColumn: 36 })
    expect(run.results[2].locations[0].physicalLocation.region).toBeUndefined()
    const abs = JSON.parse(formatSarif([{ file: '/etc/rmq topo.yaml', diagnostics: reports[0]!.diagnostics }], { toolVersion: '1' })).runs[0].results[0]
    expect(abs.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///etc/rmq%20topo.yaml' })
    expect(r.partialFingerprints['rmqSimPath/v1']).toBe('ref/unknown-queue:["bindings",0,"destination"]')
  })
})

describe('sarif helpUri from package.json (docsBaseFromPackage)', () => {
  it('a GitHub or GitLab repository gives <repo>/blob/HEAD/, a homepage its own base; neither: none', async () => {
    const { docsBaseFromPackage } = await import('../../src/report/diagnostics/sarif.js')
    expect(docsBaseFromPackage({ repository: { url: 'git+https://github.com/acme/rmq-sim.git' } })).toBe('https://github.com/acme/rmq-sim/blob/HEAD/')
    expect(docsBaseFromPackage({ repository: 'acme/rmq-sim' })).toBe('https://github.com/acme/rmq-sim/blob/HEAD/')
    expect(docsBaseFromPackage({ repository: 'https://gitlab.com/acme/rmq-sim' })).toBe('https://gitlab.com/acme/rmq-sim/-/blob/HEAD/')
    expect(docsBaseFromPackage({ homepage: 'https://rmq-sim.example/docs#readme' })).toBe('https://rmq-sim.example/docs/')
    expect(docsBaseFromPackage({})).toBeUndefined()
    const base = docsBaseFromPackage({ repository: 'acme/rmq-sim' })!
    const rule = JSON.parse(formatSarif(reports, { toolVersion: '1', docsBaseUri: base })).runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'ae/missing')
    expect(rule.helpUri).toBe('https://github.com/acme/rmq-sim/blob/HEAD/docs/lint-rules.md#ae-missing')
  })
})
