/**
 * A small JUnit XML writer (the Surefire/Jenkins dialect CI systems read: testsuites > testsuite > testcase >
 * failure). Text is escaped for XML 1.0, where control characters other than tab, newline and carriage return
 * cannot appear even escaped: they are written as visible `\xNN` escapes.
 */
export interface JUnitCase {
  readonly name: string
  readonly classname: string
  readonly timeSeconds: number
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string }
}

export interface JUnitSuite {
  readonly name: string
  readonly timeSeconds: number
  readonly cases: readonly JUnitCase[]
  readonly properties?: readonly (readonly [string, string])[]
}

export function junitXml(suites: readonly JUnitSuite[], name: string): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>']
  const tests = suites.reduce((n, s) => n + s.cases.length, 0)
  const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failure).length, 0)
  const time = suites.reduce((n, s) => n + s.timeSeconds, 0)
  lines.push(`<testsuites name="${attr(name)}" tests="${tests}" failures="${failures}" errors="0" time="${seconds(time)}">`)
  for (const s of suites) {
    const f = s.cases.filter((c) => c.failure).length
    lines.push(`  <testsuite name="${attr(s.name)}" tests="${s.cases.length}" failures="${f}" errors="0" skipped="0" time="${seconds(s.timeSeconds)}">`)
    if (s.properties && s.properties.length > 0) {
      lines.push('    <properties>')
      for (const [k, v] of s.properties) lines.push(`      <property name="${attr(k)}" value="${attr(v)}"/>`)
      lines.push('    </properties>')
    }
    for (const c of s.cases) {
      const head = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="${seconds(c.timeSeconds)}"`
      if (!c.failure) {
        lines.push(`${head}/>`)
        continue
      }
      lines.push(`${head}>`)
      lines.push(`      <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${text(c.failure.text)}</failure>`)
      lines.push('    </testcase>')
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; lone surrogates and
// U+FFFE/U+FFFF are not characters either.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu
const visible = (s: string): string => s.replace(NOT_XML, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)

function text(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')
}

/** Surefire's time format: seconds with at most 3 decimals, `.` separator. */
function seconds(s: number): string {
  return (Math.round(s * 1000) / 1000).toFixed(3)
}
