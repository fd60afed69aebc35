// What a student reads on the way in: notebook 00's overview and Python map, the README's notebook
// table, the percentages notebooks 00 and 01 print, and every pointer into src/ from the documents
// (python/, docs/, the README, the notebooks) and from .ci/'s comments. Each names something that
// moves as the code changes; these tests fail when a pointer goes stale.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

const root = path.join(__dirname, "..");
const read = (rel: string) => fs.readFileSync(path.join(root, rel), "utf8");

interface Cell {
  cell_type: string;
  source: string | string[];
}
const cells = (notebook: string): { kind: string; text: string }[] =>
  (JSON.parse(read(path.join("notebooks", notebook))) as { cells: Cell[] }).cells.map((c) => ({
    kind: c.cell_type,
    text: Array.isArray(c.source) ? c.source.join("") : c.source,
  }));
const notebooks = fs
  .readdirSync(path.join(root, "notebooks"))
  .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
  .sort();
const setup = notebooks.find((f) => f.startsWith("00-"))!;

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"];

test("notebook 00's overview names every notebook in notebooks/, and no count of them is wrong", () => {
  assert.ok(notebooks.length >= 8, notebooks.join(", "));
  const overview = cells(setup)[0].text;
  for (const file of notebooks) {
    assert.match(overview, new RegExp(`\\*\\*${file.slice(0, 2)}\\*\\*`), `the overview names ${file}`);
  }
  for (const { text } of cells(setup)) {
    for (const [, word] of text.matchAll(/\b(\w+) notebooks\b/g)) {
      const n = NUMBER_WORDS.indexOf(word.toLowerCase());
      assert.ok(n < 0 || n === notebooks.length, `"${word} notebooks": there are ${notebooks.length}`);
    }
  }
});

test("the README's notebook table has a row for every notebook", () => {
  const readme = read("README.md");
  for (const file of notebooks) {
    assert.match(readme, new RegExp(`^\\| \`${file.replace(/\.ipynb$/, "")}\` \\|`, "m"), `a row for ${file}`);
  }
});

test("notebook 00 and the README pair `with mp.Pool` with the same thing: openPool, closed in finally", () => {
  const rowOf = (text: string) => text.split("\n").find((line) => line.startsWith("| `with mp.Pool"));
  const readme = rowOf(read("README.md"));
  const notebook = cells(setup)
    .map((c) => rowOf(c.text))
    .find((row) => row !== undefined);
  for (const [where, row] of [
    ["README.md", readme],
    [setup, notebook],
  ] as const) {
    assert.ok(row, `${where} has a \`with mp.Pool\` row`);
    assert.match(row, /openPool\(/, `${where}: openPool`);
    assert.match(row, /pool\.close\(\)`? in (a )?`finally`/, `${where}: close in finally`);
  }
});

test("notebooks 00 and 01 print percentages with lab.formatPercent (never 0.0% for a share that is not zero)", () => {
  for (const file of notebooks.filter((f) => /^0[01]-/.test(f))) {
    const code = cells(file)
      .filter((c) => c.kind === "code")
      .map((c) => c.text)
      .join("\n");
    assert.doesNotMatch(code, /\}%/, `${file} builds a percentage by hand`);
  }
  assert.match(read(path.join("notebooks", notebooks[1])), /the copy is\\n",\n\s*"\$\{lab\.formatPercent\(/);
});

/** Every file under `dir` (relative to the root) whose name matches `name`. */
function files(dir: string, name: RegExp): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(rel, name);
    return name.test(entry.name) ? [rel] : [];
  });
}

test("every src/ path named in python/, docs/, the README and the notebooks exists", () => {
  const documents = [
    "README.md",
    ...files("python", /\.py$/),
    ...files("docs", /\.md$/),
    ...files("notebooks", /\.ipynb$/),
  ];
  const missing: string[] = [];
  let named = 0;
  for (const doc of documents) {
    // a path: src/ then names of files or folders; `src/<layer>/x.ts` (a pattern) has none
    for (const [match] of read(doc).matchAll(/(?<![\w/.-])src\/(?:[\w.-]+\/)*[\w.-]*/g)) {
      const target = match.replace(/[.:]+$/, "");
      named++;
      if (!fs.existsSync(path.join(root, target))) missing.push(`${doc}: ${target}`);
    }
  }
  assert.ok(named >= 10, `${named} paths found: the pattern finds them`);
  assert.deepEqual(missing, []);
});

test("the comments of .ci/'s scripts point inside the repository", () => {
  for (const script of fs.readdirSync(path.join(root, ".ci"))) {
    const comments = read(path.join(".ci", script))
      .split("\n")
      .filter((line) => /^\s*#/.test(line));
    for (const line of comments) {
      assert.doesNotMatch(line, /\.\.\/|shared\/notes|\/work\//, `.ci/${script}: ${line.trim()}`);
    }
  }
});

test("docs/cluster.md runs the command the way a clone has it: npx sweeplab", () => {
  const blocks = [...read("docs/cluster.md").matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.some((block) => /^npx sweeplab /m.test(block)));
  for (const block of blocks) assert.doesNotMatch(block, /^sweeplab /m, block);
});
