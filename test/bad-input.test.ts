/**
 * Runs every row of docs/errors.md, the bad-input tables: the input must be refused with exactly the
 * message the row shows (`…` standing for text that varies). The tables are the test's data, so the
 * docs and the behaviour cannot drift apart.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, test } from "node:test";
import * as core from "../dist/index.js";
import * as lab from "../dist/lab.js";
import type { SweepOptions } from "../dist/index.js";
import { assertThreadsBack, threadCount } from "./parallel/threads.js";

const table = path.join(__dirname, "..", "docs", "errors.md");
const bin = path.join(__dirname, "..", "bin", "sweeplab.js");
const repl = path.join(__dirname, "..", "dist", "repl.js");

type Where = "API" | "CLI" | "REPL";
/** The section (a `## ` heading of docs/errors.md) each kind of row belongs under. */
const SECTIONS: Record<Where, string> = { API: "## API functions", CLI: "## Command line", REPL: "## REPL" };

interface Row {
  id: string;
  where: Where;
  input: string;
  message: string;
  line: number;
}

/** The rows of every table; a row that does not parse, or sits in the wrong section, is an error, not a row skipped. */
export function parseTable(markdown: string): Row[] {
  const rows: Row[] = [];
  let section = "";
  markdown.split("\n").forEach((text, k) => {
    if (text.startsWith("## ")) section = text.trim();
    if (!text.startsWith("|") || /^\|\s*id\s*\|/.test(text) || /^\|[-\s|]+\|$/.test(text)) return;
    const cells = text
      .trim()
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replace(/\\\|/g, "|"));
    const [id, where, input, message] = cells;
    const code = /^`([^`]+)`$/.exec(input ?? "");
    const quoted = /^`` (.+) ``$/.exec(message ?? "");
    if (cells.length !== 4 || !Object.hasOwn(SECTIONS, where) || !code || !quoted) {
      throw new Error(
        `${table}:${k + 1}: a row must be | id | API, CLI or REPL | \`input\` | \`\` message \`\` |, got: ${text}`,
      );
    }
    const kind = where as Where;
    if (section !== SECTIONS[kind] || !id.startsWith(kind[0])) {
      throw new Error(
        `${table}:${k + 1}: row ${id} (${kind}) must sit under "${SECTIONS[kind]}" with an id starting ${kind[0]}, found under "${section}"`,
      );
    }
    rows.push({ id, where: kind, input: code[1], message: quoted[1], line: k + 1 });
  });
  return rows;
}

/** The message as a whole-string pattern, `…` matching any text. */
function pattern(message: string, prefix = ""): RegExp {
  const escaped = message.split("…").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${prefix}${escaped.join(".*?")}$`, "m");
}

const rows = parseTable(fs.readFileSync(table, "utf8"));

test("the tables have at least 25 rows across the API, the CLI and the REPL, with unique ids", () => {
  assert.ok(rows.length >= 25, `${rows.length} rows`);
  assert.ok(rows.filter((row) => row.where === "API").length >= 10);
  assert.ok(rows.filter((row) => row.where === "CLI").length >= 10);
  assert.ok(rows.filter((row) => row.where === "REPL").length >= 2);
  assert.equal(new Set(rows.map((row) => row.id)).size, rows.length, "ids are unique");
});

// ------------------------------------------------------------------------ API rows

/** Everything sweeplab exports, from both entries (`sweeplab` and `sweeplab/lab`): a row may call any of it. */
const sweeplab = { ...lab, ...core };
const s = sweeplab.buildSweep({ nz: 4, nR: 3 });
const sweep = (options?: SweepOptions & Record<string, unknown>) =>
  sweeplab.parallelSolveOmega(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, options);
// `s` and `sweep` are the rows' own helpers (the lab entry's notebook `sweep` is not a row's)
const names = Object.keys(sweeplab).filter((name) => name !== "s" && name !== "sweep");
const scope = names.map((name) => (sweeplab as Record<string, unknown>)[name]);

/** Evaluates an API row's input; resolves to what it threw or rejected with. */
async function thrownBy(input: string): Promise<unknown> {
  const evaluate = new Function(...names, "s", "sweep", `"use strict"; return (${input});`);
  try {
    await evaluate(...scope, s, sweep);
  } catch (error) {
    return error;
  }
  return undefined;
}

for (const row of rows.filter((r) => r.where === "API")) {
  test(`${row.id} (errors.md:${row.line}) API: ${row.input}`, async () => {
    // read as is (a settled count would cost each of the ~180 rows 50 ms): the check asks only for no more threads after
    const threadsBefore = threadCount();
    const error = await thrownBy(row.input);
    assert.ok(
      error instanceof sweeplab.UsageError,
      `expected a UsageError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    assert.match(error.message, pattern(row.message));
    await assertThreadsBack(threadsBefore, "no worker left running");
  });
}

// ------------------------------------------------------------------------ CLI rows

const work = fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-bad-input-"));
const places: Record<string, string> = {
  DONE: path.join(work, "done"),
  LOCKED: path.join(work, "locked"),
  NOHEADER: path.join(work, "no-header"),
  FILE: path.join(work, "a-file"),
};

before(() => {
  fs.writeFileSync(places.FILE, "");
  for (const place of [places.DONE, places.LOCKED]) {
    const done = spawnSync(process.execPath, [bin, "sweep", "--nz", "4", "--n-r", "3", "--quiet", "--out", place], {
      encoding: "utf8",
    });
    assert.equal(done.status, 0, done.stderr);
  }
  // a sweep that is still running: this test's own process
  fs.writeFileSync(
    path.join(places.LOCKED, ".lock"),
    JSON.stringify({ pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() }),
  );
  fs.mkdirSync(places.NOHEADER);
  fs.writeFileSync(path.join(places.NOHEADER, "jobs.jsonl"), '{"index":0,"r":0}\n');
});

/** Runs the CLI in an empty folder; resolves to its exit code and stderr. */
function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const cwd = fs.mkdtempSync(path.join(work, "cwd-"));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    // a CLI that hangs (as `--out /proc/...` once did, deaf to SIGTERM) fails its row instead of the run
    const timer = setTimeout(() => child.kill("SIGKILL"), 60000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

for (const row of rows.filter((r) => r.where === "CLI")) {
  test(`${row.id} (errors.md:${row.line}) CLI: ${row.input}`, async () => {
    const [program, ...args] = row.input.split(" ");
    assert.equal(program, "sweeplab");
    const resolved = args.map((arg) => arg.replace(/^(DONE|LOCKED|NOHEADER|FILE)(?=\/|$)/, (name) => places[name]));
    const { code, stderr } = await cli(resolved);
    assert.equal(code, 2, `exit code 2 for a usage error; stderr: ${stderr}`);
    assert.match(stderr, pattern(row.message, "sweeplab: "));
  });
}

// ------------------------------------------------------------------------ REPL rows

/**
 * Types one line at the REPL's prompt (in an empty folder); resolves to what it printed. The exit code is
 * not checked here: piped input that failed may end the REPL with a non-zero code.
 */
function typed(line: string): Promise<{ output: string }> {
  const cwd = fs.mkdtempSync(path.join(work, "repl-"));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [repl], { cwd, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60000);
    child.on("error", reject);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve({ output });
    });
    child.stdin.end(`${line}\n`);
  });
}

for (const row of rows.filter((r) => r.where === "REPL")) {
  test(`${row.id} (errors.md:${row.line}) REPL: ${row.input}`, async () => {
    const { output } = await typed(row.input);
    assert.match(output, pattern(row.message, "(?:sweeplab> )*"), `the prompt printed:\n${output}`);
    assert.doesNotMatch(output, /^\s+at .*:\d+:\d+\)?$/m, "a kit error prints no stack trace");
  });
}
