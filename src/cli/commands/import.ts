import { definitionsLeftOut } from '../../topology/definitions-left-out.js'
import { topologyToYaml } from '../../topology/write-yaml.js'
import { EXIT_OK, type CliIO } from '../io.js'
import { displayPath, loadForCommand } from '../load-for-command.js'
import { writeNotes, writeOutput } from '../write-output.js'

/** Options of `rmq-sim import` (declared in program.ts). */
export interface ImportOptions {
  /** Output file. Default: stdout */
  readonly output?: string
  readonly force?: boolean
  readonly maxFileSize?: number
}

/**
 * `rmq-sim import <file>`: any input rmq-sim reads (a definitions export of any shape, operator manifests,
 * AsyncAPI) as rmq-sim YAML. Everything that routes or delivers is kept; what is left out is named in a note on
 * stderr, and so are the loader's warnings. Exit 0, or 2 when the input has errors or the output cannot be written.
 */
export async function importCommand(file: string | undefined, opts: ImportOptions, io: CliIO): Promise<number> {
  const { topology, loaded } = await loadForCommand('import', file, { ...opts, requireVhost: false }, io)
  const notes: string[] = []
  for (const d of loaded.diagnostics) {
    if (d.severity === 'error') continue
    const pos = d.pos ?? loaded.locate(d.path)
    notes.push(`${displayPath(loaded.file, io.cwd)}${pos ? `:${pos.line}:${pos.col}` : ''} ${d.rule} ${d.message}`)
  }
  if (loaded.format === 'definitions') {
    let data: unknown
    try { data = JSON.parse(loaded.source.charCodeAt(0) === 0xfeff ? loaded.source.slice(1) : loaded.source) } catch { data = undefined }
    notes.push(...definitionsLeftOut(data))
  }
  writeOutput('import', opts.output, topologyToYaml(topology), opts.force === true, io)
  writeNotes(notes, io)
  return EXIT_OK
}
