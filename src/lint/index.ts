// The linter's public surface (re-exported by src/index.ts).
export { lintTopology, locateNearest } from './lint-topology.js'
export { RULES, ruleInfo, ruleDocPath, type RuleInfo } from './catalogue.js'
export type { LintInput, Finding, DuplicateDeclaration } from './types.js'
