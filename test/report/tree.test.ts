import { describe, expect, it } from 'vitest'
import { renderTree, type TreeNode } from '../../src/report/tree.js'
import { renderTable, cell } from '../../src/report/table.js'
import { closestName } from '../../src/report/suggest.js'
import { valueText } from '../../src/report/value-text.js'

describe('renderTree', () => {
  it('draws children with ├─ / └─ and continues the trunk with │', () => {
    const tree: TreeNode[] = [{ label: 'root', children: [{ label: 'a', children: [{ label: 'a1' }] }, { label: 'b\nmore' }] }]
    expect(renderTree(tree)).toEqual(['root', '├─ a', '│  └─ a1', '└─ b', '   more'])
  })

  it('handles a 10 000-deep chain without overflowing the stack', () => {
    let node: TreeNode = { label: 'leaf' }
    for (let i = 0; i < 10000; i++) node = { label: `x${i}`, children: [node] }
    const lines = renderTree([node])
    expect(lines).toHaveLength(10001)
    expect(lines[10000]).toMatch(/└─ leaf$/)
  })
})

describe('renderTable', () => {
  it('pads by the plain text, so styles never skew the columns', () => {
    const wrap = (s: string) => `<${s}>`
    expect(renderTable([[cell('a', wrap), cell('bb')], [cell('ccc'), cell('d')]], '')).toEqual(['<a>    bb', 'ccc  d'])
  })
})

describe('closestName', () => {
  it('suggests near names, case-only differences first, never for 1-2 letter names or ""', () => {
    expect(closestName('ordrs', ['orders', 'billing'])).toBe('orders')
    expect(closestName('Orders', ['orderz', 'orders'])).toBe('orders')
    expect(closestName('x', ['', 'y'])).toBeUndefined()
    expect(closestName('payments', ['orders'])).toBeUndefined()
  })
})

describe('valueText', () => {
  it('keeps the type visible where it changes headers matching', () => {
    expect(valueText({ type: 'long', value: 1 })).toBe('1 (long)')
    expect(valueText({ type: 'double', value: 1 })).toBe('1.0 (double)')
    expect(valueText({ type: 'longstr', value: '1' })).toBe('"1"')
    expect(valueText({ type: 'array', value: [{ type: 'bool', value: true }, { type: 'void' }] })).toBe('[true, (void)]')
  })
})
