#!/usr/bin/env node
// The `sweeplab` command: the compiled CLI. A clone builds it on `npm install` (the `prepare`
// script); if dist/ is missing anyway (installed with --ignore-scripts, or deleted by `npm run
// clean`), say how to build it instead of printing Node's "Cannot find module" stack.
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const main = path.join(root, "dist", "cli", "main.js");
if (!fs.existsSync(main)) {
  process.stderr.write(
    `sweeplab: not built yet (${main} is missing): ` +
      `run \`npm run build\` in ${root}, then run this command again\n`,
  );
  process.exit(1);
}
require(main)
  .cli(process.argv.slice(2))
  .then((code) => (process.exitCode = code));
