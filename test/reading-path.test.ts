// docs/reading-path.md names the lecture's core in src/ by file and declaration, not by line
// numbers (the code moves under them): this test resolves each name to the lines it spans, checks
// that the files and declarations exist, that the path stays within its budget (at most 1,500 lines
// in at most 12 files), and that the Python line ranges beside them hold the functions they name.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as ts from "typescript";

const root = path.join(__dirname, "..");
const MAX_LINES = 1500;
const MAX_FILES = 12;

interface Entry {
  step: number;
  file: string;
  names: string[];
  python: { name: string; from: number; to: number }[];
}

/** The table's rows: | step | `src/file.ts`: `name`, `Class.method` | sentence | `py_name` (from-to), ... |. */
export function parseReadingPath(markdown: string): Entry[] {
  return markdown
    .split("\n")
    .filter((line) => /^\| \d+ \|/.test(line))
    .map((line) => {
      const [step, read, , python] = line
        .slice(1, -1)
        .split(" | ")
        .map((cell) => cell.trim());
      const file = /^`(src\/[\w/.-]+\.ts)`:/.exec(read);
      assert.ok(file, `a step reads \`src/file.ts\`: \`name\`, ..., got: ${read}`);
      const names = [...read.slice(file[0].length).matchAll(/`([\w.]+)`/g)].map((m) => m[1]);
      const ranges = [...(python ?? "").matchAll(/`(\w+)` \((\d+)-(\d+)\)/g)].map((m) => ({
        name: m[1],
        from: Number(m[2]),
        to: Number(m[3]),
      }));
      return { step: Number(step), file: file[1], names, python: ranges };
    });
}

/** Lines [first, last] (1-based) of a top-level declaration `name`, or `Class.member`, doc comment included. */
export function declarationLines(source: ts.SourceFile, name: string): [number, number] | undefined {
  const [outer, member] = name.split(".");
  const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const span = (node: ts.Node): [number, number] => [line(node.getStart(source, true)), line(node.getEnd())];
  for (const statement of source.statements) {
    const named =
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement)) &&
      statement.name?.text === outer;
    const variable =
      ts.isVariableStatement(statement) &&
      statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === outer);
    if (!named && !variable) continue;
    if (member === undefined) return span(statement);
    if (!ts.isClassDeclaration(statement)) return undefined;
    const found = statement.members.find((m) => m.name && ts.isIdentifier(m.name) && m.name.text === member);
    return found ? span(found) : undefined;
  }
  return undefined;
}

/** Lines [first, last] of a Python `def name` (at any depth): the def line to its last non-blank line. */
function pythonDefLines(lines: string[], name: string): [number, number] | undefined {
  const start = lines.findIndex((l) => new RegExp(`^\\s*def ${name}\\(`).test(l));
  if (start < 0) return undefined;
  const indent = /^\s*/.exec(lines[start])![0].length;
  let end = start;
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    if (/^\s*/.exec(lines[i])![0].length <= indent) break;
    end = i;
  }
  return [start + 1, end + 1];
}

const doc = fs.readFileSync(path.join(root, "docs", "reading-path.md"), "utf8");
const entries = parseReadingPath(doc);

test(`docs/reading-path.md: every file and declaration exists, at most ${MAX_LINES} lines in at most ${MAX_FILES} files`, (t) => {
  assert.ok(entries.length >= 8, `${entries.length} steps`);
  assert.deepEqual(
    entries.map((e) => e.step),
    entries.map((_, i) => i + 1),
    "steps numbered 1, 2, ...",
  );
  const missing: string[] = [];
  const spans = new Map<string, [number, number][]>();
  for (const entry of entries) {
    const file = path.join(root, entry.file);
    if (!fs.existsSync(file)) {
      missing.push(`${entry.file}: no such file`);
      continue;
    }
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    assert.ok(entry.names.length > 0, `step ${entry.step} names what to read in ${entry.file}`);
    for (const name of entry.names) {
      const lines = declarationLines(source, name);
      if (!lines) missing.push(`${entry.file}: no declaration ${name}`);
      else {
        spans.set(entry.file, [...(spans.get(entry.file) ?? []), lines]);
        t.diagnostic(`step ${entry.step}: ${entry.file}:${lines[0]}-${lines[1]} ${name}`);
      }
    }
  }
  assert.deepEqual(missing, []);
  // lines counted once, however many steps read them
  const total = [...spans.values()].reduce((sum, ranges) => {
    const seen = new Set<number>();
    for (const [from, to] of ranges) for (let l = from; l <= to; l++) seen.add(l);
    return sum + seen.size;
  }, 0);
  t.diagnostic(`${total} lines in ${spans.size} files`);
  assert.ok(total <= MAX_LINES, `${total} lines: at most ${MAX_LINES}`);
  assert.ok(spans.size <= MAX_FILES, `${spans.size} files: at most ${MAX_FILES}`);
});

test("docs/reading-path.md: each Python range beside a step is exactly the function it names", () => {
  const lines = fs.readFileSync(path.join(root, "python", "ex_wqed_cluster.py"), "utf8").split("\n");
  const wrong: string[] = [];
  let ranges = 0;
  for (const entry of entries) {
    for (const { name, from, to } of entry.python) {
      ranges++;
      const actual = pythonDefLines(lines, name);
      if (!actual) wrong.push(`step ${entry.step}: no def ${name} in python/ex_wqed_cluster.py`);
      else if (actual[0] !== from || actual[1] !== to)
        wrong.push(`step ${entry.step}: ${name} is at ${actual[0]}-${actual[1]}, not ${from}-${to}`);
    }
  }
  assert.ok(ranges >= 6, `${ranges} Python ranges`);
  assert.deepEqual(wrong, []);
});

test("docs/reading-path.md is linked from the README and from notebook 00", () => {
  assert.match(fs.readFileSync(path.join(root, "README.md"), "utf8"), /\]\(docs\/reading-path\.md\)/);
  const setup = fs.readdirSync(path.join(root, "notebooks")).find((f) => f.startsWith("00-"))!;
  assert.match(fs.readFileSync(path.join(root, "notebooks", setup), "utf8"), /\.\.\/docs\/reading-path\.md/);
});

test("declarationLines finds functions, constants, classes and class members, with their doc comments", () => {
  const source = ts.createSourceFile(
    "x.ts",
    "/** doc */\nexport function f() {\n  return 1;\n}\nconst c = 2;\nclass K {\n  m() {}\n}\n",
    ts.ScriptTarget.Latest,
    true,
  );
  assert.deepEqual(declarationLines(source, "f"), [1, 4]);
  assert.deepEqual(declarationLines(source, "c"), [5, 5]);
  assert.deepEqual(declarationLines(source, "K.m"), [7, 7]);
  assert.equal(declarationLines(source, "K.n"), undefined);
  assert.equal(declarationLines(source, "g"), undefined);
});
