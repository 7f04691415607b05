// Lint configuration: parse (pure), resolve per file, apply to findings. Finding the file on disk is the CLI's job.
export { parseLintConfig } from './parse-config.js'
export { resolveSettings, applySettings, ruleOptionsOf, type FileSettings, type GlobTest } from './resolve.js'
export { objectNameIndex } from './object-names.js'
export { ruleIdProblem, RULE_LEVELS } from './rule-ids.js'
export { CONFIG_FILE_NAMES, type LintConfig, type RuleSetting, type RuleLevel, type ConfigProblem } from './types.js'
