/**
 * File helpers of the CLI: an output folder made step by step, files written whole or not at all,
 * and I/O errors that name the file they happened on.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../core/errors.js";

/**
 * Makes the folder `dir` (and its missing parents), or throws a UsageError naming `flag` and the
 * system's reason. One level at a time on purpose: Node's `mkdirSync(dir, { recursive: true })`
 * reports a read-only file system as ENOENT, and under /proc it retries forever. Returns the
 * folders it made, outermost first (a command refused after it removes them again).
 */
export function makeDir(dir: string, flag = "--out"): string[] {
  const missing: string[] = [];
  let existing = path.resolve(dir);
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
    missing.unshift(existing);
    existing = path.dirname(existing);
  }
  const made: string[] = [];
  try {
    if (!fs.statSync(existing).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    fs.accessSync(existing, fs.constants.W_OK);
    for (const step of missing) {
      fs.mkdirSync(step);
      made.push(step);
    }
    return made;
  } catch (error) {
    for (const step of made.reverse()) fs.rmdirSync(step);
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(
      `\`${flag}\` folder "${dir}" cannot be written (${code}): pick a folder you can write to`,
      flag,
    );
  }
}

/** Writes a file through a temporary name, so a crash never leaves half a file. */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw ioError(error, "write", file);
  }
}

/** Removes the temporary files of `writeAtomic` that a process killed while writing left in `dir`. */
export function removeStaleTemps(dir: string, warn: (line: string) => void): void {
  for (const name of fs.readdirSync(dir).filter((n) => /\.tmp-\d+$/.test(n))) {
    fs.rmSync(path.join(dir, name), { force: true });
    warn(`removed ${path.join(dir, name)}, left by a run that stopped while writing it`);
  }
}

/**
 * An I/O error that names its file (Node's write errors name none): "could not write
 * results/run/run.json: ENOSPC (no space left on device)".
 */
export function ioError(error: unknown, what: string, file: string): Error {
  const e = error as NodeJS.ErrnoException;
  // Node's text is "CODE: description, syscall 'path'": keep the description
  const description = e.message.replace(/^[A-Z]+: /, "").replace(/, \w+( '.*')?$/, "");
  return new Error(`could not ${what} ${file}: ${e.code ?? "error"} (${description})`);
}
