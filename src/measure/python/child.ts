/** One child process, run without a shell in a process group of its own, and its whole group stopped. */
import { spawn } from "node:child_process";
import { register } from "../../parallel/interrupt.js";

export interface ChildOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Why it could not be started (e.g. ENOENT). */
  error?: string;
  /** Why it was stopped: the abort reason, or the interrupt (Ctrl-C, "interrupt kernel"). */
  interrupted?: string;
}

/**
 * Runs a command and collects its output. A timeout, an abort, Ctrl-C (through the kit's interrupt
 * registry, as a pool is stopped) or the end of this process kills the child's whole process group:
 * Python and every pool worker it forked.
 */
export function runChild(
  command: string,
  args: string[],
  o: { env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal },
): Promise<ChildOutput> {
  return new Promise((resolve) => {
    const group = process.platform !== "win32";
    const child = spawn(command, args, {
      env: o.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: group,
      windowsHide: true,
    });
    const out: ChildOutput = { stdout: "", stderr: "", exitCode: null, signal: null, timedOut: false };
    const kill = () => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        // already gone
      }
    };
    const stop = (reason: string) => {
      out.interrupted ??= reason;
      kill();
    };
    const timer = setTimeout(() => {
      out.timedOut = true;
      kill();
    }, o.timeoutMs);
    const onAbort = () => stop(String(o.signal?.reason ?? "aborted"));
    o.signal?.addEventListener("abort", onAbort, { once: true });
    const unregister = register({ stop });
    process.once("exit", kill); // a process that exits mid-run leaves no Python behind
    child.stdout.setEncoding("utf8").on("data", (s: string) => (out.stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (out.stderr += s));
    child.on("error", (e: NodeJS.ErrnoException) => (out.error = e.code ?? e.message));
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
      unregister();
      process.off("exit", kill);
      // a child that died by itself may leave its own children (pool workers) in the group
      if (exitCode !== 0 || out.timedOut || out.interrupted !== undefined) kill();
      resolve({ ...out, exitCode, signal });
    });
  });
}
