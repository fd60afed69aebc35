import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import * as vm from "node:vm";
import * as ts from "typescript";
import { LOADER, compileInput } from "../../dist/repl/compile.js";

const dist = path.join(__dirname, "..", "..", "dist");
const replJs = path.join(dist, "repl.js");
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "sweeplab-repl-"));
/** Strips terminal escapes (colours, cursor moves) and carriage returns from a pty's output. */
// eslint-disable-next-line no-control-regex -- terminal escape sequences are what this strips
const plain = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, "").replace(/\r/g, "");

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
/** A line of output that is `text` alone, after any prompts before it ("..." continues a line; Node 24 shows "|"). */
const answer = (text: string) => new RegExp(`^(?:sweeplab> |\\.\\.\\. |\\| )*${escape(text)}$`, "m");

/** The number of OS threads of a process (Linux: /proc/<pid>/status). */
function threadsOf(pid: number): number {
  const match = /Threads:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) : NaN;
}

/**
 * A REPL in a child process, driven through its stdin. `expect` waits for a pattern in what
 * arrived since the last `expect` on that stream, so each check reads the answer to its own line.
 */
class Session {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  private readonly text = { stdout: "", stderr: "" };
  private readonly seen = { stdout: 0, stderr: 0 };

  constructor(
    command: string,
    args: string[],
    readonly cwd: string,
  ) {
    this.child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: "1" } });
    this.child.stdout.on("data", (d) => (this.text.stdout += plain(String(d))));
    this.child.stderr.on("data", (d) => (this.text.stderr += plain(String(d))));
    this.exited = new Promise((resolve) => this.child.on("exit", resolve));
  }

  send(line: string, eol = "\n"): void {
    this.child.stdin.write(line + eol);
  }

  async expect(pattern: RegExp, stream: "stdout" | "stderr" = "stdout", timeoutMs = 15000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const fresh = this.text[stream].slice(this.seen[stream]);
      const match = pattern.exec(fresh);
      if (match) {
        this.seen[stream] += match.index + match[0].length;
        return fresh.slice(0, match.index + match[0].length);
      }
      if (Date.now() > end) {
        assert.fail(
          `no ${pattern} on ${stream} within ${timeoutMs} ms; got:\n${fresh}\n--- stderr:\n${this.text.stderr.slice(-2000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }
}

/** Waits until a process is back to `target` threads (terminated ones are reaped asynchronously). */
async function settleThreads(pid: number, target: number, timeoutMs = 3000): Promise<number> {
  const end = Date.now() + timeoutMs;
  let n = threadsOf(pid);
  while (n > target && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    n = threadsOf(pid);
  }
  return n;
}

test("a sweep typed at the prompt prints its results, progress goes to stderr once per job, a plot is a valid SVG file, .exit leaves with 0", async () => {
  const cwd = tmp();
  const repl = new Session(process.execPath, [replJs], cwd);
  try {
    const banner = await repl.expect(/sweeplab> /);
    assert.match(banner, /top-level await/);
    assert.match(banner, /const rep = await runSweep/);
    repl.send("const rep = await runSweep({ nz: 10, nR: 4 }, { workers: 2 })");
    repl.send("rep.rows.length");
    await repl.expect(answer("4"));
    const progress = await repl.expect(/4\/4 jobs.*\n/, "stderr");
    assert.equal(progress.match(/Solving ODE sweep: \d\/4 jobs/g)?.length, 4);

    repl.send("table(rep)");
    await repl.expect(/sz_mean[\s\S]*1\.2/);

    repl.send('show(physicsPlot(rep.rows), "physics")');
    const saved = path.join(cwd, "results", "repl-plots", "physics.svg");
    await repl.expect(new RegExp(`Saved ${escape(saved)}`));
    const svg = fs.readFileSync(saved, "utf8");
    assert.ok(svg.startsWith("<svg"), svg.slice(0, 80));
    assert.ok(svg.trimEnd().endsWith("</svg>"));
    const spec = JSON.parse(fs.readFileSync(path.join(cwd, "results", "repl-plots", "physics.vl.json"), "utf8"));
    assert.match(spec.$schema, /vega-lite/);

    repl.send(".exit");
    assert.equal(await repl.exited, 0);
  } finally {
    repl.stop();
  }
});

test("TypeScript with types, errors and a multi-line function at the prompt; the kit's errors print as one line", async () => {
  const repl = new Session(process.execPath, [replJs, "--plots", "figs"], tmp());
  try {
    await repl.expect(/sweeplab> /);
    repl.send("interface Point { x: number }");
    repl.send("function double(p: Point): number {");
    repl.send("  return 2 * p.x");
    repl.send("}");
    repl.send("const p: Point = { x: 21 }");
    repl.send("double(p)");
    await repl.expect(answer("42"));
    repl.send("const p: Point = { x: 1 }; double(p)"); // a declaration typed again replaces the old one, as a re-run cell does
    await repl.expect(answer("2"));
    repl.send('await runSweep("huge")');
    await repl.expect(/^(sweeplab> )*UsageError: `workload` must be one of "lecture", "heavy", got "huge"/m);
    repl.send("let = ;");
    await repl.expect(/SyntaxError: Expression expected/);
    // A notebook's imports, relative to notebooks/: its show() and tslab's display write files or print.
    repl.send(
      'import * as sl from "../dist"; import * as tslab from "tslab"; import { show } from "../../dist/notebook/display.js"',
    );
    repl.send("await show(physicsPlot([{ r: 0, sz_mean: -1, s2_abs: 0 }, { r: 1, sz_mean: 0, s2_abs: 0.5 }]))");
    await repl.expect(/Saved .*figs[\\/]plot-1\.svg \(spec: plot-1\.vl\.json\)/);
    repl.send('tslab.display.markdown(`**${sl.heavy.nz} atoms**`); tslab.display.svg("<svg/>")');
    await repl.expect(/^(?:sweeplab> )*\*\*200 atoms\*\*\nSaved .*figs[\\/]output-1\.svg$/m);
  } finally {
    repl.stop();
  }
});

test("SIGINT during a pooled sweep (stdin a pipe) stops it, terminates its workers and keeps the prompt", async () => {
  const repl = new Session(process.execPath, [replJs], tmp());
  try {
    await repl.expect(/sweeplab> /);
    // A first small sweep starts what stays (libuv's threads), so the count below is the baseline.
    repl.send("const warm = await runSweep({ nz: 10, nR: 4 }, { workers: 2 })");
    await repl.expect(/4\/4 jobs/, "stderr");
    await repl.expect(/sweeplab> /);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the warm-up's workers are reaped
    const before = threadsOf(repl.child.pid!);

    repl.send('const big = await runSweep("heavy", { workers: 2 })');
    await repl.expect(/1\/20 jobs/, "stderr");
    assert.ok(threadsOf(repl.child.pid!) >= before + 2, "two worker threads while the sweep runs");
    repl.child.kill("SIGINT");
    const stopped = await repl.expect(
      /SweepInterruptedError: sweep interrupted \(\w+(-\w)?\) after (\d+) of 20 jobs; every worker was terminated/,
    );
    // the line assigned nothing: the message says where the finished jobs are, and they are there
    const completed = Number(/after (\d+) of 20/.exec(stopped)![1]);
    await repl.expect(
      new RegExp(
        `^Hint: the ${completed} jobs? that finished (are|is) kept: last\\(\\)\\.rows and last\\(\\)\\.jobs hold them in job order`,
        "m",
      ),
    );
    repl.send("[last().completed, last().rows.filter((row) => row !== undefined).length, last().jobs.length]");
    await repl.expect(answer(`[ ${completed}, ${completed}, 20 ]`));

    repl.send("1 + 1");
    await repl.expect(answer("2"));
    repl.send("activePools()");
    await repl.expect(answer("0"));
    assert.ok((await settleThreads(repl.child.pid!, before)) <= before, "no worker thread left");

    repl.child.kill("SIGINT"); // at an idle prompt: the REPL's own Ctrl-C, not death
    await repl.expect(/To exit, press Ctrl\+C again/);
    repl.send("3 * 3");
    await repl.expect(answer("9"));
    repl.send(".exit");
    assert.equal(await repl.exited, 0);
  } finally {
    repl.stop();
  }
});

const hasScript = process.platform === "linux" && spawnSync("script", ["--version"]).status === 0;

test(
  "Ctrl-C typed in a terminal (a pty from util-linux script) stops a pooled sweep and keeps the prompt",
  { skip: !hasScript && "needs util-linux script" },
  async () => {
    // `script` runs its command through $SHELL, or /bin/sh when SHELL is unset (as in CI). dash then
    // stays as the REPL's parent in the terminal's process group, and Ctrl-C kills it (script then
    // reports 130 for it); `exec` makes node the terminal's process whatever the shell.
    const repl = new Session("script", ["-qfec", `exec ${process.execPath} ${replJs}`, "/dev/null"], tmp());
    try {
      await repl.expect(/sweeplab> /);
      // 2000 heavy jobs: still running when Ctrl-C comes, however fast the machine
      repl.send("const big = await runSweep({ ...heavy, nR: 2000 }, { workers: 2 })", "\r");
      // a pty has one stream: the bar comes with stdout; a redraw may skip a count, so any job done
      await repl.expect(/[1-9]\d*\/2000 jobs/);
      repl.send("\x03", "");
      await repl.expect(/SweepInterruptedError: sweep interrupted \(Ctrl-C\) after \d+ of 2000 jobs/);
      repl.send("1 + 1", "\r");
      await repl.expect(answer("2"));
      // Ctrl-C in the same keystroke burst as Enter: the line stops, or is dropped before it starts.
      repl.send('await runSweep("heavy", { workers: 2 })\r\x03', "");
      await repl.expect(
        /Interrupted: this line was not run \(Ctrl-C\)|SweepInterruptedError: sweep interrupted \(Ctrl-C\)/,
      );
      repl.send("3 * 3", "\r");
      await repl.expect(answer("9"));
      repl.send(".exit", "\r");
      assert.equal(await repl.exited, 0);
    } finally {
      repl.stop();
    }
  },
);

test("piped input runs line by line in order and ends at end of input with 0", () => {
  const input = [
    "const rep = await runSweep({ nz: 10, nR: 3 }, { workers: 2 })",
    "rep.rows.map((row) => row.r).join(' ')",
    "",
  ].join("\n");
  const res = spawnSync(process.execPath, [replJs], { cwd: tmp(), input, encoding: "utf8" });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /'0 0\.6 1\.2'/);
});

test("the linear right-hand side at the prompt: a workload field, no matrix, RK45 by default", () => {
  const input = [
    'const s = buildSweep({ nz: 20000, nR: 2, rhs: "linear" })',
    "[s.Gnm, s.solveOptions.method].join(' ')",
    'const rep = await runSweep({ nz: 20000, nR: 2, rhs: "linear" }, { sequential: true })',
    "rep.rows[1].sz_mean > -1",
    "",
  ].join("\n");
  const res = spawnSync(process.execPath, [replJs], { cwd: tmp(), input, encoding: "utf8" });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /' RK45'/);
  assert.match(res.stdout, /true/);
});

test("the library loads without typescript: only the REPL needs it", () => {
  const probe = `for (const m of ["index", "lessons"]) require(${JSON.stringify(dist)} + "/" + m + ".js");
    process.stdout.write(String(Object.keys(require.cache).some((k) => /[\\\\/]node_modules[\\\\/]typescript[\\\\/]/.test(k))));`;
  const res = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stdout, "false");
});

/** Runs compiled inputs one after another in one fresh context, as the prompt does. */
function runner(globals: Record<string, unknown> = {}) {
  const context = vm.createContext({ ...globals });
  return async (input: string): Promise<unknown> => {
    const compiled = compileInput(ts, input);
    assert.equal(compiled.kind, "code", JSON.stringify(compiled));
    return await vm.runInContext((compiled as { code: string }).code, context);
  };
}

test("compileInput: declarations become globals that later inputs see and may declare again", async () => {
  const run = runner();
  await run("const x: number = 40");
  assert.equal(await run("x + 2"), 42);
  await run("const x = 1; let [a, { b }] = [2, { b: 3 }]");
  assert.equal(await run("x + a + b"), 6);
  await run("class Counter { n = 5 }");
  assert.equal(await run("new Counter().n"), 5);
  assert.equal(await run("enum Mode { Seq, Pool }; Mode.Pool"), 1);
  assert.equal(await run("const y = 1"), undefined, "a declaration's value is undefined, as in Node's REPL");
  assert.equal(JSON.stringify(await run("{ a: 1 }")), '{"a":1}');
});

test("compileInput: top-level await runs in an async wrapper whose value is the last expression's", async () => {
  const compiled = compileInput(ts, "const v = await Promise.resolve(41)");
  assert.ok(compiled.kind === "code" && compiled.async);
  const run = runner();
  await run("const v = await Promise.resolve(41)");
  assert.equal(await run("v + 1"), 42);
  assert.equal(await run("await null; function later() { return 7 }; later()"), 7);
  assert.equal(await run("later()"), 7, "a function declared beside an await stays global");
  const inner = compileInput(ts, "const f = async () => { await 0; return 1 }");
  assert.ok(inner.kind === "code" && !inner.async, "an await inside a function does not wrap the input");
});

test("compileInput: imports go through the REPL's loader; type-only imports vanish", async () => {
  const loader = {
    require: (id: string) => ({ m: { a: 1, b: 2 }, n: { __esModule: true, default: "d" }, o: { z: 26 } })[id],
    importDefault: (mod: { __esModule?: boolean; default?: unknown }) => (mod.__esModule ? mod.default : mod),
  };
  const run = runner({ [LOADER]: loader });
  await run('import { a, b as c } from "m"; import d from "n"; import * as ns from "o"; import type { T } from "p"');
  assert.equal(await run("[a, c, d, ns.z].join()"), "1,2,d,26");
});

test("compileInput: an unfinished input asks for more lines; a broken one names the problem and where", () => {
  for (const input of ["function f() {", "const s = `abc", "runSweep(", "1 +"]) {
    assert.equal(compileInput(ts, input).kind, "incomplete", input);
  }
  const broken = compileInput(ts, "let = ;\n");
  assert.equal(broken.kind, "error");
  assert.match((broken as { message: string }).message, /Expression expected\. \(line 1, column 7\)/);
});

// ---------------------------------------------------------------- the mistakes students make

/** Pipes `lines` into a REPL in a new folder; returns its exit status, output and folder. */
function piped(lines: string[], cwd = tmp()) {
  const res = spawnSync(process.execPath, [replJs], { cwd, input: lines.join("\n") + "\n", encoding: "utf8" });
  return { ...res, cwd };
}

test("sl and lab are preloaded under the notebooks' names: a notebook cell pastes as it is", () => {
  const res = piped([
    "const rep = await sl.runSweep({ nz: 10, nR: 3 }, { workers: 2 })",
    "rep.rows.length",
    "console.log(lab.formatRows(lab.jobRows(rep.jobs)).split('\\n')[0])",
  ]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, answer("3"));
  assert.match(res.stdout, /job +r +worker/);
  assert.match(res.stderr, /Solving ODE sweep: 3\/3 jobs/, "sl.runSweep is the prompt's, with a bar");
});

test("a forgotten await gets a hint naming the promise; onJob: false runs without a bar", () => {
  const res = piped([
    "const rep = runSweep({ nz: 10, nR: 3 }, { onJob: false })",
    "rep.rows.length",
    "rep.rows",
    "const rep = await rep",
    "rep.rows.length",
  ]);
  const hint = "Hint: rep is a Promise: did you forget await?";
  assert.match(
    res.stdout,
    new RegExp(`TypeError: Cannot read properties of undefined \\(reading 'length'\\)\\n[\\s\\S]*?${escape(hint)}`),
  );
  assert.equal(
    res.stdout.split(hint).length - 1,
    2,
    "after the failed line and after the line that came out undefined",
  );
  assert.match(res.stdout, answer("3"), "`const rep = await rep` keeps its value");
  assert.doesNotMatch(res.stderr, /Solving ODE sweep/, "onJob: false shows no bar");
});

test("show(report) is a usage error of one line; table() rounds as the notebooks' tables do", () => {
  const res = piped([
    "const rep = await runSweep({ nz: 10, nR: 4 }, { onJob: false })",
    "show(rep)",
    "table(rep)",
    "show(runSweep('lecture'))",
  ]);
  assert.match(
    res.stdout,
    /^(sweeplab> )*UsageError: show\(spec, name\) draws a Vega-Lite spec, got a sweep report: pass a plot, e.g. show\(physicsPlot\(rep\.rows\)\)/m,
  );
  assert.ok(res.stdout.length < 4000, `no report printed whole (${res.stdout.length} characters)`);
  assert.match(res.stdout, /^(sweeplab> )*\s*r\s+sz_mean\s+s2_abs$/m);
  assert.match(res.stdout, /^\s*0\.4\s+-0\.7\d{3}\s+0\.4\d{3}$/m, "r = 0.4 and 4 significant digits");
  assert.doesNotMatch(res.stdout, /0\.39999|\d\.\d{6,}/);
  assert.match(res.stdout, /UsageError: show\(spec\) got a Promise: did you forget await\?/);
});

test("unnamed plots number on from the last session's instead of overwriting them", () => {
  const cwd = tmp();
  const plots = path.join(cwd, "results", "repl-plots");
  fs.mkdirSync(plots, { recursive: true });
  fs.writeFileSync(path.join(plots, "plot-2.svg"), "<svg/>");
  const spec = "physicsPlot([{ r: 0, sz_mean: -1, s2_abs: 0 }, { r: 1, sz_mean: 0, s2_abs: 0.5 }])";
  const res = piped([`show(${spec})`, `show(${spec})`], cwd);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /Saved .*plot-3\.svg[\s\S]*Saved .*plot-4\.svg/);
  assert.equal(fs.readFileSync(path.join(plots, "plot-2.svg"), "utf8"), "<svg/>", "the earlier plot is kept");
});

test("a file piped into the REPL exits 1 when a line failed, after running the others", () => {
  const res = piped(["1 + 1", "undefinedName.x", "2 + 2"]);
  assert.equal(res.status, 1, res.stdout);
  assert.match(res.stdout, answer("4"), "the lines after the failed one still run");
  assert.match(res.stderr, /sweeplab repl: 1 line\(s\) failed/);
  assert.equal(piped(["1 + 1"]).status, 0);
});

test("the REPL's own flags: a near miss is named, --plots needs a folder (exit 2)", () => {
  const cases: [string[], RegExp][] = [
    [["--plot", "figs"], /^sweeplab repl: unknown argument "--plot": did you mean --plots\?$/m],
    [["--plots"], /^sweeplab repl: `--plots` must name a folder, got none: e\.g\. --plots results\/figs$/m],
    [["--plots="], /^sweeplab repl: `--plots` must name a folder, got "": e\.g\. --plots results\/figs$/m],
  ];
  for (const [args, message] of cases) {
    const res = spawnSync(process.execPath, [replJs, ...args], { cwd: tmp(), encoding: "utf8", input: "" });
    assert.equal(res.status, 2, args.join(" "));
    assert.match(res.stderr, message);
  }
});
