import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import { appEntryArgs } from "./app-entry.js";
import { nextRestart } from "./restart-backoff.js";

export interface LocalClusterOptions {
  readonly env: Record<string, string>;
  readonly workers: number;
  readonly concurrency: number;
  /** Where each process's log goes; with `echo`, lines are also printed with the process name. */
  readonly logDir: string;
  readonly echo: boolean;
}

interface Member {
  readonly name: string;
  /** The running process; replaced when the supervisor restarts it. */
  child: ChildProcess;
  readonly log: WriteStream;
  readonly lines: string[];
  /** Restarts in a row that ended early: sets the next backoff. */
  restarts: number;
}

/**
 * API + scheduler + N workers as child processes of one command: the single-machine cluster of
 * `rectune up` and the demo. Each is the same program a multi-machine deployment runs.
 */
export class LocalCluster {
  private readonly members: Member[] = [];
  private stopping = false;
  apiUrl = "";

  constructor(private readonly options: LocalClusterOptions) {}

  private spawnApp(name: string, app: string, args: string[] = [], env: Record<string, string> = {}): Member {
    mkdirSync(this.options.logDir, { recursive: true });
    const spawnChild = () =>
      spawn(process.execPath, [...appEntryArgs(app), ...args], {
        env: { ...process.env, ...this.options.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
    const member: Member = {
      name,
      child: spawnChild(),
      log: createWriteStream(join(this.options.logDir, `${name}.log`), { flags: "a" }),
      lines: [],
      restarts: 0,
    };
    const onData = (chunk: Buffer) => {
      member.log.write(chunk);
      for (const line of chunk.toString().split("\n")) {
        if (!line) continue;
        member.lines.push(line);
        if (member.lines.length > 200) member.lines.shift();
        if (this.options.echo) process.stdout.write(`${name.padEnd(10)}| ${line}\n`);
      }
    };
    // Supervised from the moment it starts: a member that exits on its own is restarted with backoff; the
    // rest of the cluster keeps running (one crashed worker never stops the cluster).
    const supervise = () => {
      const startedAt = Date.now();
      member.child.stdout?.on("data", onData);
      member.child.stderr?.on("data", onData);
      member.child.once("exit", (code, signal) => {
        if (this.stopping) return;
        const next = nextRestart(member.restarts, Date.now() - startedAt);
        member.restarts = next.earlyRestarts;
        const delayMs = next.delayMs;
        const why = `${name} exited (code ${code}, signal ${signal}); restarting in ${delayMs} ms`;
        member.log.write(`${why}\n`);
        if (this.options.echo) process.stdout.write(`${"up".padEnd(10)}| ${why}\n`);
        setTimeout(() => {
          if (this.stopping) return;
          member.child = spawnChild();
          supervise();
        }, delayMs).unref();
      });
    };
    supervise();
    this.members.push(member);
    return member;
  }

  // Generous: a worker loads TensorFlow.js before it is ready, and a busy machine multiplies that.
  private async waitFor(member: Member, pattern: RegExp, timeoutMs = 180_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const line = member.lines.find((l) => pattern.test(l));
      if (line) return line;
      if (member.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `${member.name} did not start (see ${join(this.options.logDir, `${member.name}.log`)}):\n${member.lines.slice(-10).join("\n")}`,
    );
  }

  async start(): Promise<void> {
    const api = this.spawnApp("api", "api");
    const line = await this.waitFor(api, /api listening/);
    const { port, host } = JSON.parse(line) as { port: number; host: string };
    this.apiUrl = `http://${host}:${port}`;
    this.spawnApp("scheduler", "scheduler");
    const workers = Array.from({ length: this.options.workers }, (_, i) =>
      this.spawnApp(`worker-${i + 1}`, "worker", ["--concurrency", String(this.options.concurrency)]),
    );
    await Promise.all(workers.map((w) => this.waitFor(w, /worker ready/)));
  }

  /** Stops workers first (they finish or hand back their trials), then the scheduler, then the API. */
  async stop(): Promise<void> {
    this.stopping = true;
    const stopAll = async (members: Member[]) =>
      Promise.all(
        members.map(
          (m) =>
            new Promise<void>((resolve) => {
              if (m.child.exitCode !== null || m.child.signalCode !== null) return resolve();
              const timer = setTimeout(() => m.child.kill("SIGKILL"), 30_000);
              m.child.once("exit", () => {
                clearTimeout(timer);
                m.log.end();
                resolve();
              });
              m.child.kill("SIGTERM");
            }),
        ),
      );
    await stopAll(this.members.filter((m) => m.name.startsWith("worker")));
    await stopAll(this.members.filter((m) => m.name === "scheduler"));
    await stopAll(this.members.filter((m) => m.name === "api"));
  }
}
