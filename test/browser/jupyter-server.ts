/**
 * Debian's Jupyter server (python3-jupyter-server 1.23) started for one test run: 127.0.0.1, a
 * random port and token, its own config and runtime folders, and stopped with every process it
 * started (found by pid, never by name).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** A port that was free a moment ago (the server is told not to retry another, so a race fails loudly). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Debian's Jupyter server (1.23) with the kit's kernel spec, and the pids it may leave behind. */
export class JupyterServer {
  readonly url: string;
  private log = "";

  private constructor(
    private readonly child: ChildProcess,
    port: number,
    readonly token: string,
  ) {
    this.url = `http://127.0.0.1:${port}/`;
    child.stdout!.on("data", (chunk: Buffer) => (this.log += chunk));
    child.stderr!.on("data", (chunk: Buffer) => (this.log += chunk));
  }

  /** Serves `staticDir` at /static/ (same origin as the API: no CORS) and kernels from `jupyterPath`. */
  static async start(options: {
    /** a Python that can import jupyter_server */
    python: string;
    /** the server's root: notebook paths are relative to it */
    root: string;
    staticDir: string;
    jupyterPath: string;
    /** a folder of its own for Jupyter's config and runtime files; the server's working directory */
    work: string;
  }): Promise<JupyterServer> {
    const { python, root, staticDir, jupyterPath, work } = options;
    const port = await freePort();
    const token = randomBytes(24).toString("hex");
    const args = [
      "-m",
      "jupyter_server",
      "--no-browser",
      "--allow-root",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--ServerApp.token=${token}`,
      // Paths are relative to the root: a session for notebooks/NN.ipynb starts its kernel in notebooks/.
      `--ServerApp.root_dir=${root}`,
      "--ServerApp.extra_static_paths",
      staticDir,
    ];
    const env = {
      ...process.env,
      JUPYTER_PATH: jupyterPath,
      // Nothing from the user's own Jupyter configuration or runtime folder.
      JUPYTER_CONFIG_DIR: path.join(work, "config"),
      JUPYTER_RUNTIME_DIR: path.join(work, "runtime"),
      PYDEVD_DISABLE_FILE_VALIDATION: "1",
    };
    const child = spawn(python, args, { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
    // If this process ends before after() runs (Ctrl-C), SIGTERM still makes the server stop its kernels.
    const orphaned = () => child.kill("SIGTERM");
    process.once("exit", orphaned);
    child.once("exit", () => process.removeListener("exit", orphaned));
    const server = new JupyterServer(child, port, token);
    await server.waitReady(60_000);
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null)
        throw new Error(`the Jupyter server exited (${this.child.exitCode}):\n${this.log}`);
      try {
        const response = await fetch(`${this.url}api/status`, { headers: { Authorization: `token ${this.token}` } });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the Jupyter server did not answer within ${timeoutMs / 1000} s:\n${this.log}`);
  }

  /** The processes `pid` started, and theirs (Linux /proc): the kernels the server started. */
  private static descendants(pid: number): number[] {
    if (!existsSync("/proc")) return [];
    const parents = new Map<number, number>();
    for (const name of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      try {
        // the parent pid is the 2nd field after the parenthesised command name
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      } catch {
        // it exited meanwhile
      }
    }
    const found: number[] = [];
    for (let i = -1; i < found.length; i++) {
      const parent = i < 0 ? pid : found[i];
      for (const [child, ppid] of parents) if (ppid === parent) found.push(child);
    }
    return found;
  }

  /** Asks the server to shut down (it stops its kernels), then kills what it started and left. */
  async stop(): Promise<void> {
    const kernels = JupyterServer.descendants(this.pid);
    const exited = new Promise((resolve) =>
      this.child.exitCode !== null ? resolve(null) : this.child.once("exit", resolve),
    );
    try {
      await fetch(`${this.url}api/shutdown`, { method: "POST", headers: { Authorization: `token ${this.token}` } });
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
    for (const pid of kernels) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // exited with the server, as it should
      }
    }
  }
}
