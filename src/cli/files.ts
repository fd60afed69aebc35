/** File helpers of the CLI: an output folder made step by step. */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../errors.js";

/**
 * Makes the folder `dir` (and its missing parents), or throws a UsageError naming `flag` and the
 * system's reason. One level at a time on purpose: Node's `mkdirSync(dir, { recursive: true })`
 * reports a read-only file system as ENOENT, and under /proc it retries forever.
 */
export function makeDir(dir: string, flag = "--out"): void {
  const missing: string[] = [];
  let existing = path.resolve(dir);
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
    missing.unshift(existing);
    existing = path.dirname(existing);
  }
  try {
    if (!fs.statSync(existing).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    fs.accessSync(existing, fs.constants.W_OK);
    for (const step of missing) fs.mkdirSync(step);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`\`${flag}\` folder "${dir}" cannot be written (${code}): pick a folder you can write to`, flag);
  }
}
