#!/usr/bin/env node
// The `sweeplab` command: the compiled CLI (run `npm run build` first when working from a clone).
require("../dist/cli/main.js")
  .cli(process.argv.slice(2))
  .then((code) => (process.exitCode = code));
