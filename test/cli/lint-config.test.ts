import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Lint configuration, suppressions, directories and the CI formats, through the real bin (built by `npm test`).
const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'rmq-sim.js')

function run(args: string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete env.FORCE_COLOR
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rmq-sim-lintcfg-'))
  mkdirSync(join(dir, '.git')) // a repository root: .gitignore lookup and config search stop mattering above it
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

interface Json { files: { file: string; diagnostics: { rule: string; severity: string; line: number; col: number }[]; suppressed: { rule: string; line: number; suppression: { kind: string; justification: string | null } }[] }[]; summary: { errors: number; warnings: number } }
const json = (stdout: string) => JSON.parse(stdout) as Json
const rulesOf = (out: Json, file: string) => out.files.find((f) => f.file === file)!.diagnostics.map((d) => `${d.rule}:${d.severity}`)

// one unbound queue (warning), one glued wildcard (warning)
const TOPO = [
  'exchanges:',
  '  orders: {type: topic}',
  'queues:',
  '  orders: {}',
  '  rpc.requests: {}',
  '  gen-abc.reply: {}',
  'bindings:',
  '  - {source: orders, destination: orders, routing_key: "order*"}',
  '',
].join('\n')

describe('config file: found by walking up, --config, --no-config', () => {
  const ws = workspace({
    'rmq-sim.config.yaml': 'rules:\n  topic/literal-wildcard-char: error\n  queue/unbound: off\n',
    'team/a.yaml': TOPO,
    'team/sub/.rmq-sim.yaml': 'rules:\n  queue/unbound: error\n',
    'team/sub/b.yaml': TOPO,
    'other.config.yaml': 'rules:\n  topic/literal-wildcard-char: off\n',
  })
  it('applies the nearest config above each file (rules: off / error)', () => {
    const r = run(['lint', '--format', 'json', 'team/a.yaml', 'team/sub/b.yaml'], ws)
    expect(r.code).toBe(1)
    const out = json(r.stdout)
    expect(rulesOf(out, 'team/a.yaml')).toEqual(['topic/literal-wildcard-char:error'])
    // team/sub has its own config: configs do not cascade, the root's rules do not apply there
    expect(rulesOf(out, 'team/sub/b.yaml')).toEqual(['queue/unbound:error', 'queue/unbound:error', 'topic/literal-wildcard-char:warning'])
  })
  it('--config FILE for every file; --no-config for none', () => {
    const c = json(run(['lint', '--format', 'json', '--config', 'other.config.yaml', 'team/sub/b.yaml'], ws).stdout)
    expect(rulesOf(c, 'team/sub/b.yaml')).toEqual(['queue/unbound:warning', 'queue/unbound:warning'])
    const n = json(run(['lint', '--format', 'json', '--no-config', 'team/a.yaml'], ws).stdout)
    expect(rulesOf(n, 'team/a.yaml')).toEqual(['queue/unbound:warning', 'queue/unbound:warning', 'topic/literal-wildcard-char:warning'])
  })
  it('--rule id:level wins over the config', () => {
    const r = run(['lint', '--format', 'json', '--rule', 'topic/literal-wildcard-char:off', '--rule', 'queue/unbound:info', 'team/a.yaml'], ws)
    expect(r.code).toBe(0)
    expect(rulesOf(json(r.stdout), 'team/a.yaml')).toEqual(['queue/unbound:info', 'queue/unbound:info'])
  })
  it('--rule with an unknown rule or level: exit 2 with did-you-mean', () => {
    const r = run(['lint', '--rule', 'queue/unbund:off', 'team/a.yaml'], ws)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("unknown rule 'queue/unbund' (did you mean 'queue/unbound'?)")
    const l = run(['lint', '--rule', 'queue/unbound:warn', 'team/a.yaml'], ws)
    expect(l.code).toBe(2)
    expect(l.stderr).toContain('level one of off, info, warning, error')
  })
  it('--print-config FILE prints the resolved settings and lints nothing', () => {
    const r = run(['lint', '--print-config', 'team/sub/b.yaml'], ws)
    expect(r.code).toBe(0)
    const p = JSON.parse(r.stdout)
    expect(p.config).toBe('team/sub/.rmq-sim.yaml')
    expect(p.rules['queue/unbound']).toBe('error')
    expect(p.rules['topic/literal-wildcard-char']).toBe('warning')
    expect(p.rules['ae/missing']).toBe('error')
  })
})

describe('config: rabbitmq, overrides by file glob and by object name, rule options', () => {
  const ws = workspace({
    'rmq-sim.config.yaml': [
      'rabbitmq: "4.3.5"',
      'rules:',
      '  queue/unbound: { severity: warning, options: { allow: ["^rpc\\\\."] } }',
      'overrides:',
      '  - files: ["legacy/**"]',
      '    rules: { topic/literal-wildcard-char: off }',
      '  - names: ["\\\\.reply$"]',
      '    rules: { queue/unbound: off }',
      '',
    ].join('\n'),
    'a.yaml': TOPO,
    'legacy/b.yaml': TOPO,
    'hash.yaml': 'exchanges:\n  x: {type: topic}\nqueues:\n  q: {}\nbindings:\n  - {source: x, destination: q, routing_key: "#.#.#"}\n',
    'hash-old.yaml': 'rabbitmq: "3.13"\nexchanges:\n  x: {type: topic}\nqueues:\n  q: {}\nbindings:\n  - {source: x, destination: q, routing_key: "#.#.#"}\n',
  })
  it('names: an object-name pattern turns a rule off for matching objects only; options.allow skips rpc.*', () => {
    const out = json(run(['lint', '--format', 'json', 'a.yaml', 'legacy/b.yaml'], ws).stdout)
    // rpc.requests: allowed by the option; gen-abc.reply: off by name; the wildcard is off in legacy/ only
    expect(rulesOf(out, 'a.yaml')).toEqual(['topic/literal-wildcard-char:warning'])
    expect(rulesOf(out, 'legacy/b.yaml')).toEqual([])
  })
  it('rabbitmq: the default version for files that name none (the file\'s own wins)', () => {
    const out = json(run(['lint', '--format', 'json', 'hash.yaml', 'hash-old.yaml'], ws).stdout)
    expect(rulesOf(out, 'hash.yaml')).toEqual(['topic/too-many-hash:error'])
    expect(rulesOf(out, 'hash-old.yaml')).toEqual(['topic/too-many-hash:warning'])
  })
})

describe('bad configs: exit 2 with config:line:col', () => {
  const bad = (text: string) => {
    const ws = workspace({ 'rmq-sim.config.yaml': text, 't.yaml': TOPO })
    return run(['lint', 't.yaml'], ws)
  }
  it('an unknown rule id, with did-you-mean', () => {
    const r = bad('rules:\n  queue/unbond: off\n')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("rmq-sim.config.yaml:2:3: unknown rule 'queue/unbond' (did you mean 'queue/unbound'?)")
    expect(r.stdout).toBe('')
  })
  it('an unknown top-level key, with did-you-mean', () => {
    const r = bad('rule:\n  queue/unbound: off\n')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("rmq-sim.config.yaml:1:1: unknown key 'rule' (did you mean 'rules'?)")
  })
  it('invalid YAML', () => {
    const r = bad('rules: [\n')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/rmq-sim\.config\.yaml:\d+:\d+: invalid YAML/)
  })
  it('wrong types and levels', () => {
    const t = bad('ignore: generated\n')
    expect(t.code).toBe(2)
    expect(t.stderr).toContain('rmq-sim.config.yaml:1:9: ignore must be a list')
    const l = bad('rules:\n  queue/unbound: warn\n')
    expect(l.code).toBe(2)
    expect(l.stderr).toContain('rmq-sim.config.yaml:2:18: queue/unbound must be off, info, warning, error or { severity, options }')
    const v = bad('rabbitmq: 3.13\n')
    expect(v.code).toBe(2)
    expect(v.stderr).toContain('rmq-sim.config.yaml:1:11: rabbitmq must be a string')
  })
  it('an option a rule does not have, a bad pattern, an override without files or names', () => {
    const o = bad('rules:\n  queue/unbound: { options: { alow: [] } }\n')
    expect(o.code).toBe(2)
    expect(o.stderr).toContain("rmq-sim.config.yaml:2:31: rule 'queue/unbound' has no option 'alow' (did you mean 'allow'?)")
    const p = bad('overrides:\n  - names: ["(oops"]\n    rules: { queue/unbound: off }\n')
    expect(p.code).toBe(2)
    expect(p.stderr).toMatch(/rmq-sim\.config\.yaml:2:13: not a valid regular expression/)
    const n = bad('overrides:\n  - rules: { queue/unbound: off }\n')
    expect(n.code).toBe(2)
    expect(n.stderr).toContain('rmq-sim.config.yaml:2:5: an override needs `files` (globs) or `names` (patterns), or both')
  })
  it('--config naming a missing file', () => {
    const ws = workspace({ 't.yaml': TOPO })
    const r = run(['lint', '--config', 'nope.yaml', 't.yaml'], ws)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('cannot read config nope.yaml: no such file')
  })
})

describe('suppression comments', () => {
  const SUP = [
    'exchanges:',
    '  orders: {type: topic}',
    'queues:',
    '  orders: {}',
    '  # rmq-sim-disable-next-line queue/unbound -- publishers use the default exchange',
    '  rpc.requests: {}',
    '  audit: {}   # rmq-sim-disable-line queue/unbound',
    '# rmq-sim-disable topic/literal-wildcard-char -- these keys contain a literal star',
    'bindings:',
    '  - {source: orders, destination: orders, routing_key: "order*"}',
    '# rmq-sim-enable topic/literal-wildcard-char',
    '  - {source: orders, destination: orders, routing_key: "invoice*"}',
    '',
  ].join('\n')
  const ws = workspace({ 's.yaml': SUP, 'unused.yaml': `# rmq-sim-disable-next-line queue/unbound, topic/empty-word\n${TOPO.replace('  rpc.requests: {}\n', '').replace('  gen-abc.reply: {}\n', '')}`, 'typo.yaml': `${TOPO}# rmq-sim-disable queue/unbond\n` })
  it('next-line, end-of-line and block forms suppress; the reason is kept in JSON', () => {
    const r = run(['lint', '--format', 'json', 's.yaml'], ws)
    const f = json(r.stdout).files[0]!
    expect(f.diagnostics.map((d) => `${d.rule}@${d.line}`)).toEqual(['topic/literal-wildcard-char@12'])
    expect(f.suppressed.map((d) => `${d.rule}@${d.line}:${d.suppression.justification}`)).toEqual([
      'queue/unbound@6:publishers use the default exchange', 'queue/unbound@7:null', 'topic/literal-wildcard-char@10:these keys contain a literal star',
    ])
    expect(json(r.stdout).summary.warnings).toBe(1)
  })
  it('SARIF gives suppressed results with suppressions[].justification', () => {
    const sarif = JSON.parse(run(['lint', '--format', 'sarif', 's.yaml'], ws).stdout)
    const sup = sarif.runs[0].results.filter((x: { suppressions?: unknown }) => x.suppressions)
    expect(sup.map((x: { suppressions: { kind: string; justification?: string }[] }) => x.suppressions[0])).toEqual([
      { kind: 'inSource', justification: 'publishers use the default exchange' }, { kind: 'inSource' }, { kind: 'inSource', justification: 'these keys contain a literal star' },
    ])
  })
  it('--no-inline-config ignores them', () => {
    const f = json(run(['lint', '--format', 'json', '--no-inline-config', 's.yaml'], ws).stdout).files[0]!
    expect(f.diagnostics.length).toBe(4)
    expect(f.suppressed).toEqual([])
  })
  it('--report-unused-disable-directives reports a directive (per rule) that suppressed nothing, as an error', () => {
    const quiet = run(['lint', '--format', 'json', 'unused.yaml'], ws)
    expect(quiet.code).toBe(0)
    const r = run(['lint', '--format', 'json', '--report-unused-disable-directives', 'unused.yaml'], ws)
    expect(r.code).toBe(1)
    const d = json(r.stdout).files[0]!.diagnostics.filter((x) => x.rule === 'lint/unused-disable-directive')
    expect(d.map((x) => `${x.line}:${x.col}`)).toEqual(['1:1', '1:1'])
  })
  it('a directive naming an unknown rule is an error', () => {
    const r = run(['lint', '--format', 'json', 'typo.yaml'], ws)
    expect(r.code).toBe(1)
    expect(rulesOf(json(r.stdout), 'typo.yaml')).toContain('lint/unknown-directive-rule:error')
  })
})

describe('directories, globs, .gitignore, ignore, -o, --max-warnings -1', () => {
  const ws = workspace({
    '.gitignore': 'build/\n',
    'rmq-sim.config.yaml': 'ignore: ["topo/generated/"]\n',
    'topo/a.yaml': TOPO,
    'topo/defs.json': '{"rabbit_version":"3.13.0","exchanges":[],"queues":[],"bindings":[]}',
    'topo/package.json': '{"name":"x","version":"1.0.0"}',
    'topo/tests/a.spec.yaml': 'topology: ../a.yaml\nrabbitmq: "3.13"\ncases: []\n',
    'topo/build/b.yaml': TOPO,
    'topo/generated/c.yaml': TOPO,
    'topo/node_modules/d.yaml': TOPO,
    'odd[1].yaml': TOPO,
    'star*.yaml': TOPO,
  })
  it('a directory: its yaml/json files, minus .gitignore, config ignore and non-topologies', () => {
    const r = run(['lint', '--format', 'json', '-v', 'topo'], ws)
    expect(json(r.stdout).files.map((f) => f.file)).toEqual(['topo/a.yaml', 'topo/defs.json'])
    expect(r.stderr).toContain('skipped topo/package.json: neither a topology nor a definitions export')
    // rmq-sim's own other files: a `rmq-sim test` spec (it names a rabbitmq: version too)
    expect(r.stderr).toContain('skipped topo/tests/a.spec.yaml: neither a topology nor a definitions export')
  })
  it('a non-topology named explicitly is still an error', () => {
    const r = run(['lint', '--format', 'json', 'topo/package.json'], ws)
    expect(r.code).toBe(1)
    expect(json(r.stdout).files[0]!.diagnostics.length).toBeGreaterThan(0)
  })
  it('globs (tinyglobby) respect .gitignore too; an existing file named with [ or * is that file', () => {
    const g = json(run(['lint', '--format', 'json', 'topo/**/*.yaml'], ws).stdout)
    expect(g.files.map((f) => f.file)).toEqual(['topo/a.yaml'])
    const odd = json(run(['lint', '--format', 'json', 'odd[1].yaml', 'star*.yaml'], ws).stdout)
    expect(odd.files.map((f) => f.file)).toEqual(['odd[1].yaml', 'star*.yaml'])
  })
  it('a glob or directory matching nothing, or no argument at all: exit 2', () => {
    expect(run(['lint', 'nothing/**/*.yaml'], ws).code).toBe(2)
    const none = run(['lint'], ws)
    expect(none.code).toBe(2)
    expect(none.stderr).toBe('rmq-sim: name the files, directories or globs to lint\n')
  })
  it('-o FILE writes the report atomically and prints nothing', () => {
    const r = run(['lint', '--format', 'junit', '-o', 'out/../report.xml', 'topo/a.yaml'], ws)
    expect(r.stdout).toBe('')
    expect(readFileSync(join(ws, 'report.xml'), 'utf8')).toMatch(/^<\?xml/)
    const again = run(['lint', '--format', 'checkstyle', '-o', 'report.xml', 'topo/a.yaml'], ws)
    expect(again.code).toBe(0)
    expect(readFileSync(join(ws, 'report.xml'), 'utf8')).toContain('<checkstyle')
    expect(run(['lint', '-o', 'no/such/dir/r.txt', 'topo/a.yaml'], ws).code).toBe(2)
    expect(existsSync(join(ws, 'no'))).toBe(false)
  })
  it('--max-warnings -1 is no limit; 0 fails on warnings', () => {
    expect(run(['lint', '--max-warnings', '-1', 'topo/a.yaml'], ws).code).toBe(0)
    expect(run(['lint', '--max-warnings', '0', 'topo/a.yaml'], ws).code).toBe(1)
    expect(run(['lint', '--max-warnings', '-2', 'topo/a.yaml'], ws).code).toBe(2)
  })
})

describe('human formats escape control characters from the file (terminal injection)', () => {
  // a queue name holding CR and ESC[2K would return to the line start and erase the error line
  const EVIL = 'exchanges:\n  x: {type: topic}\nqueues:\n  "q\\r\\e[2Kno problems found": {}\nbindings:\n  - {source: x, destination: "nope\\r\\e[2K", routing_key: "a"}\n'
  const ws = workspace({ 'evil.yaml': EVIL })
  it('stylish: no raw CR or ESC anywhere, the error line is intact', () => {
    const r = run(['lint', 'evil.yaml'], ws)
    expect(r.code).toBe(1)
    expect(r.stdout).not.toMatch(/[\r\u001b]/)
    expect(r.stdout).toContain('\\r\\e[2K')
    expect(r.stdout).toMatch(/evil\.yaml:6:\d+ +error +.*ref\/unknown-queue/)
  })
  it('github: no raw ESC; JSON keeps the exact name', () => {
    const g = run(['lint', '--format', 'github', 'evil.yaml'], ws)
    expect(g.stdout).not.toMatch(/[\r\u001b]/)
    expect(g.stdout).toContain('\\e[2K')
    const j = run(['lint', '--format', 'json', 'evil.yaml'], ws)
    expect(j.stdout).toContain('\\r\\u001b[2K')
  })
  it('code frames escape a raw control character in the source line', () => {
    const raw = workspace({ 'raw.yaml': 'exchanges:\n  x: {type: topic}\nqueues:\n  q: {}\nbindings:\n  - {source: x, destination: q, routing_key: "a*\u001b[2K"}\n' })
    const r = run(['lint', 'raw.yaml'], raw)
    expect(r.stdout).not.toMatch(/\u001b/)
    expect(r.stdout).toContain('routing_key: "a*\\e[2K"')
  })
})

describe('--fix and --fix-dry-run (YAML only, comments and layout kept)', () => {
  const FIXME = [
    '# orders topology (this comment stays)',
    'exchanges:',
    '  orders:',
    '    type: topic',
    '    arguments: {x-alternate-exchange: orders.ae}   # the AE',
    '  orders.ae: {type: fanout}',
    'queues:',
    '  orders:',
    '    arguments:',
    '      x-message-ttl: "60000"   # one minute',
    '  unrouted: {}',
    'bindings:',
    '  - {source: orders, destination: orders, routing_key: "order*"}',
    "  - {source: orders, destination: orders, routing_key: 'a*b'}",
    '  - {source: orders.ae, destination: unrouted}',
    '',
  ].join('\n')
  const FIXED = FIXME.replace('{x-alternate-exchange: orders.ae}', '{alternate-exchange: orders.ae}').replace('x-message-ttl: "60000"', 'x-message-ttl: 60000').replace('routing_key: "order*"', 'routing_key: "order.*"')
  it('--fix rewrites only the fixable scalars; the exit code and report count what remains', () => {
    const ws = workspace({ 't.yaml': FIXME })
    const before = run(['lint', '--format', 'json', 't.yaml'], ws)
    expect(before.code).toBe(1) // the string TTL is an error
    const r = run(['lint', '--fix', '--format', 'json', 't.yaml'], ws)
    expect(readFileSync(join(ws, 't.yaml'), 'utf8')).toBe(FIXED)
    expect(r.code).toBe(0)
    // 'a*b' is ambiguous ('a.*.b'? 'a*.b'?): left for a person
    expect(json(r.stdout).files[0]!.diagnostics.map((d) => `${d.rule}@${d.line}:${d.col}`)).toEqual(['topic/literal-wildcard-char@14:56'])
  })
  it('--fix-dry-run prints a diff, writes nothing, and reports what would remain', () => {
    const ws = workspace({ 't.yaml': FIXME })
    const r = run(['lint', '--fix-dry-run', 't.yaml'], ws)
    expect(readFileSync(join(ws, 't.yaml'), 'utf8')).toBe(FIXME)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('--- a/t.yaml\n+++ b/t.yaml\n@@ -5,1 +5,1 @@\n-    arguments: {x-alternate-exchange: orders.ae}   # the AE\n+    arguments: {alternate-exchange: orders.ae}   # the AE\n')
    expect(r.stdout).toContain('@@ -10,1 +10,1 @@\n-      x-message-ttl: "60000"   # one minute\n+      x-message-ttl: 60000   # one minute\n')
    expect(r.stdout).toContain('✖ 1 problem (0 errors, 1 warning)')
  })
  it('a suppressed finding is not fixed; a definitions export is never rewritten', () => {
    const sup = FIXME.replace('  - {source: orders, destination: orders, routing_key: "order*"}', '  - {source: orders, destination: orders, routing_key: "order*"}  # rmq-sim-disable-line topic/literal-wildcard-char')
    const defs = '{"rabbit_version":"3.13.0","exchanges":[{"name":"x","vhost":"/","type":"topic","durable":true,"auto_delete":false,"internal":false,"arguments":{"x-alternate-exchange":"y"}}],"queues":[],"bindings":[]}'
    const ws = workspace({ 's.yaml': sup, 'd.json': defs })
    run(['lint', '--fix', 's.yaml', 'd.json'], ws)
    expect(readFileSync(join(ws, 's.yaml'), 'utf8')).toContain('routing_key: "order*"')
    expect(readFileSync(join(ws, 's.yaml'), 'utf8')).toContain('{alternate-exchange: orders.ae}')
    expect(readFileSync(join(ws, 'd.json'), 'utf8')).toBe(defs)
  })
})
