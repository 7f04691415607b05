#!/usr/bin/env node
// The start-up bundle of the CLI (scripts/bundle-cli.mjs); dist/cli/ holds the same code as separate modules.
import '../dist/bundle/main.js'
