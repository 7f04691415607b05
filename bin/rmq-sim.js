#!/usr/bin/env node
// The same CLI as bin/rmq-sim.cjs (package.json "bin"), for `node bin/rmq-sim.js`: an ES module entry costs a
// little more start-up than a CommonJS one.
import './rmq-sim.cjs'
