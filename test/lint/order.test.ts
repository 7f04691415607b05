import { expect, test } from 'vitest'
import { rulesFor } from '../../src/core/versions.js'
import { lintTopology } from '../../src/lint/lint-topology.js'
import { parseTopologyText } from '../../src/topology/parse-topology.js'

test('schema problems and rule findings come in file order, as a reader goes down the file', () => {
  const text = 'exchanges:\n  x:\n    type: topc\n    durabel: true\n  y:\n    type: direct\n    auto_delet: true\n'
  const ds = lintTopology(parseTopologyText(text, 't.yaml'), rulesFor('3.13'))
  const lines = ds.map((d) => d.pos?.line ?? 0)
  expect(ds.length).toBeGreaterThanOrEqual(3)
  expect(lines).toEqual([...lines].sort((a, b) => a - b))
})
