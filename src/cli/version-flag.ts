import { parseVersion, rulesFor, type VersionRules } from '../core/versions.js'
import { UsageError } from './io.js'

/**
 * The RabbitMQ rules named by `--rabbitmq`, checked before any file is read. Throws UsageError (exit 2).
 * Its own module so that commands without a topology (explain <pattern>) do not load the YAML parser.
 */
export function rulesFromFlag(flag: string | undefined): VersionRules | undefined {
  if (flag === undefined) return undefined
  const parsed = parseVersion(flag)
  if (!parsed.ok) throw new UsageError(`--rabbitmq: ${parsed.message}`)
  return rulesFor(flag)
}
