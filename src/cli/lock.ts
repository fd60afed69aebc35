/**
 * One sweep per output folder at a time: `DIR/.lock`, created exclusively (O_EXCL) and holding
 * the owner's pid and host. Two sweeps appending to one jobs.jsonl would interleave their lines.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../core/errors.js";

interface Owner {
  pid: number;
  hostname: string;
  startedAt: string;
}

/**
 * Takes `dir`'s lock, or throws a UsageError naming the sweep that holds it. A lock left by a
 * process that no longer runs on this host is taken over with a warning on stderr. Returns the
 * release function (also run if the process exits first).
 */
export function lockRunDir(dir: string, warn: (line: string) => void): () => void {
  const file = path.join(dir, ".lock");
  const me: Owner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(file, "wx");
      fs.writeSync(fd, JSON.stringify(me) + "\n");
      fs.closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
    }
    const owner = readOwner(file);
    if (owner && (owner.hostname !== me.hostname || isRunning(owner.pid))) {
      const where = owner.hostname === me.hostname ? "" : ` on ${owner.hostname}`;
      throw new UsageError(
        `\`--out\` folder "${dir}" is in use by another sweep (pid ${owner.pid}${where}, since ${owner.startedAt}): wait for it to end, or pick another --out; if that process is gone, delete ${file}`,
        "--out",
      );
    }
    warn(`taking over ${file}: ${owner ? `its sweep (pid ${owner.pid}) no longer runs` : "it names no sweep"}`);
    fs.rmSync(file, { force: true });
  }
  const release = () => {
    process.off("exit", release);
    if (readOwner(file)?.pid === me.pid) fs.rmSync(file, { force: true });
  };
  process.on("exit", release);
  return release;
}

function readOwner(file: string): Owner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, "utf8")) as Owner;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
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
