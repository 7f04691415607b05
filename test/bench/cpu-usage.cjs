// Preloaded (node --require) into a CLI run by the benchmark: at exit, writes the process's own CPU time
// (user + system, microseconds) to stderr as one line `cpu-usage <user> <system>`.
const { writeSync } = require('node:fs')
process.on('exit', () => {
  const u = process.cpuUsage()
  writeSync(2, `cpu-usage ${u.user} ${u.system}\n`)
})
