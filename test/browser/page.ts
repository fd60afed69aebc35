/**
 * The browser side of test/browser/notebooks.test.ts: a page built from JupyterLab's own front-end
 * packages that runs notebook cells on a Jupyter server's kernel and draws their outputs as
 * JupyterLab 4 does (OutputArea, the standard renderers, the Vega 5 extension).
 *
 * Bundled by esbuild (not by tsc: it needs the DOM and ES modules); the test drives it through
 * `window.sweeplab` with Playwright. Every function returns plain data for the test to assert on.
 */
import { KernelManager, ServerConnection, SessionManager, type Kernel, type KernelMessage } from "@jupyterlab/services";
import { RenderMimeRegistry, standardRendererFactories } from "@jupyterlab/rendermime";
import { marked } from "marked";
import { OutputArea, OutputAreaModel } from "@jupyterlab/outputarea";
import vegaExtension, { RenderedVega } from "@jupyterlab/vega5-extension";
import type { Widget } from "@lumino/widgets";
import "@jupyterlab/outputarea/style/index.css";
import "@jupyterlab/vega5-extension/style/index.css";
import "./page.css";

const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

/** An nbformat 4 cell, as much of it as the page reads and writes. */
interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[] };
  outputs?: unknown[];
  execution_count?: number | null;
}

/** What one cell showed: the test fails on `error` and on `problems`. */
interface CellResult {
  index: number;
  ms: number;
  /** The execute reply's status and the cell's text output, when the cell failed. */
  error?: string;
  /** Each rendered output: which renderer JupyterLab picked, and whether a chart drew. */
  outputs: { mime: string | undefined; marks?: number; text?: string }[];
  problems: string[];
}

let sessions: SessionManager | undefined;
/** JupyterLab parses Markdown with marked too (its markedparser extension); here without its extras. */
const markdownParser = { render: async (source: string) => await marked.parse(source) };
const rendermime = new RenderMimeRegistry({
  initialFactories: [
    ...standardRendererFactories,
    { ...vegaExtension.rendererFactory, defaultRank: vegaExtension.rank },
  ],
  markdownParser,
});

const text = (source: string | string[]) => (Array.isArray(source) ? source.join("") : source);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects to the Jupyter server; the token travels as a header and, for websockets, in the URL. */
function connect(baseUrl: string, token: string): void {
  const serverSettings = ServerConnection.makeSettings({ baseUrl, token, appendToken: true });
  sessions = new SessionManager({ serverSettings, kernelManager: new KernelManager({ serverSettings }) });
}

/**
 * Starts a kernel the way JupyterLab opens a notebook: a session for the notebook's path, so the
 * server starts the kernel in the notebook's folder (where `import ... from "../dist"` resolves).
 * Shutting the session down shuts its kernel down.
 */
async function startKernel(name: string, path: string) {
  if (!sessions) throw new Error("call connect() first");
  const session = await sessions.startNew({ path, name: path, type: "notebook", kernel: { name } });
  const kernel = session.kernel!;
  await kernel.info; // the kernel answered kernel_info: it is ready to execute
  return { kernel, shutdown: () => session.shutdown() };
}

/** A cell's frame on the page: its number and source, then an output area. */
function addCell(host: HTMLElement, cell: Cell, model: OutputAreaModel): OutputArea {
  const frame = document.createElement("section");
  frame.className = `sl-cell sl-${cell.cell_type}`;
  const source = document.createElement("pre");
  source.className = "sl-source";
  source.textContent = text(cell.source);
  frame.append(source);
  host.append(frame);
  const area = new OutputArea({ model, rendermime });
  // Lumino widgets attach through their node; the page has no application shell to attach to.
  frame.append(area.node);
  area.node.classList.add("sl-outputs");
  return area;
}

/** The Vega view behind a drawn chart (vega-embed's result, kept in a private field). */
function vegaView(renderer: Widget): { container(): HTMLElement | null; scenegraph(): { root: unknown } } | undefined {
  const result = (renderer as unknown as { _result?: { view: ReturnType<typeof vegaView> } })._result;
  return result?.view;
}

/** Items of the chart's own marks (role "mark"), not axes, legends or the frame. */
function countMarks(mark: { marktype?: string; role?: string; items?: unknown[] }): number {
  let count = 0;
  for (const item of (mark.items ?? []) as { items?: unknown[] }[]) {
    if (mark.marktype === "group") {
      for (const child of (item.items ?? []) as (typeof mark)[]) count += countMarks(child);
    } else if (mark.role === "mark") {
      count += 1;
    }
  }
  return count;
}

/**
 * Waits until every chart in the area has drawn for good, then describes each output.
 * The Vega extension draws, adds an image/png to the output, and that change draws the chart
 * again: a chart is settled once its output holds the PNG and its current view is in the page.
 */
async function settle(area: OutputArea, timeoutMs = 30_000): Promise<CellResult["outputs"]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const outputs: CellResult["outputs"] = [];
    let pending = false;
    area.widgets.forEach((panel, i) => {
      const renderer = (panel as Widget & { widgets?: readonly Widget[] }).widgets?.find((w) => "renderModel" in w);
      const node = renderer?.node ?? panel.node;
      const model = area.model.get(i);
      const shown: CellResult["outputs"][number] = {
        // the renderer OutputArea picked, by the same rule it uses
        mime: rendermime.preferredMimeType(model.data, model.trusted ? "any" : "ensure"),
        text: node.textContent?.slice(0, 300) ?? "",
      };
      if (renderer instanceof RenderedVega) {
        const view = vegaView(renderer);
        const container = view?.container();
        const drawn = container && renderer.node.contains(container) && "image/png" in model.data;
        if (!drawn && !/Error/.test(node.textContent ?? "")) pending = true;
        shown.marks = drawn ? countMarks(view!.scenegraph().root as never) : 0;
      }
      outputs.push(shown);
    });
    if (!pending || performance.now() > deadline) return outputs;
    await sleep(100);
  }
}

/** What is wrong with a cell's rendered outputs, as a person would see it. */
function problemsOf(outputs: CellResult["outputs"], isPlot: boolean): string[] {
  const problems: string[] = [];
  outputs.forEach((o, i) => {
    if (/Javascript Error/.test(o.text ?? "")) problems.push(`output ${i} shows "${o.text}"`);
    if (o.mime === VEGALITE_MIME && !o.marks) problems.push(`output ${i}: the Vega-Lite chart drew no marks`);
  });
  if (isPlot && !outputs.some((o) => o.mime === VEGALITE_MIME && o.marks)) {
    const shown = outputs.map((o) => o.mime).join(", ") || "nothing";
    problems.push(`a plot cell, but no Vega-Lite chart drew (it shows ${shown})`);
  }
  return problems;
}

/** A fresh page section for one notebook, with its name as a heading. */
function notebookHost(title: string): HTMLElement {
  document.body.replaceChildren();
  const heading = document.createElement("h1");
  heading.textContent = title;
  const host = document.createElement("main");
  document.body.append(heading, host);
  return host;
}

/** Runs one code cell on the kernel into an output area; resolves with the execute reply. */
async function execute(kernel: Kernel.IKernelConnection, area: OutputArea, code: string) {
  const future = kernel.requestExecute({ code, stop_on_error: true });
  area.future = future; // OutputArea handles iopub exactly as in JupyterLab (display ids, clear_output)
  return (await future.done) as KernelMessage.IExecuteReplyMsg;
}

/**
 * Runs a notebook's code cells in order on a new kernel, stopping at the first error as
 * "Run All" does. Returns each cell's result and the notebook with its live outputs, as
 * JupyterLab would save it.
 */
async function runNotebook(path: string, notebook: { cells: Cell[] }, kernelName: string) {
  const title = path.split("/").pop()!;
  const host = notebookHost(`${path} (live)`);
  const { kernel, shutdown } = await startKernel(kernelName, path);
  const results: CellResult[] = [];
  try {
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== "code") {
        addMarkdown(host, cell);
        continue;
      }
      const model = new OutputAreaModel({ trusted: true }); // outputs of a cell the user ran are trusted
      const area = addCell(host, cell, model);
      const start = performance.now();
      const reply = await execute(kernel, area, text(cell.source));
      const outputs = await settle(area);
      const result: CellResult = { index, ms: performance.now() - start, outputs, problems: [] };
      cell.outputs = model.toJSON();
      cell.execution_count = reply.content.execution_count ?? null;
      console.log(`${title} cell ${index}: ${reply.content.status} in ${Math.round(result.ms)} ms`);
      results.push(result);
      if (reply.content.status !== "ok") {
        result.error = `${reply.content.status}: ${area.node.textContent?.slice(0, 2000)}`;
        break;
      }
      result.problems = problemsOf(outputs, cell.metadata?.tags?.includes("plot") ?? false);
    }
  } finally {
    await shutdown();
  }
  return { results, notebook };
}

/** Markdown cells rendered as JupyterLab renders them (marked); raw cells shown as their source. */
function addMarkdown(host: HTMLElement, cell: Cell): void {
  const node = document.createElement(cell.cell_type === "markdown" ? "div" : "pre");
  node.className = `sl-cell sl-${cell.cell_type}`;
  if (cell.cell_type === "markdown") node.innerHTML = marked.parse(text(cell.source), { async: false });
  else node.textContent = text(cell.source);
  host.append(node);
}

/**
 * Draws a notebook's saved outputs with no kernel, as on reopening it. Untrusted, as a notebook
 * JupyterLab has not signed is (the Vega renderer is marked safe, so it draws either way).
 */
async function renderSaved(title: string, notebook: { cells: Cell[] }) {
  const host = notebookHost(`${title} (saved outputs)`);
  const results: CellResult[] = [];
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== "code") {
      addMarkdown(host, cell);
      continue;
    }
    const model = new OutputAreaModel({ values: (cell.outputs ?? []) as never, trusted: false });
    const start = performance.now();
    const outputs = await settle(addCell(host, cell, model));
    const isPlot = cell.metadata?.tags?.includes("plot") ?? false;
    results.push({ index, ms: performance.now() - start, outputs, problems: problemsOf(outputs, isPlot) });
  }
  return { results };
}

/** The kernel of `openKernel`, kept between calls so the test can run cells on it one by one. */
let scratch: { kernel: Kernel.IKernelConnection; shutdown(): Promise<void>; host: HTMLElement } | undefined;

/** `path` is a notebook path relative to the server's root: the kernel starts in its folder. */
async function openKernel(kernelName: string, path: string): Promise<void> {
  scratch = { ...(await startKernel(kernelName, path)), host: notebookHost(path) };
}

/**
 * Runs one cell on the kernel of `openKernel` and reports its reply status, its text (streams and
 * results) and what each output drew. `interruptAfterMs` interrupts it through the server
 * (POST /api/kernels/<id>/interrupt) as JupyterLab's "Interrupt Kernel" does.
 */
async function runCell(code: string, interruptAfterMs?: number) {
  if (!scratch) throw new Error("call openKernel() first");
  const model = new OutputAreaModel({ trusted: true });
  const area = addCell(scratch.host, { cell_type: "code", source: code }, model);
  const start = performance.now();
  const done = execute(scratch.kernel, area, code);
  let finishedBeforeInterrupt: boolean | undefined;
  if (interruptAfterMs !== undefined) {
    finishedBeforeInterrupt = await Promise.race([done.then(() => true), sleep(interruptAfterMs).then(() => false)]);
    await scratch.kernel.interrupt();
  }
  const reply = await done;
  const outputs = await settle(area);
  const shown = model.toJSON().map((o) => {
    if (o.output_type === "stream") return text(o.text as string | string[]);
    const data = o.data as Record<string, unknown> | undefined;
    return String(data?.["text/plain"] ?? "");
  });
  return {
    status: reply.content.status,
    ms: performance.now() - start,
    text: shown.join(""),
    outputs,
    finishedBeforeInterrupt,
  };
}

async function closeKernel(): Promise<void> {
  await scratch?.shutdown();
  scratch = undefined;
}

declare global {
  interface Window {
    sweeplab: unknown;
  }
}
window.sweeplab = { connect, runNotebook, renderSaved, openKernel, runCell, closeKernel };
