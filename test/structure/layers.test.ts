/**
 * The house rules a newcomer relies on, read from the sources: each folder of src/ is a layer that
 * imports only from layers below it, no module imports itself back through a cycle, no file runs
 * past 400 lines and no function past 80, no file imports one module twice; and job kinds are
 * registered by the layers that own them: none by the pool's own layer, none under a test
 * fixture's name.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import ts from "typescript";
// the test fixtures' job kinds: tests register them, src/ never does
import { jobs as fixtureJobs } from "../fixtures/jobs.js";

const src = path.join(__dirname, "..", "..", "src");

/** Lowest first: a layer may import from its own folder and from the layers before it. */
export const LAYERS = ["core", "physics", "parallel", "sweep", "measure", "plots", "notebook", "repl", "cli"] as const;
/** The repl and the CLI are both at the top: neither imports the other. */
const SIBLINGS = new Set(["repl>cli", "cli>repl"]);
/** Above the library's entry points (index.ts, lessons.ts): the prompt and the command line use them. */
const ABOVE_ENTRIES = new Set(["repl", "cli"]);
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The folder (layer) of a file under src/, or "" for the entry points at the top (index, lessons, repl). */
function layerOf(file: string): string {
  const parts = path.relative(src, file).split(path.sep);
  return parts.length === 1 ? "" : parts[0];
}

/** Relative imports, side-effect imports (`import "./jobs.js"`) and re-exports of a file, resolved to .ts paths under src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:(?:import|export)\s[^;]*?from\s+|import\s+)"(\.[^"]+)"/g)].map(
    (m) => m[1],
  );
  return specs.map((spec) => path.resolve(path.dirname(file), spec.replace(/\.js$/, "") + ".ts"));
}

/** The modules a file imports more than once (`import type { A }` and `import { B }` from one module: twice). */
export function importedTwice(text: string): string[] {
  const specs = [...text.matchAll(/(?:^|\n)\s*import\s(?:[^;]*?from\s+)?"([^"]+)"/g)].map((m) => m[1]);
  return [...new Set(specs.filter((spec, i) => specs.indexOf(spec) !== i))];
}

/**
 * The job kinds a source registers: the name of each call `registerJobKind("name", ...)` (read from
 * the syntax tree, so comments and messages do not count); undefined for a name not written out.
 */
export function registeredKinds(file: string, text: string): (string | undefined)[] {
  const kinds: (string | undefined)[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "registerJobKind") {
      const [kind] = node.arguments;
      kinds.push(kind && ts.isStringLiteral(kind) ? kind.text : undefined);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true));
  return kinds;
}

const files = sources(src);

test("every folder of src/ is a known layer", () => {
  const folders = fs
    .readdirSync(src, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  for (const folder of folders) {
    assert.ok(
      (LAYERS as readonly string[]).includes(folder),
      `src/${folder}/ is not a layer: add it to LAYERS in order`,
    );
  }
});

test("each layer imports only from itself and the layers below it", () => {
  const wrong: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    if (from === "") continue; // entry points may import any layer
    for (const target of importsOf(file)) {
      const to = layerOf(target);
      const rel = (f: string) => path.relative(src, f);
      if (to === "") {
        if (!ABOVE_ENTRIES.has(from)) wrong.push(`${rel(file)} imports the entry point ${rel(target)}`);
      } else if (SIBLINGS.has(`${from}>${to}`) || LAYERS.indexOf(to as never) > LAYERS.indexOf(from as never)) {
        wrong.push(`${rel(file)} (${from}) imports ${rel(target)} (${to}), a layer above it`);
      }
    }
  }
  assert.deepEqual(wrong, [], `imports against the layering (order: ${LAYERS.join(" < ")}):\n${wrong.join("\n")}`);
});

test("no import cycle among the modules of src/", () => {
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => fs.existsSync(t))]));
  const state = new Map<string, "open" | "done">();
  const cycles: string[] = [];
  const visit = (file: string, trail: string[]): void => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(src, f)).join(" -> "));
      return;
    }
    state.set(file, "open");
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
    state.set(file, "done");
  };
  for (const file of files) visit(file, []);
  assert.deepEqual(cycles, [], `import cycles:\n${cycles.join("\n")}`);
});

test(`no file in src/ is over ${MAX_FILE_LINES} lines`, () => {
  const long = files
    .map((f) => [path.relative(src, f), fs.readFileSync(f, "utf8").split("\n").length] as const)
    .filter(([, lines]) => lines > MAX_FILE_LINES);
  assert.deepEqual(long, [], `split these by concept: ${long.map(([f, n]) => `${f} (${n} lines)`).join(", ")}`);
});

test(`no function in src/ is over ${MAX_FUNCTION_LINES} lines`, () => {
  const long: string[] = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && "body" in node && node.body) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > MAX_FUNCTION_LINES) {
          const name = (node as ts.FunctionDeclaration).name?.getText(sf) ?? "(anonymous)";
          long.push(`${path.relative(src, file)}:${start + 1} ${name} (${end - start + 1} lines)`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  assert.deepEqual(long, [], `split these functions:\n${long.join("\n")}`);
});

test("no file in src/ imports one module twice", () => {
  const twice = files.flatMap((f) =>
    importedTwice(fs.readFileSync(f, "utf8")).map((spec) => `${path.relative(src, f)}: "${spec}"`),
  );
  assert.deepEqual(twice, [], `merge these imports into one statement each:\n${twice.join("\n")}`);
});

test("job kinds are registered by name by the layers that own them: none in parallel/, none a test fixture's", () => {
  const fixtures = new Set(Object.keys(fixtureJobs));
  assert.ok(fixtures.size > 0, "test/fixtures/jobs.ts exports its job kinds as `jobs`");
  const wrong: string[] = [];
  for (const file of files) {
    const rel = path.relative(src, file);
    for (const kind of registeredKinds(file, fs.readFileSync(file, "utf8"))) {
      if (layerOf(file) === "parallel")
        wrong.push(
          `${rel} registers ${kind === undefined ? "a kind" : `"${kind}"`}: the pool's layer holds the mechanism only`,
        );
      else if (kind === undefined)
        wrong.push(`${rel} registers a kind not written out: name it, registerJobKind("name", ...)`);
      else if (fixtures.has(kind))
        wrong.push(`${rel} registers "${kind}", a test fixture's name (test/fixtures/jobs.ts)`);
    }
  }
  assert.deepEqual(wrong, [], wrong.join("\n"));
});
