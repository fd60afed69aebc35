import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import * as lab from "../../dist/lessons.js";

const notebooks = path.join(__dirname, "..", "..", "notebooks");

test("the barrel `../dist/lessons` exports every `lab.` name the notebooks use", () => {
  const missing: string[] = [];
  for (const file of fs.readdirSync(notebooks).filter((f) => f.endsWith(".ipynb"))) {
    const cells = (JSON.parse(fs.readFileSync(path.join(notebooks, file), "utf8")) as { cells: { source: string[] }[] })
      .cells;
    const text = cells.map((c) => c.source.join("")).join("\n");
    for (const [, name] of text.matchAll(/(?<![/\w])lab\.(\w+)/g)) {
      if (!(name in lab)) missing.push(`${file}: lab.${name}`);
    }
  }
  assert.deepEqual([...new Set(missing)], []);
});

test("src/lessons.ts is only re-exports", () => {
  const text = fs.readFileSync(path.join(__dirname, "..", "..", "src", "lessons.ts"), "utf8");
  const code = text.replace(/\/\*\*[\s\S]*?\*\//g, "").trim();
  for (const line of code.split("\n")) assert.match(line, /^export (\*|\{[^}]*\}) from "\.\/[\w/.-]+";$/, line);
});
