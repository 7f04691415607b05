import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { validateXML } from 'xmllint-wasm'

// Jenkins' junit-10.xsd (test/fixtures/schemas/README.md says where it comes from), checked with libxml2's own
// validator compiled to WebAssembly (xmllint-wasm): no system package needed, so CI runs it everywhere.
const JUNIT_XSD = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'schemas', 'junit-10.xsd'), 'utf8')

/** The schema errors of a JUnit XML report against junit-10.xsd; [] when it is valid. */
export async function junitXsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: JUNIT_XSD }] })
  return result.errors.map((e) => e.rawMessage)
}
