#!/usr/bin/env node
// Runs the compiled tests (dist-test/) whose sources exist in test/, one file at a time, on the Node
// that runs this script (so `npx -p node@22 node scripts/test.js` tests Node 22).
// Only tests with a source file run: a build never deletes dist-test, so a renamed test's old
// output may still be there.
//   node scripts/test.js            every test
//   node scripts/test.js --lib      without the notebook and browser tests (they need Jupyter) and the real-SLURM one
//   node scripts/test.js FILTER...  only test files whose path contains a FILTER
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.join(__dirname, "..");
const args = process.argv.slice(2);
const lib = args.includes("--lib");
const filters = args.filter((a) => a !== "--lib");
const needsJupyter = /^(notebook[\\/]notebooks|browser[\\/])/;
// the real-SLURM test checks the cluster scripts, not Node: CI runs it once, not on every Node
const onceOnly = /^cli[\\/]slurm-real/;

function testSources(dir, rel = "") {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const name = path.join(rel, entry.name);
    if (entry.isDirectory()) out.push(...testSources(dir, name));
    else if (entry.name.endsWith(".test.ts")) out.push(name);
  }
  return out.sort();
}

const files = testSources(path.join(root, "test"))
  .filter((file) => !(lib && (needsJupyter.test(file) || onceOnly.test(file))))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .map((file) => path.join("dist-test", file.replace(/\.ts$/, ".js")));
const missing = files.filter((file) => !fs.existsSync(path.join(root, file)));
if (missing.length > 0) {
  console.error(`not built: ${missing.join(", ")}: run npm run build first`);
  process.exit(1);
}
if (files.length === 0) {
  console.error(`no test file matches ${filters.join(" ")}`);
  process.exit(1);
}
const run = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...files], { cwd: root, stdio: "inherit" });
process.exit(run.status ?? 1);
