// The README and docs/: the five-line example runs as a student pastes it (a .mjs, .js or .cjs
// file, the REPL) and prints its known answers, the README stays short enough to read first, and
// every relative link points at a file (and heading) that exists.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

const root = path.join(__dirname, "..");
const MAX_README_BYTES = 12 * 1024;

/** The README's five lines, as a student copies them. */
function fiveLines(): string {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const block = /## Five lines, with a known answer\n+```ts\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, "the README has a ts block under 'Five lines, with a known answer'");
  assert.equal(block[1].trim().split("\n").length, 5);
  return block[1];
}

/** Checks what the five lines printed: the first row of the lecture sweep, then sz(1) twice. */
function assertPrinted(output: string, how: string): void {
  assert.match(output, /^\{ r: 0, sz_mean: -1, s2_abs: 0 \}$/m, `${how}: the first row\n${output}`);
  const decay = /^(-?\d\.\d+) (-?\d\.\d+)$/m.exec(output);
  assert.ok(decay, `${how}: two numbers on one line\n${output}`);
  assert.ok(Math.abs(Number(decay[1]) - Number(decay[2])) < 1e-6, `${how}: ${decay[0]}`);
  assert.ok(Math.abs(Number(decay[2]) - (-1 + 2 * Math.exp(-1))) < 1e-12, `${how}: ${decay[0]}`);
}

/** Runs `code` as the file `name` in the repository's folder, where the README tells a student to put it. */
function runAsFile(name: string, code: string): string {
  const file = path.join(root, `.readme-${process.pid}-${name}`);
  fs.writeFileSync(file, code);
  try {
    const run = spawnSync(process.execPath, [file], { cwd: root, encoding: "utf8", timeout: 120_000 });
    assert.equal(run.status, 0, `node ${name} failed:\n${run.stderr}`);
    return run.stdout;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Node parses a .js file with `import` as a module when the package names no type: from 20.19 and 22.12 on. */
function detectsModules(): boolean {
  const [major, minor] = process.versions.node.split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19) || major === 21;
}

test("the README's five lines run pasted into a .mjs file (and a .js one) in the repository's folder", () => {
  assertPrinted(runAsFile("five.mjs", fiveLines()), "five.mjs");
  if (detectsModules()) assertPrinted(runAsFile("five.js", fiveLines()), "five.js");
});

test("the README's CommonJS form of the five lines runs as a .cjs file", () => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8").replace(/\s*\n\s*/g, " ");
  const first = /`(const \{ runSweep, solveSystemProp \} = require\("[^"]+"\);)`/.exec(readme);
  const wrapper = /`(\(async \(\) => \{) \.\.\. (\}\)\(\);)`/.exec(readme);
  assert.ok(first && wrapper, "the README gives the require line and the async wrapper of a .cjs file");
  const [, ...rest] = fiveLines().trim().split("\n");
  const code = [first[1], wrapper[1], ...rest, wrapper[2]].join("\n");
  assertPrinted(runAsFile("five.cjs", code), "five.cjs");
});

test("the README's five lines run pasted at the prompt of npm run repl", () => {
  const run = spawnSync(process.execPath, [path.join(root, "dist", "repl.js")], {
    cwd: root,
    input: fiveLines() + ".exit\n",
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  assert.equal(run.status, 0, `the prompt exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
  assertPrinted(run.stdout.replace(/^(sweeplab> )+/gm, ""), "npm run repl");
});

test(`the README is at most ${MAX_README_BYTES} bytes and opens with the two commands`, () => {
  const readme = fs.readFileSync(path.join(root, "README.md"));
  assert.ok(
    readme.length <= MAX_README_BYTES,
    `README.md is ${readme.length} bytes, over ${MAX_README_BYTES}: move details to docs/ and link them`,
  );
  const opening = /^# sweeplab\n+```sh\n(.*)\n(.*)\n```/.exec(readme.toString("utf8"));
  assert.ok(opening, "the README opens with a sh block of two lines");
  assert.match(opening[1], /^npm install && npm start\s/);
  assert.match(opening[2], /^npm test\s/);
});

/** The Markdown files checked for links: the README and every page of docs/. */
const pages = [
  "README.md",
  ...fs
    .readdirSync(path.join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => path.join("docs", name)),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchors(file: string): Set<string> {
  const text = fs.readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

/** Relative links of a Markdown text, outside code: [text](target). */
function links(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/i.test(t));
}

test("slug follows GitHub's heading anchors", () => {
  assert.equal(slug("Exit codes"), "exit-codes");
  assert.equal(
    slug("Benchmarks: `npm run bench`, and dated measured runs"),
    "benchmarks-npm-run-bench-and-dated-measured-runs",
  );
  assert.equal(slug("2026-11-24: workload costs"), "2026-11-24-workload-costs");
});

/**
 * Pages other work writes (docs/cluster.md: the cluster set-up): a link to one is excused while the
 * page is absent, and checked like any other once it exists.
 */
const PENDING = new Set(["docs/cluster.md"]);

test("every relative link in README.md and docs/*.md points at a file, and at a heading there", () => {
  const broken: string[] = [];
  for (const page of pages) {
    const from = path.join(root, page);
    for (const target of links(fs.readFileSync(from, "utf8"))) {
      const [file, anchor] = target.split("#");
      const to = file ? path.resolve(path.dirname(from), file) : from;
      if (!fs.existsSync(to) && PENDING.has(path.relative(root, to).split(path.sep).join("/"))) continue;
      if (!fs.existsSync(to)) broken.push(`${page}: ${target} (no file ${path.relative(root, to)})`);
      else if (anchor && to.endsWith(".md") && !anchors(to).has(anchor))
        broken.push(`${page}: ${target} (no heading #${anchor})`);
    }
  }
  assert.deepEqual(broken, []);
});

test("the README links every page of docs/", () => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const linked = new Set(links(readme).map((target) => target.split("#")[0]));
  const expected = ["cli.md", "cluster.md", "physics.md", "benchmarks.md", "errors.md", "architecture.md", "style.md"];
  const pagesOfDocs = new Set([...expected, ...pages.filter((p) => p.startsWith("docs")).map((p) => path.basename(p))]);
  for (const page of pagesOfDocs) assert.ok(linked.has(`docs/${page}`), `README.md links docs/${page}`);
});

/** Source files (src/, test/, scripts/, examples/) that may cite a document. */
function citingFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "output" ? [] : citingFiles(rel);
    return /\.(ts|js|py|sh|sbatch)$/.test(entry.name) ? [rel] : [];
  });
}

test("the documents the code cites are in the repository: docs/*.md, not notes outside it", () => {
  const wrong: string[] = [];
  for (const file of ["src", "test", "scripts", "examples"].flatMap(citingFiles)) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const match of text.matchAll(/\bdocs\/([\w-]+\.md)/g)) {
      const cited = path.join("docs", match[1]);
      if (!fs.existsSync(path.join(root, cited)) && !PENDING.has(cited))
        wrong.push(`${file} cites ${cited}, which is missing`);
    }
    if (/shared\/notes|STYLE\.md|(?<!docs\/)\b(physics|style)\.md/.test(text) && !file.endsWith("readme.test.ts")) {
      wrong.push(`${file} cites shared/notes, STYLE.md or a bare physics.md: cite docs/physics.md or docs/style.md`);
    }
  }
  assert.deepEqual(wrong, []);
});

test("docs/architecture.md has a row for every folder of src/, and the files it names are there", () => {
  const text = fs.readFileSync(path.join(root, "docs", "architecture.md"), "utf8");
  const folders = fs
    .readdirSync(path.join(root, "src"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const wrong: string[] = [];
  for (const folder of folders) {
    const row = text.split("\n").find((line) => line.startsWith(`| \`${folder}/\` |`));
    if (!row) {
      wrong.push(`no row for src/${folder}/`);
      continue;
    }
    const named = [...row.matchAll(/`([\w-]+\.ts)`/g)].map((m) => m[1]);
    for (const file of named) {
      if (!fs.existsSync(path.join(root, "src", folder, file)))
        wrong.push(`src/${folder}/${file} is named but missing`);
    }
  }
  assert.deepEqual(wrong, [], "update docs/architecture.md to what src/ holds");
});
