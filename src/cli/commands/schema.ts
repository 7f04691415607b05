import { readFile } from 'node:fs/promises'
import type { CliIO } from '../io.js'

/** `rmq-sim schema`: prints the topology JSON schema shipped in schemas/. */
export async function schemaCommand(io: CliIO): Promise<number> {
  const text = await readFile(new URL('../../../schemas/topology.schema.json', import.meta.url), 'utf8')
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
  return 0
}
