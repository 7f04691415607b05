import type { Diagnostic } from '../../topology/diagnostic.js'
import { junitXml, type JUnitCase, type JUnitSuite } from '../junit-xml.js'
import type { FileReport } from './types.js'

/**
 * Lint findings as JUnit XML (Jenkins, GitLab, Azure read it): one <testsuite> per file, one <testcase> per rule per
 * object (classname = the file, name = `rule object`), one <failure> per error or warning finding with
 * `file:line:col` in its text. A clean file is one passing testcase `lint`, so the report lists every file. Info
 * findings are not failures: they go to the testcase's <system-out>.
 */
export function formatJunit(reports: readonly FileReport[]): string {
  return junitXml(reports.map(fileSuite), 'rmq-sim lint')
}

function fileSuite(r: FileReport): JUnitSuite {
  const byCase = new Map<string, Diagnostic[]>()
  for (const d of r.diagnostics) {
    const name = `${d.rule} ${r.objectOf?.(d) ?? (d.path.slice(0, 2).join('/') || r.file)}`
    const list = byCase.get(name)
    if (list) list.push(d)
    else byCase.set(name, [d])
  }
  const cases: JUnitCase[] = []
  for (const [name, ds] of byCase) {
    const infos = ds.filter((d) => d.severity === 'info')
    cases.push({
      name, classname: r.file, timeSeconds: 0,
      failures: ds.filter((d) => d.severity !== 'info').map((d) => ({
        type: d.rule, message: `${d.severity}: ${d.message}`,
        text: `${where(r.file, d)} ${d.severity} ${d.rule}\n${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}`,
      })),
      ...(infos.length > 0 ? { systemOut: infos.map((d) => `${where(r.file, d)} info ${d.rule}: ${d.message}`).join('\n') } : {}),
    })
  }
  if (cases.length === 0) cases.push({ name: 'lint', classname: r.file, timeSeconds: 0 })
  return { name: r.file, timeSeconds: 0, cases }
}

const where = (file: string, d: Diagnostic): string => (d.pos ? `${file}:${d.pos.line}:${d.pos.col}` : file)
