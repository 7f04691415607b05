import { dirname, join, relative, sep } from 'node:path'

/** Where the schema of the published package is served, for files outside any project that installs rmq-sim. */
export const SCHEMA_URL = 'https://unpkg.com/rmq-sim/schemas/topology.schema.json'

const INSTALLED = join('node_modules', 'rmq-sim', 'schemas', 'topology.schema.json')

export interface SchemaRefOptions {
  /** Absolute path of the file being written; undefined when writing to stdout. */
  readonly outFile?: string
  /** Absolute path of the schema of the rmq-sim that is running (its package root's schemas/topology.schema.json). */
  readonly ownSchema: string
  /** Does this absolute path exist? (passed in: the caller owns the file system). */
  readonly exists: (path: string) => boolean
}

/**
 * The `$schema` for the modeline, by the rule docs/init.md documents:
 * 1. a project that installs rmq-sim: the relative path to the nearest `node_modules/rmq-sim/schemas/topology.schema.json`
 *    above the file (what the editor can open without a network);
 * 2. a file inside the running rmq-sim's own package (its checkout, samples): the relative path to its schema;
 * 3. otherwise (stdout, a global install or npx): the unpkg URL.
 */
export function schemaReference(options: SchemaRefOptions): string {
  if (options.outFile === undefined) return SCHEMA_URL
  const dir = dirname(options.outFile)
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, INSTALLED)
    if (options.exists(candidate)) return relativeRef(dir, candidate)
    if (dirname(d) === d) break
  }
  const ownRoot = dirname(dirname(options.ownSchema))
  const rel = relative(ownRoot, dir)
  if (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-z]:/i.test(rel) && options.exists(options.ownSchema)) return relativeRef(dir, options.ownSchema)
  return SCHEMA_URL
}

/** A relative reference in URL form: forward slashes, `./` for a path below the directory. */
function relativeRef(fromDir: string, to: string): string {
  const rel = relative(fromDir, to).split(sep).join('/')
  return rel.startsWith('../') ? rel : `./${rel}`
}
