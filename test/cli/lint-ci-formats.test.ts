import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Ajv from 'ajv'
import { validateXML } from 'xmllint-wasm'
import { describe, expect, it } from 'vitest'
import { junitXsdErrors } from '../helpers/junit-xsd.js'

// The CI formats through the real bin, validated against the schemas CI systems publish (test/fixtures/schemas):
// JUnit against Jenkins' junit-10.xsd with libxml2's xmllint (xmllint-wasm), SARIF against the OASIS 2.1.0 schema.
const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'rmq-sim.js')
const SCHEMAS = join(ROOT, 'test', 'fixtures', 'schemas')

function run(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

// names with markup, quotes and control characters: the XML must stay well-formed and valid
const HOSTILE = [
  'exchanges:',
  '  "a<b>&\\"c\'": {type: topic}',
  'queues:',
  '  "q\\u0001\\r\\e[2K<x>": {}',
  'bindings:',
  '  - {source: "a<b>&\\"c\'", destination: "q\\u0001\\r\\e[2K<x>", routing_key: "k*"}',
  '  # rmq-sim-disable-next-line ref/unknown-queue -- kept: <created by the app>',
  '  - {source: "a<b>&\\"c\'", destination: nope, routing_key: "k"}',
  '',
].join('\n')
const ws = mkdtempSync(join(tmpdir(), 'rmq-sim-ciformats-'))
mkdirSync(join(ws, 'sub dir'))
writeFileSync(join(ws, 'sub dir', 'hostile.yaml'), HOSTILE)
const FILES = ['test/fixtures/invalid/graph.yaml', 'test/fixtures/invalid/defs-api.json', 'test/fixtures/invalid/syntax.yaml', 'samples/orders-service.yaml', join(ws, 'sub dir', 'hostile.yaml')]

const xsdErrors = junitXsdErrors

describe('--format junit', () => {
  const r = run(['lint', '--format', 'junit', ...FILES])
  it('exits as the other formats do (1: errors)', () => {
    expect(r.code).toBe(1)
  })
  it('is valid against the JUnit XSD Jenkins publishes (junit-10.xsd)', async () => {
    expect(await xsdErrors(r.stdout)).toEqual([])
  })
  it('one testsuite per file, one testcase per rule per object, failures with file:line:col', () => {
    expect(r.stdout.match(/<testsuite /g)?.length).toBe(FILES.length)
    expect(r.stdout).toContain('<testcase name="lint" classname="samples/orders-service.yaml" time="0.000"/>')
    const graph = /<testsuite name="test\/fixtures\/invalid\/graph.yaml"[^>]*>([\s\S]*?)<\/testsuite>/.exec(r.stdout)![1]!
    expect(graph).toMatch(/<testcase name="dlx\/missing-exchange [^"]+" classname="test\/fixtures\/invalid\/graph.yaml"/)
    expect(graph).toMatch(/<failure message="error: [^"]+" type="dlx\/missing-exchange">test\/fixtures\/invalid\/graph.yaml:\d+:\d+ error dlx\/missing-exchange/)
  })
  it('a file that fails the XSD is caught (the check can fail)', async () => {
    expect((await xsdErrors('<testsuites><testsuite name="x"/></testsuites>')).length).toBeGreaterThan(0)
  })
  it('escapes markup and shows control characters as \\xNN (XML 1.0 cannot hold them)', () => {
    expect(r.stdout).toContain('a&lt;b&gt;&amp;&quot;c&apos;')
    expect(r.stdout).toContain('\\x01')
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\u0001\u001b]/)
  })
})

describe('--format checkstyle', () => {
  it('one <file> per file, one <error> per finding with line, column, severity, source', async () => {
    const r = run(['lint', '--format', 'checkstyle', ...FILES])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<checkstyle version="4.3">/)
    expect(r.stdout.match(/<file name=/g)?.length).toBe(FILES.length)
    expect(r.stdout).toMatch(/<error line="\d+" column="\d+" severity="error" message="[^"]+" source="rmq-sim.dlx\/missing-exchange"\/>/)
    // well-formed XML whatever the names hold
    const wellFormed = await validateXML({ xml: [{ fileName: 'c.xml', contents: r.stdout }], schema: [{ fileName: 'any.xsd', contents: ANY_XSD }] })
    expect(wellFormed.errors).toEqual([])
  })
})

/** A schema that accepts any <checkstyle> document: only well-formedness is checked. */
const ANY_XSD = '<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="checkstyle"><xs:complexType><xs:sequence><xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded"/></xs:sequence><xs:anyAttribute processContents="skip"/></xs:complexType></xs:element></xs:schema>'

describe('--format sarif', () => {
  const r = run(['lint', '--format', 'sarif', ...FILES])
  const sarif = JSON.parse(r.stdout)
  const run0 = sarif.runs[0]
  it('is valid against the OASIS SARIF 2.1.0 schema', () => {
    // the published schema is draft-04 (`id`); ajv 8 reads it as draft-07 with `id` renamed (no other draft-04 keyword is used)
    const schema = JSON.parse(readFileSync(join(SCHEMAS, 'sarif-schema-2.1.0.json'), 'utf8').replace('"id": "https://docs', '"$id": "https://docs'))
    delete schema.$schema
    const ajv = new Ajv.default({ strict: false, allErrors: true, validateFormats: false })
    const validate = ajv.compile(schema)
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false)
  })
  it('rules carry fullDescription and defaultConfiguration.level; originalUriBaseIds gives %SRCROOT%', () => {
    const rule = run0.tool.driver.rules.find((x: { id: string }) => x.id === 'ae/missing')
    expect(rule.fullDescription.text).toMatch(/alternate exchange does not exist/)
    expect(rule.defaultConfiguration.level).toBe('error')
    expect(run0.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${ROOT}/`)
    const res = run0.results.find((x: { ruleId: string }) => x.ruleId === 'dlx/missing-exchange')
    expect(res.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'test/fixtures/invalid/graph.yaml', uriBaseId: '%SRCROOT%' })
  })
  it('suppressed findings are results with suppressions (justification from the comment)', () => {
    const sup = run0.results.filter((x: { suppressions?: unknown[] }) => x.suppressions)
    expect(sup.map((x: { ruleId: string; suppressions: unknown[] }) => [x.ruleId, x.suppressions])).toEqual([
      ['ref/unknown-queue', [{ kind: 'inSource', justification: 'kept: <created by the app>' }]],
    ])
  })
})
