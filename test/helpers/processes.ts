import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A rectune app running as its own process, as in production. */
export class AppProcess {
  readonly output: string[] = [];
  private readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    const collect = (chunk: Buffer) => this.output.push(...chunk.toString().split("\n").filter(Boolean));
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resolves with the first output line matching `pattern`. */
  async waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const line = this.output.find((l) => pattern.test(l));
      if (line) return line;
      if (this.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `no line matching ${pattern} (exit ${this.child.exitCode}); output:\n${this.output.slice(-30).join("\n")}`,
    );
  }

  async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 20_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  async exit(): Promise<number | null> {
    return this.exited;
  }
}

export function startApp(
  app: "api" | "scheduler" | "worker" | "cli",
  env: Record<string, string>,
  args: string[] = [],
): AppProcess {
  const child = spawn(process.execPath, ["--import", "tsx", `apps/${app}/src/main.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, RECTUNE_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new AppProcess(child);
}

/** Starts the API on an ephemeral port and returns its base URL. */
export async function startApi(env: Record<string, string>): Promise<{ proc: AppProcess; url: string }> {
  const proc = startApp("api", { ...env, RECTUNE_API_PORT: "0" });
  const line = await proc.waitForLine(/api listening/, 60_000);
  const { port } = JSON.parse(line) as { port: number };
  return { proc, url: `http://127.0.0.1:${port}` };
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
