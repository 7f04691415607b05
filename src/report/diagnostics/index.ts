// Diagnostics presenters: pure functions from file reports to text.
export { formatStylish } from './stylish.js'
export { formatJson, toJsonReport, type JsonReport, type JsonDiagnostic, type JsonSuppressed } from './json.js'
export { formatGithub, escapeData, escapeProperty } from './github.js'
export { formatSarif, docsBaseFromPackage, type SarifOptions } from './sarif.js'
export { formatJunit } from './junit.js'
export { formatCheckstyle } from './checkstyle.js'
export { summarize, summaryText, type FileReport, type Summary } from './types.js'
