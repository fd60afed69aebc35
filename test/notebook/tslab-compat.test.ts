/**
 * What sweeplab uses of tslab beyond its public API is still there (src/notebook/tslab-compat.ts).
 * A failure here means a tslab upgrade removed it: read the message, then fix tslab-compat.ts
 * before changing the pinned version.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { TSLAB_VERSION, holdKernelInterrupt, isKernelInterruptListener } from "../../dist/notebook/tslab-compat.js";

const root = path.join(__dirname, "..", "..");
const tslabDir = path.dirname(require.resolve("tslab/package.json"));

test("tslab is pinned exactly to the version the compat file was written against", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  assert.equal(
    pkg.devDependencies.tslab,
    TSLAB_VERSION,
    `package.json pins tslab ${pkg.devDependencies.tslab}, tslab-compat.ts was checked against ${TSLAB_VERSION}: pin it exactly`,
  );
  const installed = (JSON.parse(fs.readFileSync(path.join(tslabDir, "package.json"), "utf8")) as { version: string })
    .version;
  assert.equal(installed, TSLAB_VERSION, `node_modules holds tslab ${installed}: run npm ci`);
});

test("tslab's jupyter module still exports lastWriteDisplayData, set before each cell", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jupyter = require("tslab/dist/jupyter.js") as Record<string, unknown>;
  assert.ok(
    "lastWriteDisplayData" in jupyter,
    "tslab/dist/jupyter.js no longer exports lastWriteDisplayData: show() would fall back to one SVG per figure " +
      "(no interactive chart in JupyterLab); find the new display_data writer and update displayWriter()",
  );
  const source = fs.readFileSync(path.join(tslabDir, "dist", "jupyter.js"), "utf8");
  assert.match(
    source,
    /exports\.lastWriteDisplayData = writeDisplayData;/,
    "tslab no longer sets lastWriteDisplayData per cell: update displayWriter() in tslab-compat.ts",
  );
});

test("tslab's SIGINT listener is still the one that calls executor.interrupt()", () => {
  const source = fs.readFileSync(path.join(tslabDir, "dist", "main.js"), "utf8");
  const listener = /process\.on\("SIGINT", (\(\) => \{\s*executor\.interrupt\(\);\s*\})\);/.exec(source);
  assert.ok(
    listener,
    'tslab/dist/main.js no longer installs `process.on("SIGINT", () => { executor.interrupt(); })`: ' +
      "lab.sweep could not hold it off and an interrupted sweep would print tslab's stack trace; update holdKernelInterrupt()",
  );
  assert.ok(isKernelInterruptListener(new Function(`return ${listener[1]}`)() as () => void));
});

test("holdKernelInterrupt takes only tslab's listener off, and puts it back", () => {
  const executor = { interrupt: () => undefined };
  // the same source as tslab's listener
  const kernelListener = new Function("executor", "return () => { executor.interrupt(); }")(executor) as () => void;
  const other = () => undefined;
  process.on("SIGINT", kernelListener);
  process.on("SIGINT", other);
  try {
    const release = holdKernelInterrupt();
    assert.ok(!process.listeners("SIGINT").includes(kernelListener));
    assert.ok(process.listeners("SIGINT").includes(other));
    release();
    release(); // twice is harmless
    assert.equal(process.listeners("SIGINT").filter((l) => l === kernelListener).length, 1);
  } finally {
    process.off("SIGINT", kernelListener);
    process.off("SIGINT", other);
  }
});
