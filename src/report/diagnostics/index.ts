// Diagnostics presenters: pure functions from file reports to text.
export { formatStylish } from './stylish.js'
export { formatJson, toJsonReport, type JsonReport, type JsonDiagnostic } from './json.js'
export { formatGithub, escapeData, escapeProperty } from './github.js'
export { formatSarif, type SarifOptions } from './sarif.js'
export { summarize, summaryText, type FileReport, type Summary } from './types.js'
