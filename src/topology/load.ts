import { readFile, stat } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { parseDocument } from 'yaml'
import type { DocPath } from '../core/model.js'
import type { Diagnostic, LinePos } from './diagnostic.js'
import { isDefinitionsExport, parseDefinitionsExport } from './definitions-format.js'
import { createLineIndex } from './line-index.js'
import type { LoadedTopology } from './loaded-topology.js'
import { looksLikeAsyncApi, parseAsyncApi } from './asyncapi-format.js'
import { looksLikeOperatorManifests, parseOperatorManifests } from './operator-format.js'
import { parseYamlTopology } from './yaml-format.js'

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
}

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
  const full = isAbsolute(file) || options.cwd === undefined ? file : resolve(options.cwd, file)
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE
  let bytes: Uint8Array
  try {
    const st = await stat(full)
    if (st.isDirectory()) return failed(file, { rule: 'io/unreadable', severity: 'error', message: `${file} is a directory, not a topology file` })
    if (st.size > max) {
      return failed(file, {
        rule: 'io/too-large', severity: 'error',
        message: `${file} is ${formatSize(st.size)}, over the ${formatSize(max)} limit`,
        hint: 'raise the limit with --max-file-size (e.g. --max-file-size 100m) if the file is really a topology',
      })
    }
    bytes = await readFile(full)
    // a file that grew between stat and read (or a FIFO/device reporting size 0)
    if (bytes.byteLength > max) return failed(file, { rule: 'io/too-large', severity: 'error', message: `${file} is over the ${formatSize(max)} limit`, hint: 'raise the limit with --max-file-size' })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return failed(file, { rule: 'io/not-found', severity: 'error', message: `${file}: no such file` })
    return failed(file, { rule: 'io/unreadable', severity: 'error', message: `${file}: cannot read (${code ?? (err as Error).message})` })
  }
  return parseTopologyBytes(bytes, file, options)
}

/** Decodes bytes (UTF-8, strict) and loads them; binary or mis-encoded content is an io/* diagnostic. */
export function parseTopologyBytes(bytes: Uint8Array, file: string, options: Pick<LoadOptions, 'vhost'> = {}): LoadedTopology {
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
  return parseTopologyText(text, file, options)
}

/**
 * Loads a topology from text: a definitions export when the text is a JSON object shaped like one
 * (rabbit_version, exchanges as a list, ...), otherwise rmq-sim's YAML format (JSON written in our format is
 * YAML too). Never throws.
 */
export function parseTopologyText(text: string, file: string, options: Pick<LoadOptions, 'vhost'> = {}): LoadedTopology {
  try {
    return parseText(text, file, options)
  } catch (err) {
    // A safety net: every known failure is a diagnostic already; an unknown one must still not escape as a crash.
    const deep = err instanceof RangeError
    return failed(file, {
      rule: deep ? 'yaml/too-deep' : 'io/unreadable', severity: 'error',
      message: deep ? `${file} is nested too deeply to read` : `${file}: could not be read: ${(err as Error)?.message ?? String(err)}`,
    }, text)
  }
}

function parseText(text: string, file: string, options: Pick<LoadOptions, 'vhost'>): LoadedTopology {
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
      return jsonSyntaxError(body, file, parseError)
    }
  }
  // other formats a topology lives in, detected from their content (operator-format.ts, asyncapi-format.ts)
  if (looksLikeOperatorManifests(body)) return parseOperatorManifests(body, file)
  if (looksLikeAsyncApi(body)) { const asyncapi = parseAsyncApi(body, file); if (asyncapi !== undefined) return asyncapi }
  return parseYamlTopology(body, file)
}

/** A JSON syntax error with the best position we can get (V8 says "at position N" for most errors). */
function jsonSyntaxError(text: string, file: string, err: Error): LoadedTopology {
  const lineOf = createLineIndex(text)
  let offset: number | undefined
  const m = /at position (\d+)/.exec(err.message)
  if (m) offset = Number(m[1])
  else if (/end of JSON input/.test(err.message)) offset = text.length
  else if (text.length <= YAML_FALLBACK_LIMIT) offset = parseDocument(text).errors[0]?.pos[0]
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
