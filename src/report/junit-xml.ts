import { xmlContent, xmlText } from './xml-text.js'

/**
 * The one JUnit XML writer (`lint --format junit`, `test --format junit`), in the Surefire/Jenkins dialect CI
 * systems read: testsuites > testsuite > testcase > failure / system-out, valid against Jenkins' junit-10.xsd.
 * Text goes through xmlText (xml-text.ts): characters XML 1.0 cannot hold are written as visible `\xNN` escapes.
 */
export interface JUnitFailure { readonly message: string; readonly type: string; readonly text: string }

export interface JUnitCase {
  readonly name: string
  readonly classname: string
  readonly timeSeconds: number
  /** One or more failures; none: the case passed. */
  readonly failures?: readonly JUnitFailure[]
  /** Output kept with the case (lint: info findings, which are not failures). */
  readonly systemOut?: string
}

export interface JUnitSuite {
  readonly name: string
  readonly timeSeconds: number
  readonly cases: readonly JUnitCase[]
  readonly properties?: readonly (readonly [string, string])[]
}

const failed = (c: JUnitCase): boolean => (c.failures?.length ?? 0) > 0

export function junitXml(suites: readonly JUnitSuite[], name: string): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>']
  const tests = suites.reduce((n, s) => n + s.cases.length, 0)
  const failures = suites.reduce((n, s) => n + s.cases.filter(failed).length, 0)
  const time = suites.reduce((n, s) => n + s.timeSeconds, 0)
  lines.push(`<testsuites name="${xmlText(name)}" tests="${tests}" failures="${failures}" errors="0" time="${seconds(time)}">`)
  for (const s of suites) {
    const f = s.cases.filter(failed).length
    lines.push(`  <testsuite name="${xmlText(s.name)}" tests="${s.cases.length}" failures="${f}" errors="0" skipped="0" time="${seconds(s.timeSeconds)}">`)
    if (s.properties && s.properties.length > 0) {
      lines.push('    <properties>')
      for (const [k, v] of s.properties) lines.push(`      <property name="${xmlText(k)}" value="${xmlText(v)}"/>`)
      lines.push('    </properties>')
    }
    for (const c of s.cases) {
      const head = `    <testcase name="${xmlText(c.name)}" classname="${xmlText(c.classname)}" time="${seconds(c.timeSeconds)}"`
      const inner = (c.failures ?? []).map((x) => `      <failure message="${xmlText(x.message)}" type="${xmlText(x.type)}">${xmlContent(x.text)}</failure>`)
      if (c.systemOut !== undefined) inner.push(`      <system-out>${xmlContent(c.systemOut)}</system-out>`)
      lines.push(inner.length === 0 ? `${head}/>` : `${head}>\n${inner.join('\n')}\n    </testcase>`)
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}

/** Surefire's time format: seconds with at most 3 decimals, `.` separator. */
function seconds(s: number): string {
  return (Math.round(s * 1000) / 1000).toFixed(3)
}
