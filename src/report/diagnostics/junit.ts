import type { Diagnostic } from '../../topology/diagnostic.js'
import type { FileReport } from './types.js'
import { xmlContent, xmlText } from './xml.js'

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, Azure; valid against Jenkins' junit-10.xsd): one <testsuite>
 * per file, one <testcase> per rule per object (classname = the file, name = `rule object`), one <failure> per
 * error or warning finding with `file:line:col` in its text. A clean file is one passing testcase `lint`, so the
 * report lists every file. Info findings are not failures: they go to the testcase's <system-out>.
 */
export function formatJunit(reports: readonly FileReport[]): string {
  const suites: string[] = []
  let allTests = 0, allFailures = 0
  for (const r of reports) {
    const cases = new Map<string, Diagnostic[]>()
    for (const d of r.diagnostics) {
      const name = `${d.rule} ${r.objectOf?.(d) ?? (d.path.slice(0, 2).join('/') || r.file)}`
      const list = cases.get(name)
      if (list) list.push(d)
      else cases.set(name, [d])
    }
    const body: string[] = []
    let failures = 0
    if (cases.size === 0) body.push(`    <testcase classname="${xmlText(r.file)}" name="lint" time="0"/>`)
    for (const [name, ds] of cases) {
      const failing = ds.filter((d) => d.severity !== 'info')
      if (failing.length > 0) failures++
      const inner = failing.map((d) => `      <failure type="${xmlText(d.rule)}" message="${xmlText(`${d.severity}: ${d.message}`)}">${xmlContent(where(r.file, d) + ` ${d.severity} ${d.rule}\n${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}`)}</failure>`)
      const infos = ds.filter((d) => d.severity === 'info')
      if (infos.length > 0) inner.push(`      <system-out>${xmlContent(infos.map((d) => `${where(r.file, d)} info ${d.rule}: ${d.message}`).join('\n'))}</system-out>`)
      body.push(`    <testcase classname="${xmlText(r.file)}" name="${xmlText(name)}" time="0"${inner.length ? `>\n${inner.join('\n')}\n    </testcase>` : '/>'}`)
    }
    const tests = Math.max(1, cases.size)
    allTests += tests
    allFailures += failures
    suites.push(`  <testsuite name="${xmlText(r.file)}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="0">\n${body.join('\n')}\n  </testsuite>`)
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="rmq-sim lint" tests="${allTests}" failures="${allFailures}" errors="0" time="0">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`
}

const where = (file: string, d: Diagnostic): string => (d.pos ? `${file}:${d.pos.line}:${d.pos.col}` : file)
