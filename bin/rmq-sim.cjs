#!/usr/bin/env node
// The CLI: the start-up bundle, through its code cache (dist/bundle/launch.cjs, built by scripts/bundle-cli.mjs).
require('../dist/bundle/launch.cjs').launch()
