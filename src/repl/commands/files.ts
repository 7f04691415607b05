import { readFileSync, realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import { ioErrorWords } from '../../topology/io-error-words.js'
import { writeFileAtomic } from '../../topology/write-file.js'
import type { ReplSession } from '../session.js'
import type { ParsedArgs } from '../parse-args.js'

/**
 * `save [file] [--force]`: the live topology as YAML that loads again. Without a file, updates the YAML the
 * session was loaded from (comments kept where entities still exist); a definitions export or the demo needs
 * a path (asked for in a terminal). Never overwrites another existing file without --force; atomic write.
 */
export async function saveCommand(s: ReplSession, a: ParsedArgs): Promise<boolean> {
  const force = a.flags.get('force') === true
  const src = s.source
  let target = a.positionals[0]
  if (target === undefined) {
    if (src.file !== undefined && src.format === 'yaml' && !src.demo) target = src.file
    else {
      const why = src.demo ? 'the topology is the bundled demo' : src.file === undefined ? 'the topology has no file' : 'the topology came from a definitions export (JSON)'
      if (!s.prompter) return s.fail(`save: ${why}: give a file to write, e.g. save topology.yaml`)
      const answer = await s.prompter.input(`Save as (${why})`, { default: 'topology.yaml' })
      if (answer === undefined || answer.trim() === '') return s.fail('save: cancelled')
      target = answer.trim()
    }
  }
  if (target === '') return s.fail('save: the file name is empty')
  const path = resolve(s.cwd, target)
  const sameAsSource = src.file !== undefined && samePath(path, src.file)
  const updateInPlace = sameAsSource && src.format === 'yaml' && !src.demo
  const topology = s.broker.topology()
  // Loaded on first save: the YAML writer is not needed to start the shell.
  const { topologyToYaml, updateYamlDocument } = await import('../../topology/write-yaml.js')
  let text: string
  if (updateInPlace) {
    let original: string
    try {
      original = readFileSync(path, 'utf8')
    } catch (e) {
      return s.fail(`save: cannot read ${target} to update it: ${ioErrorWords(e)}`)
    }
    text = updateYamlDocument(original, topology)
  } else {
    text = topologyToYaml(topology)
  }
  // Through a symlink to its target, keeping the file's mode; the existence check and the write are one step.
  const written = writeFileAtomic(path, text, force || updateInPlace)
  if (!written.ok) {
    return s.fail(written.reason === 'exists'
      ? `save: ${target} exists and is not the file this topology came from; add --force to overwrite it`
      : `save: ${written.message}`)
  }
  s.savedTo(path)
  const shown = relative(s.cwd, path)
  s.print(s.c.green(`saved ${shown !== '' && !shown.startsWith('..') && !isAbsolute(shown) ? shown : path}${updateInPlace ? ' (updated in place, comments kept)' : ''}`))
  return true
}

function samePath(a: string, b: string): boolean {
  if (a === b) return true
  try {
    return realpathSync(a) === realpathSync(b)
  } catch {
    return false
  }
}

/** `load <file> [--vhost v]`: a new topology, a fresh broker. */
export async function loadCommand(s: ReplSession, a: ParsedArgs): Promise<boolean> {
  const file = a.positionals[0]!
  const vhost = a.values.get('vhost')
  const loaded = await s.services.loadTopology(file, vhost !== undefined ? { vhost } : {})
  s.replace(loaded)
  s.print(s.banner())
  return true
}

/** `reset`: back to the topology as loaded, no messages, clock at 0. */
export function resetCommand(s: ReplSession): boolean {
  s.replace(s.source)
  s.print(s.c.yellow('reset: topology reloaded, every message, consumer and change discarded, clock at t=0s'))
  return true
}
