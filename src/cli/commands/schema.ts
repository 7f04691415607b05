import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { packageRoot } from '../package-root.js'
import type { CliIO } from '../io.js'

/** `rmq-sim schema`: prints the topology JSON schema shipped in schemas/. */
export async function schemaCommand(io: CliIO): Promise<number> {
  const text = await readFile(join(packageRoot(import.meta.url), 'schemas/topology.schema.json'), 'utf8')
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
  return 0
}
