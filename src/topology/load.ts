import { isAbsolute, resolve } from 'node:path'
import type { DocPath } from '../core/model.js'
import type { Diagnostic, LinePos } from './diagnostic.js'
import { isDefinitionsExport, parseDefinitionsExport } from './definitions-format.js'
import { createLineIndex } from './line-index.js'
import type { LoadedTopology } from './loaded-topology.js'
import { readFileBounded, readStreamBounded, type BoundedRead } from './read-bounded.js'
import type { YamlOptions } from './yaml-format.js'
import type { parseYamlFamily, yamlErrorOffset } from './yaml-family.js'

/** The YAML half of the loader (yaml-family.ts). Imported only when a text is YAML: a JSON export never pays for the YAML parser. */
export interface YamlFormat {
  readonly parseYamlFamily: typeof parseYamlFamily
  readonly yamlErrorOffset: typeof yamlErrorOffset
}

export type { DefinitionsShape, DuplicateEntity, EntityKind, LoadedTopology } from './loaded-topology.js'

/** Default for --max-file-size: 20 MiB. */
export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024

export interface LoadOptions {
  /** Refuse files larger than this many bytes (io/too-large). Default: 20 MiB. */
  readonly maxFileSize?: number
  /** Directory relative file names are resolved against. Default: process.cwd() of the caller's choosing (required for relative names). */
  readonly cwd?: string
  /** Vhost name for a `GET /api/definitions/{vhost}` export that does not name its vhost. Default: "/". */
  readonly vhost?: string
  /** Where the file name `-` reads from (the CLI passes its stdin). Without it, `-` is an ordinary file name. */
  readonly stdin?: AsyncIterable<unknown> & { destroy?: () => void }
  /** The name a topology read from stdin is reported (and parsed, .json or not) as. Default: "<stdin>" */
  readonly stdinFilename?: string
  /** YAML aliases: the expanded document may be this many times the size of the file (and 1 MiB in any case). Default: 20 */
  readonly maxAliasExpansion?: number
}

/** What loading a text (not a file) takes. */
export type TextOptions = Pick<LoadOptions, 'vhost' | 'maxAliasExpansion'>

/** The name reported for a topology read from stdin without --stdin-filename. */
export const STDIN_NAME = '<stdin>'

/** JSON texts larger than this are not re-read as YAML to find a syntax error's position (YAML is ~100x slower). */
const YAML_FALLBACK_LIMIT = 1024 * 1024

const failed = (file: string, d: Omit<Diagnostic, 'file' | 'path'>, source = ''): LoadedTopology => ({
  file, format: 'yaml', diagnostics: [{ ...d, file, path: [] }], source, duplicates: [], locate: () => undefined,
})

/**
 * Reads and loads a topology file: YAML in rmq-sim's format, or a RabbitMQ definitions export (detected from the
 * content). The only place that reads topology files. Never throws: every problem is a diagnostic
 * (io/not-found, io/unreadable, io/too-large, io/binary, io/encoding, yaml/*, schema/*, defs/*).
 */
export async function loadTopologyFile(file: string, options: LoadOptions = {}): Promise<LoadedTopology> {
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE
  const fromStdin = file === '-' && options.stdin !== undefined
  const name = fromStdin ? (options.stdinFilename ?? STDIN_NAME) : file
  // reading stops at the limit: /dev/zero, a FIFO or a pipe that never ends cannot fill memory
  const read: BoundedRead = fromStdin
    ? await readStreamBounded(options.stdin!, max)
    : await readFileBounded(isAbsolute(file) || options.cwd === undefined ? file : resolve(options.cwd, file), max)
  if (!read.ok) {
    switch (read.reason) {
      case 'not-found': return failed(name, { rule: 'io/not-found', severity: 'error', message: `${name}: no such file` })
      case 'directory': return failed(name, { rule: 'io/unreadable', severity: 'error', message: `${name} is a directory, not a topology file` })
      case 'unreadable': return failed(name, { rule: 'io/unreadable', severity: 'error', message: `${name}: cannot read: ${read.words}` })
      case 'too-large': return failed(name, {
        rule: 'io/too-large', severity: 'error',
        message: read.size !== undefined ? `${name} is ${formatSize(read.size)}, over the ${formatSize(max)} limit` : `${name} is over the ${formatSize(max)} limit (stopped reading there)`,
        hint: 'raise the limit with --max-file-size (e.g. --max-file-size 100m) if the file is really a topology',
      })
    }
  }
  return loadTopologyBytes(read.bytes, name, options)
}

/** Decodes and loads bytes (as parseTopologyBytes), importing the YAML parser only when the text is YAML. */
export async function loadTopologyBytes(bytes: Uint8Array, file: string, options: TextOptions = {}): Promise<LoadedTopology> {
  const text = decodeTopologyBytes(bytes, file)
  return typeof text === 'string' ? loadTopologyText(text, file, options) : text
}

/** Loads a text (as parseTopologyText), importing the YAML parser only when the text is YAML. */
export async function loadTopologyText(text: string, file: string, options: TextOptions = {}): Promise<LoadedTopology> {
  return dispatchTopologyText(text, file, options, undefined) ?? dispatchTopologyText(text, file, options, await import('./yaml-family.js'))!
}

/** Decodes bytes (UTF-8, strict): the text, or an io/binary or io/encoding failure. */
export function decodeTopologyBytes(bytes: Uint8Array, file: string): string | LoadedTopology {
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    return failed(file, { rule: 'io/binary', severity: 'error', message: `${file} contains NUL bytes (offset ${nul}): not a text file`, hint: 'topologies are UTF-8 YAML or JSON text' })
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    const at = firstInvalidUtf8(bytes)
    return failed(file, { rule: 'io/encoding', severity: 'error', message: `${file} is not valid UTF-8 (first bad byte at offset ${at})`, hint: 'save the file as UTF-8' })
  }
  return text
}

/**
 * Loads a topology from text: a definitions export when the text is a JSON object shaped like one
 * (rabbit_version, exchanges as a list, ...), otherwise rmq-sim's YAML format (JSON written in our format is
 * YAML too). Never throws. Without `yaml`, returns undefined when the text needs the YAML parser.
 */
export function dispatchTopologyText(text: string, file: string, options: TextOptions, yaml: YamlFormat): LoadedTopology
export function dispatchTopologyText(text: string, file: string, options: TextOptions, yaml: YamlFormat | undefined): LoadedTopology | undefined
export function dispatchTopologyText(text: string, file: string, options: TextOptions, yaml: YamlFormat | undefined): LoadedTopology | undefined {
  try {
    return parseText(text, file, options, yaml)
  } catch (err) {
    // A safety net: every known failure is a diagnostic already; an unknown one must still not escape as a crash.
    const deep = err instanceof RangeError
    return failed(file, {
      rule: deep ? 'yaml/too-deep' : 'io/unreadable', severity: 'error',
      message: deep ? `${file} is nested too deeply to read` : `${file}: could not be read: ${(err as Error)?.message ?? String(err)}`,
    }, text)
  }
}

function parseText(text: string, file: string, options: TextOptions, yaml: YamlFormat | undefined): LoadedTopology | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const first = /\S/.exec(body)
  if (first !== null && (first[0] === '{' || first[0] === '[')) {
    let data: unknown
    let parseError: Error | undefined
    try {
      data = JSON.parse(body)
    } catch (err) {
      parseError = err as Error
    }
    if (parseError === undefined) {
      if (isDefinitionsExport(data)) return parseDefinitionsExport(body, data, file, options)
    } else if (body.length > YAML_FALLBACK_LIMIT || /\.json$/i.test(file)) {
      return jsonSyntaxError(body, file, parseError, yaml)
    }
  }
  const yamlOptions: YamlOptions = options.maxAliasExpansion === undefined ? {} : { maxAliasExpansion: options.maxAliasExpansion }
  return yaml?.parseYamlFamily(body, file, yamlOptions)
}

/** A JSON syntax error with the best position we can get (V8 says "at position N" for most errors). */
function jsonSyntaxError(text: string, file: string, err: Error, yaml: YamlFormat | undefined): LoadedTopology | undefined {
  const lineOf = createLineIndex(text)
  let offset: number | undefined
  const m = /at position (\d+)/.exec(err.message)
  if (m) offset = Number(m[1])
  else if (/end of JSON input/.test(err.message)) offset = text.length
  else if (text.length <= YAML_FALLBACK_LIMIT) {
    if (yaml === undefined) return undefined
    offset = yaml.yamlErrorOffset(text)
  }
  const pos: LinePos | undefined = offset === undefined ? undefined : lineOf(offset)
  const message = err.message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '')
  return {
    file, format: 'definitions', source: text, duplicates: [],
    diagnostics: [{ rule: 'json/syntax', severity: 'error', message: `invalid JSON: ${message}`, file, path: [], ...(pos ? { pos } : {}) }],
    locate: (_path: DocPath) => undefined,
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  // binary search on prefix validity would misfire on split sequences; a linear scan of lead/continuation bytes is enough
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] ?? 0
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0
    if (len === 0) return i
    try { decoder.decode(bytes.subarray(i, i + len)) } catch { return i }
    i += len
  }
  return bytes.length
}

function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`
  return `${n} bytes`
}
