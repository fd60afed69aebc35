/**
 * JupyterLab itself, as a student starts it (`jupyter lab` from the venv), for one test run:
 * 127.0.0.1, a random free port and a random token, its own config, runtime, settings and
 * workspace folders, serving a folder of its own. It is stopped by the pid it started, with the
 * kernels it started (found by parent pid, never by name).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** A port that was free a moment ago (JupyterLab is told not to try another, so a race fails loudly). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The processes `pid` started, and theirs (Linux /proc). */
export function descendants(pid: number): number[] {
  if (!existsSync("/proc")) return [];
  const parents = new Map<number, number>();
  for (const name of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
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

/** Threads of a process (Linux: its /proc/PID/task entries), or undefined once it has gone. */
export function threadsOf(pid: number): number | undefined {
  try {
    return readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return undefined;
  }
}

/**
 * Settings a fresh JupyterLab reads from its settings folder: no windowing (every cell is in the
 * page, so every output can be checked and the screenshot shows them all), no autosave, and no
 * news or update checks (this machine has no network).
 */
const SETTINGS: Record<string, object> = {
  "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": { windowingMode: "none", scrollPastEnd: false },
  "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": { autosave: false },
  "@jupyterlab/apputils-extension/notification.jupyterlab-settings": { checkForUpdates: false, fetchNews: "false" },
};

export class LabServer {
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

  /**
   * Starts `jupyter lab` from `bin` (the venv's bin folder) on `root`. `work` holds Jupyter's own
   * folders; `env` is the environment a student's shell would have (the venv active).
   */
  static async start(options: { bin: string; root: string; work: string; env: NodeJS.ProcessEnv }): Promise<LabServer> {
    const { bin, root, work, env } = options;
    const settings = path.join(work, "lab-settings");
    for (const [file, value] of Object.entries(SETTINGS)) {
      mkdirSync(path.dirname(path.join(settings, file)), { recursive: true });
      writeFileSync(path.join(settings, file), JSON.stringify(value));
    }
    const port = await freePort();
    const token = randomBytes(24).toString("hex");
    const args = [
      "lab",
      "--no-browser",
      "--allow-root",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${root}`,
      // window.jupyterapp, to read what the page drew (each chart's Vega view); the test drives the menus
      "--LabApp.expose_app_in_browser=True",
    ];
    const labEnv = {
      ...env,
      JUPYTER_CONFIG_DIR: path.join(work, "config"),
      JUPYTER_RUNTIME_DIR: path.join(work, "runtime"),
      JUPYTERLAB_SETTINGS_DIR: settings,
      JUPYTERLAB_WORKSPACES_DIR: path.join(work, "workspaces"),
      PYDEVD_DISABLE_FILE_VALIDATION: "1",
    };
    const child = spawn(path.join(bin, "jupyter"), args, { cwd: work, env: labEnv, stdio: ["ignore", "pipe", "pipe"] });
    // If this process ends before stop() runs (Ctrl-C), SIGTERM still makes JupyterLab stop its kernels.
    const orphaned = () => child.kill("SIGTERM");
    process.once("exit", orphaned);
    child.once("exit", () => process.removeListener("exit", orphaned));
    const server = new LabServer(child, port, token);
    await server.waitReady(120_000);
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** What JupyterLab printed so far (for a failure message). */
  get output(): string {
    return this.log;
  }

  /** The kernels it runs now: processes it started whose command line runs tslab. */
  kernels(): number[] {
    return descendants(this.pid).filter((pid) => {
      try {
        return /tslab/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
      } catch {
        return false;
      }
    });
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`jupyter lab exited (${this.child.exitCode}):\n${this.log}`);
      try {
        const response = await fetch(`${this.url}api/status`, { headers: { Authorization: `token ${this.token}` } });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`jupyter lab did not answer within ${timeoutMs / 1000} s:\n${this.log}`);
  }

  /** Asks JupyterLab to shut down (it stops its kernels), then kills what it started and left. */
  async stop(): Promise<void> {
    const started = descendants(this.pid);
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
    for (const pid of started) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // exited with JupyterLab, as it should
      }
    }
  }
}
