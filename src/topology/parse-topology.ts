import { dispatchTopologyText, decodeTopologyBytes, type TextOptions } from './load.js'
import type { LoadedTopology } from './loaded-topology.js'
import * as yamlFormat from './yaml-family.js'

// The synchronous loaders, for library users who have the text already. They import the YAML parser up front;
// the CLI goes through loadTopologyFile, which imports it only for YAML files (load.ts).

/**
 * Loads a topology from text: a definitions export when the text is a JSON object shaped like one
 * (rabbit_version, exchanges as a list, ...), otherwise rmq-sim's YAML format (JSON written in our format is
 * YAML too). Never throws.
 */
export function parseTopologyText(text: string, file: string, options: TextOptions = {}): LoadedTopology {
  return dispatchTopologyText(text, file, options, yamlFormat)
}

/** Decodes bytes (UTF-8, strict) and loads them; binary or mis-encoded content is an io/* diagnostic. */
export function parseTopologyBytes(bytes: Uint8Array, file: string, options: TextOptions = {}): LoadedTopology {
  const text = decodeTopologyBytes(bytes, file)
  return typeof text === 'string' ? parseTopologyText(text, file, options) : text
}
