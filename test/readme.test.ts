// The README and docs/: the five-line example runs and prints its known answers, the README stays
// short enough to read first, and every relative link points at a file (and heading) that exists.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as ts from "typescript";

const root = path.join(__dirname, "..");
const MAX_README_BYTES = 12 * 1024;

test("the README's five-line example runs and prints what it says", async () => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const block = /## Five lines, with a known answer\n+```ts\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, "the README has a ts block under 'Five lines, with a known answer'");
  const code = block[1].replace(/from "sweeplab"/, `from ${JSON.stringify(path.join(root, "dist", "index.js"))}`);
  assert.equal(code.trim().split("\n").length, 5);
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const printed: unknown[][] = [];
  const fakeConsole = { log: (...args: unknown[]) => printed.push(args) };
  const run = new Function("require", "console", "exports", `return (async () => {\n${js}\n})();`);
  await run(require, fakeConsole, {});
  assert.deepEqual(printed[0], [{ r: 0, sz_mean: -1, s2_abs: 0 }]);
  const [decay, exact] = printed[1] as number[];
  assert.ok(Math.abs(decay - exact) < 1e-6, `${decay} vs ${exact}`);
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
