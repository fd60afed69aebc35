/**
 * One input typed at the REPL, TypeScript -> JavaScript the prompt can run.
 *
 * `ts.transpileModule` strips the types; then each top-level statement is rewritten so the
 * prompt behaves like a notebook:
 *   - declarations (`const`, `let`, `class`, `import`) become globals, so a later line sees
 *     them and typing a line again re-declares them (as re-running a cell does);
 *   - `import { a } from "m"` becomes a lookup in `require("m")` through the REPL's loader;
 *   - an input with a top-level `await` runs inside an async function whose value is the last
 *     expression's (Node's own REPL does the same, but only with its built-in eval).
 */
import type * as TS from "typescript";

/** The global through which rewritten imports reach the REPL's module loader. */
export const LOADER = "__sweeplabRepl";

export type Compiled =
  /** Run `code` with `vm.runInThisContext`; when `async`, it evaluates to a promise of the value. */
  | { kind: "code"; code: string; async: boolean }
  /** The input stops mid-statement: the prompt should ask for more lines. */
  | { kind: "incomplete" }
  | { kind: "error"; message: string };

/**
 * Compiles one input (which may span lines).
 * @example
 * compileInput(ts, "const x: number = await f()").code;
 * // "var x;\n(async () => {\nvoid (x = await f());\n})()"
 */
export function compileInput(ts: typeof TS, input: string): Compiled {
  if (input.trim() === "") return { kind: "code", code: "", async: false };
  // `{ a: 1 }` alone is an object, not a block with a label (as in Node's REPL).
  if (/^\s*\{/.test(input) && /\}\s*$/.test(input) && transpile(ts, `(${input})`).diagnostics.length === 0) {
    input = `(${input})`;
  }
  const { outputText, diagnostics } = transpile(ts, input);
  if (diagnostics.length > 0) {
    const end = input.trimEnd().length;
    if (diagnostics.some((d) => (d.start ?? 0) >= end)) return { kind: "incomplete" };
    const d = diagnostics[0];
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const at = where ? ` (line ${where.line + 1}, column ${where.character + 1})` : "";
    return { kind: "error", message: ts.flattenDiagnosticMessageText(d.messageText, "\n") + at };
  }
  return rewrite(ts, outputText);
}

function transpile(ts: typeof TS, input: string): TS.TranspileOutput & { diagnostics: TS.Diagnostic[] } {
  const out = ts.transpileModule(input, {
    fileName: "repl.ts",
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      // ES module output keeps `import` statements for `rewrite`; `force` makes every input a
      // module, so top-level `await` parses; `verbatimModuleSyntax` keeps an import whose names
      // are used only on later lines, and drops `import type`.
      module: ts.ModuleKind.ESNext,
      moduleDetection: ts.ModuleDetectionKind.Force,
      verbatimModuleSyntax: true,
      sourceMap: false,
    },
  });
  return { ...out, diagnostics: out.diagnostics ?? [] };
}

function rewrite(ts: typeof TS, js: string): Compiled {
  const file = ts.createSourceFile("repl.mjs", js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const statements = file.statements.filter((s) => !(ts.isExportDeclaration(s) && !s.moduleSpecifier));
  const isAsync = statements.some((s) => hasTopLevelAwait(ts, s));
  const names = new Set<string>();
  const prelude: string[] = [];
  const body: string[] = [];
  const assign = (target: string, value: string) => body.push(`void (${target} = ${value});`);

  statements.forEach((s, i) => {
    if (ts.isImportDeclaration(s)) {
      const mod = `${LOADER}.require(${s.moduleSpecifier.getText()})`;
      const clause = s.importClause;
      if (!clause) {
        body.push(`${mod};`);
        return;
      }
      if (clause.name) {
        names.add(clause.name.text);
        assign(clause.name.text, `${LOADER}.importDefault(${mod})`);
      }
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        names.add(bindings.name.text);
        assign(bindings.name.text, mod);
      } else if (bindings && bindings.elements.length > 0) {
        const parts = bindings.elements.map((e) => {
          names.add(e.name.text);
          return e.propertyName ? `${e.propertyName.getText()}: ${e.name.text}` : e.name.text;
        });
        assign(`{ ${parts.join(", ")} }`, mod);
      }
    } else if (ts.isVariableStatement(s)) {
      const isVar = (s.declarationList.flags & ts.NodeFlags.BlockScoped) === 0;
      for (const d of s.declarationList.declarations) {
        boundNames(ts, d.name, names);
        if (d.initializer) assign(d.name.getText(), d.initializer.getText());
        else if (!isVar) assign(d.name.getText(), "undefined");
      }
    } else if (ts.isClassDeclaration(s) && s.name) {
      names.add(s.name.text);
      assign(s.name.text, withoutExport(s.getText()));
    } else if (ts.isFunctionDeclaration(s) && s.name) {
      // Hoisted as in a script; outside the async wrapper so it stays global.
      (isAsync ? prelude : body).push(withoutExport(s.getText()));
    } else if (ts.isExportAssignment(s)) {
      body.push(`${s.expression.getText()};`);
    } else if (isAsync && i === statements.length - 1 && ts.isExpressionStatement(s)) {
      body.push(`return (${s.expression.getText()});`);
    } else {
      body.push(s.getText());
    }
  });

  const declare = names.size > 0 ? [`var ${[...names].join(", ")};`] : [];
  const code = isAsync
    ? [...declare, ...prelude, "(async () => {", ...body, "})()"].join("\n")
    : [...declare, ...body].join("\n");
  return { kind: "code", code, async: isAsync };
}

/** True if `node` awaits outside any function of its own (so the input needs an async wrapper). */
function hasTopLevelAwait(ts: typeof TS, node: TS.Node): boolean {
  if (ts.isAwaitExpression(node)) return true;
  if (ts.isForOfStatement(node) && node.awaitModifier) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, (child) => hasTopLevelAwait(ts, child) || undefined) ?? false;
}

/** The names a declaration binds: `x`, or every name in a destructuring pattern. */
function boundNames(ts: typeof TS, name: TS.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) {
    into.add(name.text);
    return;
  }
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) boundNames(ts, element.name, into);
  }
}

function withoutExport(text: string): string {
  return text.replace(/^export\s+(default\s+)?/, "");
}
