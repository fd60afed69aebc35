/**
 * Driving JupyterLab's page as a student does, with playwright-core: the file browser, the menu
 * bar, the notebook's kernel indicator. What the page drew is read from the DOM and, for each
 * chart, from its Vega view (window.jupyterapp, exposed by LabServer).
 */
import type { Page } from "playwright-core";

/** One cell as the page shows it. */
export interface ShownCell {
  index: number;
  type: string;
  /** "[3]:" ran, "[*]:" running or queued, "[ ]:" never ran */
  prompt: string;
  tags: string[];
  /** a line of its code runs past the cell's right edge (cut off, with a scrollbar) */
  cutOff: boolean;
  outputs: { mime?: string; text: string; marks?: number }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Clicks a menu of the menu bar, then one of its items (by its exact label). */
export async function menu(page: Page, top: string, item: string): Promise<void> {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: new RegExp(`^${top}$`) }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: new RegExp(`^${item}$`) }).click();
}

/** Opens a notebook by double-clicking it in the file browser; waits for its kernel to be idle. */
export async function openNotebook(page: Page, name: string, timeoutMs = 120_000): Promise<void> {
  await page.locator(".jp-DirListing-item", { hasText: name }).first().dblclick();
  await page.locator(`.jp-NotebookPanel .jp-Notebook`).first().waitFor({ timeout: timeoutMs });
  // the status bar names the kernel once it is connected: "TypeScript | Idle"
  await page
    .locator(".jp-StatusBar-TextItem", { hasText: /TypeScript \| Idle/ })
    .first()
    .waitFor({ timeout: timeoutMs });
  await waitIdle(page, timeoutMs);
}

/**
 * Run > Run All Cells, clicked again if no cell has started 30 s later (a menu click can land
 * before the notebook has taken the focus), then waits for the kernel to be idle.
 */
export async function runAllCells(page: Page, timeoutMs: number): Promise<void> {
  const started = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt")).some(
        (p) => !/^\[ \]:$/.test(p.textContent?.trim() ?? ""),
      ),
    );
  for (let attempt = 0; attempt < 2; attempt++) {
    await menu(page, "Run", "Run All Cells");
    for (let waited = 0; waited < 30_000 && !(await started()); waited += 250) await sleep(250);
    if (await started()) break;
  }
  await waitIdle(page, timeoutMs);
}

/** The current notebook's execution indicator says idle and no cell shows [*], twice 500 ms apart. */
export async function waitIdle(page: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  while (calm < 2) {
    if (Date.now() > deadline) throw new Error(`the kernel was still busy after ${timeoutMs / 1000} s`);
    const idle = await page.evaluate(() => {
      const current = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)");
      if (!current) return false;
      const status = document.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status");
      const running = Array.from(current.querySelectorAll(".jp-InputPrompt")).some((p) => p.textContent?.includes("*"));
      return status === "idle" && !running;
    });
    calm = idle ? calm + 1 : 0;
    await sleep(500);
  }
}

/**
 * Every cell of the current notebook as drawn, once each chart has drawn (or failed) and the page
 * holds still: Vega draws after its output arrives, then adds a PNG of itself to the output, which
 * redraws that output (for a moment the cell shows none). So a chart counts as pending until its
 * view exists or its output shows an error, and the cells are read until two reads 250 ms apart
 * agree, for at most `timeoutMs`.
 */
export async function shownCells(page: Page, timeoutMs = 30_000): Promise<ShownCell[]> {
  const deadline = Date.now() + timeoutMs;
  let previous = "";
  for (;;) {
    const { cells, pending } = await page.evaluate(readCells);
    const now = JSON.stringify(cells);
    if ((!pending && now === previous) || Date.now() > deadline) return cells;
    previous = now;
    await sleep(250);
  }
}

/** Runs in the page: reads the current notebook's cells (see ShownCell). */
function readCells(): { cells: ShownCell[]; pending: boolean } {
  type View = { scenegraph(): { root: Mark } };
  type Mark = { marktype?: string; role?: string; items?: Mark[] };
  type Renderer = { node: HTMLElement; renderModel?: unknown; _result?: { view?: View } };
  type OutputWidget = { node: HTMLElement; widgets?: Renderer[] };
  type CellWidget = {
    node: HTMLElement;
    model: { type: string; getMetadata?(key: string): unknown };
    outputArea?: { widgets: OutputWidget[] };
  };
  const app = (
    window as unknown as { jupyterapp: { shell: { currentWidget: { content: { widgets: CellWidget[] } } } } }
  ).jupyterapp;
  // the chart's own marks (role "mark"), not its axes, legend or frame
  const countMarks = (mark: Mark): number =>
    (mark.items ?? []).reduce(
      (n, item) =>
        n +
        (mark.marktype === "group"
          ? (item.items ?? []).reduce((k, c) => k + countMarks(c), 0)
          : mark.role === "mark"
            ? 1
            : 0),
      0,
    );
  let pending = false;
  const cells = app.shell.currentWidget.content.widgets.map((cell, index) => {
    const scroller = cell.node.querySelector(".cm-scroller");
    const outputs = (cell.outputArea?.widgets ?? []).map((panel) => {
      const renderer = (panel.widgets ?? []).find((w) => "renderModel" in w);
      const node = renderer?.node ?? panel.node;
      // JupyterLab's Vega renderer leaves out the data-mime-type its other renderers set
      const vega = node.classList.contains("jp-RenderedVegaCommon5");
      const mime = node.getAttribute("data-mime-type") ?? (vega ? "application/vnd.vegalite" : undefined);
      const text = (node.textContent ?? "").slice(0, 400);
      if (!vega) return { mime, text };
      const view = renderer?._result?.view;
      if (!view && !/Error/.test(text)) pending = true;
      return { mime, text, marks: view ? countMarks(view.scenegraph().root) : 0 };
    });
    const tags = cell.model.getMetadata?.("tags");
    return {
      index,
      type: cell.model.type,
      prompt: cell.node.querySelector(".jp-InputPrompt")?.textContent?.trim() ?? "",
      tags: Array.isArray(tags) ? (tags as string[]) : [],
      cutOff: cell.model.type === "code" && !!scroller && scroller.scrollWidth > scroller.clientWidth + 1,
      outputs,
    };
  });
  return { cells, pending };
}

/** What is wrong with a notebook as shown, one line each. */
export function problems(name: string, cells: ShownCell[], options: { cutOff: boolean }): string[] {
  return cells
    .filter((cell) => cell.type === "code")
    .flatMap((cell) => {
      const at = `${name} cell ${cell.index}`;
      const found: string[] = [];
      if (cell.prompt.includes("*")) found.push(`${at} is still running ([*])`);
      else if (!/\[\d+\]/.test(cell.prompt)) found.push(`${at} never ran (${cell.prompt || "no prompt"})`);
      if (options.cutOff && cell.cutOff) found.push(`${at}: a code line runs past the cell's right edge (cut off)`);
      cell.outputs.forEach((o, i) => {
        // tslab reports a failed cell on stderr, not with an error message
        if (o.mime === "application/vnd.jupyter.error" || o.mime === "application/vnd.jupyter.stderr") {
          found.push(`${at} output ${i} is an error: ${o.text}`);
        }
        if (/Javascript Error/.test(o.text)) found.push(`${at} output ${i} shows "${o.text}"`);
        if (o.marks === 0) found.push(`${at} output ${i}: a chart with no marks`);
      });
      if (cell.tags.includes("plot") && !cell.outputs.some((o) => (o.marks ?? 0) > 0)) {
        found.push(
          `${at}: a plot cell, but no chart drew (it shows ${cell.outputs.map((o) => o.mime).join(", ") || "nothing"})`,
        );
      }
      return found;
    });
}

/**
 * A PNG of the whole notebook: the viewport grows to the notebook's height, the notebook scrolls
 * to its top, and the page is shot once JupyterLab has laid it out again.
 */
export async function screenshotNotebook(page: Page, file: string): Promise<void> {
  const size = page.viewportSize()!;
  const scroller = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer";
  const extra = await page.evaluate((selector) => {
    const node = document.querySelector(selector);
    return node ? node.scrollHeight - node.clientHeight : 0;
  }, scroller);
  // Chromium draws at most 16384 px in one go
  await page.setViewportSize({ width: size.width, height: Math.min(16_000, size.height + Math.max(0, extra) + 40) });
  try {
    await page
      .waitForFunction(
        (selector) => {
          const node = document.querySelector(selector);
          if (!node) return true;
          node.scrollTop = 0;
          return node.scrollHeight <= node.clientHeight + 1 || node.clientHeight >= 15_000;
        },
        scroller,
        { timeout: 10_000 },
      )
      .catch(() => undefined); // a notebook taller than Chromium can shoot: its top part
    await sleep(300);
    await page.screenshot({ path: file });
  } finally {
    await page.setViewportSize(size);
  }
}
