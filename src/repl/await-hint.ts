/**
 * The forgotten `await`: `const rep = runSweep("lecture")` makes `rep` a Promise, and the next
 * line, `rep.rows.length`, fails with "Cannot read properties of undefined". The prompt then says
 * what went wrong: "rep is a Promise: did you forget await?".
 */

/** True for a Promise or anything else with a `then` method. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * The hint for a line that read a property of a global holding a promise (`rep.rows`,
 * `rep?.jobs`), when the line failed or came out undefined; undefined otherwise. Calling the
 * promise's own methods (`rep.then(...)`) gets no hint.
 * @example
 * awaitHint("rep.rows.length", { failed: true, value: undefined }, (name) => globals[name]);
 * // "rep is a Promise: did you forget await? e.g. `const rep = await runSweep(...)`; now `const rep = await rep` ..."
 */
export function awaitHint(
  source: string,
  outcome: { failed: boolean; value: unknown },
  lookup: (name: string) => unknown = (name) => (globalThis as Record<string, unknown>)[name],
): string | undefined {
  if (!outcome.failed && outcome.value !== undefined) return undefined;
  const reads = source.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)\s*(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)/g);
  for (const [, name, property] of reads) {
    if (["then", "catch", "finally"].includes(property)) continue;
    if (!isThenable(lookup(name))) continue;
    return (
      `${name} is a Promise: did you forget await? Sweeps and experiments return promises: ` +
      `write \`const ${name} = await ...\`, or now \`const ${name} = await ${name}\` to keep its value`
    );
  }
  return undefined;
}
