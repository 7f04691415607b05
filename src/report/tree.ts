/** A node of a text tree: a label (already styled) and its children, drawn with box characters. */
export interface TreeNode {
  readonly label: string
  readonly children?: readonly TreeNode[]
}

/**
 * Draws a forest as lines: `├─ child`, `│  grandchild`, `└─ last`. Labels with newlines keep
 * their continuation lines aligned under the label. Iterative, so deep trees (long E2E chains) cannot overflow the stack.
 */
export function renderTree(roots: readonly TreeNode[], indent = ''): string[] {
  const lines: string[] = []
  // Work stack of (node, prefix for its own line, prefix for its children); pushed in reverse to keep order.
  const stack: { node: TreeNode; head: string; rest: string }[] = []
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i]!, head: indent, rest: indent })
  while (stack.length > 0) {
    const { node, head, rest } = stack.pop()!
    const [first = '', ...more] = node.label.split('\n')
    lines.push(head + first)
    for (const line of more) lines.push(rest + line)
    const children = node.children ?? []
    for (let i = children.length - 1; i >= 0; i--) {
      const last = i === children.length - 1
      stack.push({ node: children[i]!, head: rest + (last ? '└─ ' : '├─ '), rest: rest + (last ? '   ' : '│  ') })
    }
  }
  return lines
}
