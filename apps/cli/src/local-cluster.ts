import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import { appEntryArgs } from "./app-entry.js";

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
  readonly child: ChildProcess;
  readonly log: WriteStream;
  readonly lines: string[];
}

/**
 * API + scheduler + N workers as child processes of one command: the single-machine cluster of
 * `rectune up` and the demo. Each is the same program a multi-machine deployment runs.
 */
export class LocalCluster {
  private readonly members: Member[] = [];
  apiUrl = "";

  constructor(private readonly options: LocalClusterOptions) {}

  private spawnApp(name: string, app: string, args: string[] = [], env: Record<string, string> = {}): Member {
    mkdirSync(this.options.logDir, { recursive: true });
    const child = spawn(process.execPath, [...appEntryArgs(app), ...args], {
      env: { ...process.env, ...this.options.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const member: Member = {
      name,
      child,
      log: createWriteStream(join(this.options.logDir, `${name}.log`), { flags: "a" }),
      lines: [],
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
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
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

  /** Resolves when any member exits on its own (a crash): `up` then stops the rest. */
  anyExit(): Promise<string> {
    return Promise.race(
      this.members.map(
        (m) =>
          new Promise<string>((resolve) =>
            m.child.once("exit", (code) => resolve(`${m.name} exited with code ${code}`)),
          ),
      ),
    );
  }
}
