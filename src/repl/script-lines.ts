import { createInterface, type Interface } from 'node:readline'

// Imported only by a run that reads its commands from stdin: `repl --script FILE` does not load readline.

/** stdin's lines as they arrive (close the interface to stop reading). */
export function stdinLines(stdin: NodeJS.ReadableStream): Interface {
  return createInterface({ input: stdin, crlfDelay: Infinity, terminal: false })
}
