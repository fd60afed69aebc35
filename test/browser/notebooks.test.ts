/**
 * The notebooks as JupyterLab 4 shows them: run through a real Jupyter server on the tslab kernel
 * and drawn in headless Chromium by JupyterLab's own output area and renderers (the page is
 * test/browser/page.ts). JupyterLab's application itself is not installable here (toolchain.md);
 * its front-end packages are, and they are what draws a cell's outputs.
 *
 * For each notebook: every cell runs without error, every Vega-Lite output draws marks, every
 * `plot` cell shows a chart (not just its SVG or text) and carries the SVG for other viewers, and
 * the charts draw again from the saved outputs with no kernel. Also: "Interrupt Kernel" through
 * the server stops a pooled sweep and the kernel runs the next cell; a spec sent as a JSON string
 * shows an error while `show()`'s object draws; and the check itself catches a broken notebook.
 *
 * Screenshots and executed notebooks go to $SWEEPLAB_BROWSER_OUT (default: a temp folder):
 * NN-Title.live.png, NN-Title.saved.png, NN-Title.ipynb. `npm run notebooks:browser -- DIR` sets it.
 * $SWEEPLAB_BROWSER_NOTEBOOKS="01,03" runs only the notebooks whose names contain one of those.
 *
 * Needs /usr/bin/chromium and Debian's python3-jupyter-server. Without them the tests skip,
 * except under CI=true (or SWEEPLAB_BROWSER_REQUIRED=1), where they fail and name the packages.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { bundlePage } from "./bundle";
import { JupyterServer } from "./jupyter-server";

// Compiled to dist-test/browser/notebooks.test.js: the repository is two levels up.
const root = path.resolve(__dirname, "..", "..");
const chromiumPath = process.env.SWEEPLAB_CHROMIUM ?? "/usr/bin/chromium";
const python = process.env.SWEEPLAB_PYTHON ?? "/usr/bin/python3";
const kernelName = "tslab";
const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
const minutes = 60_000;
const required = process.env.CI === "true" || process.env.SWEEPLAB_BROWSER_REQUIRED === "1";

/** Why the check cannot run here, or undefined when it can. */
function missingTools(): string | undefined {
  const missing: string[] = [];
  if (!existsSync(chromiumPath)) missing.push(`chromium (no ${chromiumPath})`);
  if (spawnSync(python, ["-c", "import jupyter_server"], { stdio: "ignore" }).status !== 0) {
    missing.push(`python3-jupyter-server (${python} cannot import jupyter_server)`);
  }
  if (missing.length === 0) return undefined;
  return `missing ${missing.join(" and ")}: apt-get install -y --no-install-recommends chromium python3-jupyter-server`;
}

/** One cell's result as page.ts reports it. */
interface CellResult {
  index: number;
  ms: number;
  error?: string;
  outputs: { mime?: string; marks?: number; text?: string }[];
  problems: string[];
}
interface Notebook {
  cells: { cell_type: string; source: string | string[]; outputs?: unknown[]; metadata?: { tags?: string[] } }[];
}
type CellReply = {
  status: string;
  ms: number;
  text: string;
  outputs: CellResult["outputs"];
  finishedBeforeInterrupt?: boolean;
};

/** Calls one of page.ts's functions on `window.sweeplab`. */
function call<T>(page: Page, name: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([name, args]) =>
      (globalThis as unknown as { sweeplab: Record<string, (...a: unknown[]) => Promise<unknown>> }).sweeplab[name](
        ...args,
      ),
    [name, args] as const,
  ) as Promise<T>;
}

/** Every failure among a notebook's cells, one line each (with the cell's output on an error). */
function failures(name: string, results: CellResult[]): string[] {
  return results.flatMap((r) => [
    ...(r.error ? [`${name} cell ${r.index} failed: ${r.error}`] : []),
    ...r.problems.map((p) => `${name} cell ${r.index}: ${p}`),
  ]);
}

/**
 * Plot cells whose saved outputs lack what other viewers draw: each needs one output carrying the
 * Vega-Lite spec as an object and its SVG (for nbconvert's HTML and GitHub), as show() sends them.
 */
function missingFallbacks(name: string, notebook: Notebook): string[] {
  return notebook.cells.flatMap((cell, index) => {
    if (cell.cell_type !== "code" || !cell.metadata?.tags?.includes("plot")) return [];
    const bundles = (cell.outputs ?? []).map((o) => (o as { data?: Record<string, unknown> }).data ?? {});
    const ok = bundles.some(
      (data) => typeof data[VEGALITE_MIME] === "object" && typeof data["image/svg+xml"] === "string",
    );
    return ok ? [] : [`${name} cell ${index}: no output carries both the Vega-Lite spec (an object) and its SVG`];
  });
}

const unavailable = missingTools();
const only = process.env.SWEEPLAB_BROWSER_NOTEBOOKS?.split(",").filter(Boolean) ?? [];
const notebooks = readdirSync(path.join(root, "notebooks"))
  .filter((f) => f.endsWith(".ipynb") && (only.length === 0 || only.some((part) => f.includes(part))))
  .sort();

if (unavailable && required) {
  it("has Chromium and a Jupyter server for the browser check", () => assert.fail(unavailable));
} else {
  describe("notebooks in the browser, drawn by JupyterLab's renderers", { skip: unavailable ?? false }, () => {
    const out = path.resolve(
      process.env.SWEEPLAB_BROWSER_OUT ?? mkdtempSync(path.join(tmpdir(), "sweeplab-browser-out-")),
    );
    let work: string;
    let server: JupyterServer;
    let browser: Browser;
    let page: Page;
    const live = new Set<string>(); // notebooks whose live run wrote its .ipynb to `out`

    before(async () => {
      mkdirSync(out, { recursive: true });
      work = mkdtempSync(path.join(tmpdir(), "sweeplab-browser-"));
      const installed = spawnSync(process.execPath, [path.join(root, "scripts", "install-kernel.js")], {
        env: { ...process.env, SWEEPLAB_PYTHON: python },
        encoding: "utf8",
      });
      assert.equal(installed.status, 0, `registering the tslab kernel failed:\n${installed.stderr}`);
      const staticDir = path.join(work, "static");
      await bundlePage(path.join(staticDir, "sweeplab"));
      const jupyterPath = path.join(root, ".jupyter", "share", "jupyter"); // where install-kernel.js wrote the spec
      server = await JupyterServer.start({ python, root, staticDir, jupyterPath, work });
      const { chromium } = await import("playwright-core");
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
        ],
      });
      page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
      await page.goto(`${server.url}static/sweeplab/index.html`);
      await call(page, "connect", server.url, server.token);
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
      console.log(`browser check: screenshots and executed notebooks in ${out}`);
    });

    it(
      "shows a Vega-Lite spec sent as a JSON string as an error, and draws show()'s spec object",
      { timeout: 2 * minutes },
      async () => {
        const spec = JSON.stringify({
          data: {
            values: [
              { x: 1, y: 2 },
              { x: 2, y: 3 },
            ],
          },
          mark: "point",
          encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
        });
        await call(page, "openKernel", kernelName, "notebooks/browser-check-display.ipynb");
        try {
          // tslab's public display sends one mime type, its data a string: what show() must not do.
          const raw = `tslab.display.raw("application/vnd.vegalite.v5+json", ${JSON.stringify(spec)});`;
          const asString = await call<CellReply>(page, "runCell", `import * as tslab from "tslab";\n${raw}`);
          assert.equal(asString.status, "ok");
          assert.match(
            asString.outputs[0]?.text ?? "",
            /Javascript Error/,
            "a JSON string spec should fail in JupyterLab's Vega renderer",
          );
          const typed = `const spec: Parameters<typeof sl.show>[0] = ${spec};`;
          const shown = await call<CellReply>(
            page,
            "runCell",
            `import * as sl from "../dist";\n${typed}\nawait sl.show(spec);`,
          );
          assert.equal(shown.status, "ok", shown.text);
          assert.equal(shown.outputs.length, 1, "show() sends one output");
          assert.equal(shown.outputs[0].mime, VEGALITE_MIME);
          assert.equal(shown.outputs[0].marks, 2, "the two points are drawn");
        } finally {
          await page.screenshot({ path: path.join(out, "display-regression.png"), fullPage: true });
          await call(page, "closeKernel");
        }
      },
    );

    it(
      "catches what it must: a failing cell, a chart that errors, a plot cell showing only its SVG",
      { timeout: 2 * minutes },
      async () => {
        const code = (source: string, tags: string[] = []) => ({
          cell_type: "code",
          source,
          metadata: { tags },
          outputs: [],
        });
        const broken: Notebook = {
          cells: [
            code(
              'import * as tslab from "tslab";\ntslab.display.svg(\'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9" height="9"/></svg>\');',
              ["plot"],
            ),
            code('tslab.display.raw("application/vnd.vegalite.v5+json", JSON.stringify({ mark: "point" }));'),
            code('throw new Error("this cell fails");'),
            code("1 + 1"),
          ],
        };
        const run = await call<{ results: CellResult[] }>(
          page,
          "runNotebook",
          "notebooks/browser-check-broken.ipynb",
          broken,
          kernelName,
        );
        const found = failures("broken", run.results);
        assert.equal(run.results.length, 3, "the run stops at the failing cell");
        assert.match(found.join("\n"), /cell 0: a plot cell, but no Vega-Lite chart drew \(it shows image\/svg\+xml\)/);
        assert.match(found.join("\n"), /cell 1: output 0 shows "Javascript Error/);
        assert.match(found.join("\n"), /cell 2 failed: error: .*this cell fails/s);
      },
    );

    for (const name of notebooks) {
      const base = name.replace(/\.ipynb$/, "");
      it(`${name} runs live: no cell fails, every chart draws`, { timeout: 5 * minutes }, async (t) => {
        const notebook = JSON.parse(readFileSync(path.join(root, "notebooks", name), "utf8")) as Notebook;
        const started = Date.now();
        const run = await call<{ results: CellResult[]; notebook: Notebook }>(
          page,
          "runNotebook",
          `notebooks/${name}`,
          notebook,
          kernelName,
        );
        t.diagnostic(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s live, ${run.results.length} code cells`);
        await page.screenshot({ path: path.join(out, `${base}.live.png`), fullPage: true });
        // As JupyterLab would save it: the live outputs, including the PNG the Vega renderer adds.
        writeFileSync(path.join(out, name), JSON.stringify(run.notebook, null, 1) + "\n");
        live.add(name);
        assert.deepEqual([...failures(name, run.results), ...missingFallbacks(name, run.notebook)], []);
      });

      it(`${name} from saved outputs: every chart draws again`, { timeout: 2 * minutes }, async (t) => {
        if (!live.has(name)) return t.skip("the live run did not finish");
        const saved = JSON.parse(readFileSync(path.join(out, name), "utf8")) as Notebook;
        const shown = await call<{ results: CellResult[] }>(page, "renderSaved", `notebooks/${name}`, saved);
        await page.screenshot({ path: path.join(out, `${base}.saved.png`), fullPage: true });
        assert.deepEqual(failures(name, shown.results), []);
        const charts = shown.results.flatMap((r) => r.outputs).filter((o) => o.marks).length;
        t.diagnostic(`${name}: ${charts} chart(s) drawn from saved outputs`);
      });
    }

    it(
      "Interrupt Kernel through the server stops a pooled sweep, and the kernel runs the next cell",
      { timeout: 3 * minutes },
      async (t) => {
        // The thread count (as test/notebooks/interrupt_kernel.py reads it): the pool's workers are gone after the interrupt.
        const count = `const status = await fs.promises.readFile("/proc/self/status", "utf8");\nconsole.log(Number(/^Threads:\\s+(\\d+)/m.exec(status)![1]));`;
        const threads = (reply: CellReply) => Number(reply.text.trim().split("\n").pop());
        await call(page, "openKernel", kernelName, "notebooks/browser-check-interrupt.ipynb");
        try {
          assert.equal(
            (await call<CellReply>(page, "runCell", 'import * as sl from "../dist";\nimport * as fs from "fs";'))
              .status,
            "ok",
          );
          const before = threads(await call<CellReply>(page, "runCell", count));
          // the heavy workload on a pool of 2 runs for several seconds: it is interrupted after 2 s
          const sweep = await call<CellReply>(
            page,
            "runCell",
            'const report = await sl.runSweep("heavy", { workers: 2, chunksize: 1 });',
            2000,
          );
          assert.equal(
            sweep.finishedBeforeInterrupt,
            false,
            "the sweep finished within 2 s, before the interrupt: give it more work",
          );
          assert.notEqual(sweep.status, "ok", "the interrupted cell should not reply ok");
          t.diagnostic(
            `interrupted cell replied ${sweep.status} after ${(sweep.ms / 1000).toFixed(1)} s: ${sweep.text.split("\n")[0]}`,
          );
          await new Promise((resolve) => setTimeout(resolve, 500)); // tslab aborts requests arriving within 200 ms of a failed cell
          const next = await call<CellReply>(page, "runCell", "1 + 1");
          assert.equal(next.status, "ok");
          assert.equal(next.text.trim(), "2");
          let after = threads(await call<CellReply>(page, "runCell", count));
          for (let tries = 0; after > before && tries < 20; tries++) {
            await new Promise((resolve) => setTimeout(resolve, 500));
            after = threads(await call<CellReply>(page, "runCell", count));
          }
          assert.ok(after <= before, `threads: ${before} before the sweep, still ${after} after the interrupt`);
        } finally {
          await page.screenshot({ path: path.join(out, "interrupt.png"), fullPage: true });
          await call(page, "closeKernel");
        }
      },
    );
  });
}
