/**
 * One sweep per output folder at a time: `DIR/.lock`, holding the owner's pid and host. Two sweeps
 * appending to one jobs.jsonl would interleave their lines.
 *
 * Every step is atomic. A lock appears with its content already in it (written to a file of one's
 * own, then hard-linked to `.lock`, which fails if `.lock` exists), so nobody reads a half-written
 * lock as stale. Taking over a stale lock (its process is gone) happens under `.lock.takeover`,
 * claimed the same way, and the lock is checked again under it: of two processes finding the same
 * stale lock at once, one takes it over and the other then finds it held.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../core/errors.js";

export interface Owner {
  pid: number;
  hostname: string;
  startedAt: string;
}

/** A takeover claim older than this was left by a process that died taking over: it is removed. */
const takeoverStaleMs = 10_000;

/**
 * Takes `dir`'s lock, or throws a UsageError naming the sweep that holds it. A lock left by a
 * process that no longer runs on this host is taken over with a warning on stderr. Returns the
 * release function (also run if the process exits first).
 */
export function lockRunDir(dir: string, warn: (line: string) => void): () => void {
  const file = path.join(dir, ".lock");
  const me: Owner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  // a .lock that is no file is no sweep's lock, and no sweep can take it over: say what it is
  if (fs.statSync(file, { throwIfNoEntry: false })?.isFile() === false)
    throw new UsageError(
      `\`--out\` folder "${dir}" holds a .lock that is not a file (a folder?), so no sweep can lock it: if no sweep runs there, remove ${file}`,
      "--out",
    );
  const mine = path.join(dir, `.lock.${process.pid}.${Math.random().toString(36).slice(2)}`);
  try {
    fs.writeFileSync(mine, JSON.stringify(me) + "\n");
    if (!claim(mine, file)) takeOver(dir, file, mine, me, warn);
  } finally {
    fs.rmSync(mine, { force: true });
  }
  const release = () => {
    process.off("exit", release);
    if (sameOwner(readOwner(file), me)) fs.rmSync(file, { force: true });
  };
  process.on("exit", release);
  return release;
}

/** Links `mine` to `target` if `target` does not exist; false if it does. */
function claim(mine: string, target: string): boolean {
  try {
    fs.linkSync(mine, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
  }
  // a file system without hard links: an exclusive create, then the content
  try {
    fs.writeFileSync(target, fs.readFileSync(mine), { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Takes over a stale lock under `.lock.takeover`, or throws the in-use error. */
function takeOver(dir: string, file: string, mine: string, me: Owner, warn: (line: string) => void): void {
  const mutex = `${file}.takeover`;
  for (let attempt = 0; attempt < 250; attempt++) {
    refuseLive(dir, file, me);
    if (claim(mine, mutex)) {
      try {
        const owner = refuseLive(dir, file, me); // looked at again: another process may have taken it meanwhile
        fs.rmSync(file, { force: true });
        if (!claim(mine, file)) refuseLive(dir, file, me, true);
        warn(`taking over ${file}: ${owner ? `its sweep (pid ${owner.pid}) no longer runs` : "it names no sweep"}`);
        return;
      } finally {
        fs.rmSync(mutex, { force: true });
      }
    }
    // another process is taking over: wait for it, unless it died doing so
    const age = Date.now() - (fs.statSync(mutex, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > takeoverStaleMs) fs.rmSync(mutex, { force: true });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  refuseLive(dir, file, me, true);
}

/**
 * Throws the in-use error if `file` names a live sweep (or `always`); returns its stale owner
 * (undefined when it names none or is gone).
 */
function refuseLive(dir: string, file: string, me: Owner, always = false): Owner | undefined {
  const owner = readOwner(file);
  if (always || (owner && (owner.hostname !== me.hostname || isRunning(owner.pid)))) {
    const who = owner
      ? `pid ${owner.pid}${owner.hostname === me.hostname ? "" : ` on ${owner.hostname}`}, since ${owner.startedAt}`
      : "another process";
    throw new UsageError(
      `\`--out\` folder "${dir}" is in use by another sweep (${who}): wait for it to end, or pick another --out; if that process is gone, delete ${file}`,
      "--out",
    );
  }
  return owner;
}

/** The sweep holding `dir`'s lock, if it still runs (or runs on another host); undefined if none. */
export function liveOwner(dir: string): Owner | undefined {
  const owner = readOwner(path.join(dir, ".lock"));
  return owner && (owner.hostname !== os.hostname() || isRunning(owner.pid)) ? owner : undefined;
}

function readOwner(file: string): Owner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, "utf8")) as Owner;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

function sameOwner(a: Owner | undefined, b: Owner): boolean {
  return a !== undefined && a.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt;
}

/** True if a process with this pid exists (EPERM: it exists but belongs to someone else). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
