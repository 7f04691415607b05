import { describe, expect, it } from 'vitest'
import { junitXml } from '../../src/report/junit-xml.js'

describe('junitXml', () => {
  it('counts tests and failures per suite and overall; times in seconds with 3 decimals', () => {
    const xml = junitXml([
      { name: 'a.yaml', timeSeconds: 0.0015, cases: [{ name: 'one', classname: 'a.yaml', timeSeconds: 0.001 }, { name: 'two', classname: 'a.yaml', timeSeconds: 0.0005, failures: [{ message: 'm', type: 'exactly', text: 't' }] }] },
      { name: 'b.yaml', timeSeconds: 0, cases: [] },
    ], 'rmq-sim test')
    expect(xml).toContain('<testsuites name="rmq-sim test" tests="2" failures="1" errors="0" time="0.002">')
    expect(xml).toContain('<testsuite name="a.yaml" tests="2" failures="1" errors="0" skipped="0" time="0.002">')
    expect(xml).toContain('<testcase name="one" classname="a.yaml" time="0.001"/>')
    expect(xml).toContain('<failure message="m" type="exactly">t</failure>')
    expect(xml).toContain('<testsuite name="b.yaml" tests="0" failures="0" errors="0" skipped="0" time="0.000">')
  })

  it('escapes markup, keeps newlines in text, and writes characters XML 1.0 forbids as visible escapes', () => {
    const xml = junitXml([{ name: 's', timeSeconds: 0, cases: [{ name: 'a<b>&"c"\u0001', classname: 'x\ny', timeSeconds: 0, failures: [{ message: 'l1\nl2', type: 't', text: '<tree>\n\u001b[31m \uffff' }] }] }], 'n')
    expect(xml).toContain('name="a&lt;b&gt;&amp;&quot;c&quot;\\x01" classname="x&#10;y"')
    expect(xml).toContain('message="l1&#10;l2"')
    expect(xml).toContain('>&lt;tree&gt;\n\\x1b[31m \\xffff</failure>')
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uffff]/)
  })

  it('several failures and system-out in one case; the case counts once as failed', () => {
    const xml = junitXml([{ name: 's', timeSeconds: 0, cases: [{ name: 'c', classname: 'f', timeSeconds: 0,
      failures: [{ message: 'a', type: 'r1', text: 'x' }, { message: 'b', type: 'r2', text: 'y' }], systemOut: 'info\nline' }] }], 'n')
    expect(xml).toContain('<testsuite name="s" tests="1" failures="1"')
    expect(xml).toMatch(/<failure message="a" type="r1">x<\/failure>\n {6}<failure message="b" type="r2">y<\/failure>\n {6}<system-out>info\nline<\/system-out>/)
  })
})
