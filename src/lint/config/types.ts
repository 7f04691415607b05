import type { Severity } from '../../topology/diagnostic.js'

/** What a rule is set to: a severity, or off (not reported at all). */
export type RuleLevel = 'off' | Severity

/** One rule's setting in a config file or on the command line. */
export interface RuleSetting {
  /** Default: the rule's own severity */
  readonly level?: RuleLevel
  /** Only for rules that declare options (catalogue RULE_OPTIONS). */
  readonly options?: Readonly<Record<string, unknown>>
}

/** An `overrides` entry: rule settings for files matching `files` and/or objects whose name matches `names`. */
export interface ConfigOverride {
  /** .gitignore-style globs relative to the config file's directory. Default: every file */
  readonly files?: readonly string[]
  /** Regular expressions (unanchored, as written) over object names. Default: every object */
  readonly names?: readonly string[]
  readonly rules: ReadonlyMap<string, RuleSetting>
}

/** A parsed, validated lint configuration (rmq-sim.config.yaml / .rmq-sim.yaml). */
export interface LintConfig {
  /** The config file, as found or given. */
  readonly file: string
  /** Globs in `ignore` and `overrides[].files` are relative to this directory. */
  readonly dir: string
  /** Default RabbitMQ version for files that name none. */
  readonly rabbitmq?: string
  readonly rules: ReadonlyMap<string, RuleSetting>
  readonly ignore: readonly string[]
  readonly overrides: readonly ConfigOverride[]
}

/** A problem in a config file, with its position (exit 2). */
export interface ConfigProblem {
  readonly message: string
  readonly line?: number
  readonly col?: number
}

/** The config names a rmq-sim config file can have, in lookup order within one directory. */
export const CONFIG_FILE_NAMES = ['rmq-sim.config.yaml', '.rmq-sim.yaml'] as const
