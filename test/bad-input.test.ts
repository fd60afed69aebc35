/**
 * Runs every row of the README's "Bad input" table: the input must be refused with exactly the message the
 * table shows (`…` standing for text that varies). The table is the test's data, so the docs and
 * the behaviour cannot drift apart.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, test } from "node:test";
import * as sweeplab from "../dist/index.js";
import type { SweepOptions } from "../dist/index.js";
import { settleThreads, threadCount } from "./parallel/threads.js";

const table = path.join(__dirname, "..", "README.md");
const HEADING = "## Bad input, and the message it gets";
const bin = path.join(__dirname, "..", "bin", "sweeplab.js");

interface Row {
  id: string;
  where: "API" | "CLI";
  input: string;
  message: string;
  line: number;
}

/** The rows of the table; a row that does not parse is an error, not a row skipped. */
export function parseTable(markdown: string): Row[] {
  const rows: Row[] = [];
  const lines = markdown.split("\n");
  const from = lines.indexOf(HEADING);
  if (from < 0) throw new Error(`${table} has no section "${HEADING}"`);
  const next = lines.findIndex((line, k) => k > from && line.startsWith("## "));
  lines.slice(from + 1, next < 0 ? undefined : next).forEach((text, j) => {
    const k = from + 1 + j;
    if (!text.startsWith("|") || /^\|\s*id\s*\|/.test(text) || /^\|[-\s|]+\|$/.test(text)) return;
    const cells = text
      .trim()
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replace(/\\\|/g, "|"));
    const [id, where, input, message] = cells;
    const code = /^`([^`]+)`$/.exec(input ?? "");
    const quoted = /^`` (.+) ``$/.exec(message ?? "");
    if (cells.length !== 4 || (where !== "API" && where !== "CLI") || !code || !quoted) {
      throw new Error(
        `${table}:${k + 1}: a row must be | id | API or CLI | \`input\` | \`\` message \`\` |, got: ${text}`,
      );
    }
    rows.push({ id, where, input: code[1], message: quoted[1], line: k + 1 });
  });
  return rows;
}

/** The message as a whole-string pattern, `…` matching any text. */
function pattern(message: string, prefix = ""): RegExp {
  const escaped = message.split("…").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${prefix}${escaped.join(".*?")}$`, "m");
}

const rows = parseTable(fs.readFileSync(table, "utf8"));

test("the table has at least 25 rows across the API and the CLI, with unique ids", () => {
  assert.ok(rows.length >= 25, `${rows.length} rows`);
  assert.ok(rows.filter((row) => row.where === "API").length >= 10);
  assert.ok(rows.filter((row) => row.where === "CLI").length >= 10);
  assert.equal(new Set(rows.map((row) => row.id)).size, rows.length, "ids are unique");
});

// ------------------------------------------------------------------------ API rows

const s = sweeplab.buildSweep({ nz: 4, nR: 3 });
const sweep = (options?: SweepOptions & Record<string, unknown>) =>
  sweeplab.parallelSolveOmega(s.N, s.gamma, s.Dnm, s.Gnm, s.OmegaNValues, s.tSpan, s.y0, options);
const names = Object.keys(sweeplab);
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
  test(`${row.id} (README.md:${row.line}) API: ${row.input}`, async () => {
    const threadsBefore = threadCount();
    const error = await thrownBy(row.input);
    assert.ok(
      error instanceof sweeplab.UsageError,
      `expected a UsageError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    assert.match(error.message, pattern(row.message));
    assert.equal(await settleThreads(threadsBefore), threadsBefore, "no worker left running");
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
  test(`${row.id} (README.md:${row.line}) CLI: ${row.input}`, async () => {
    const [program, ...args] = row.input.split(" ");
    assert.equal(program, "sweeplab");
    const resolved = args.map((arg) => arg.replace(/^(DONE|LOCKED|NOHEADER|FILE)(?=\/|$)/, (name) => places[name]));
    const { code, stderr } = await cli(resolved);
    assert.equal(code, 2, `exit code 2 for a usage error; stderr: ${stderr}`);
    assert.match(stderr, pattern(row.message, "sweeplab: "));
  });
}
