import { execFile } from "node:child_process";
import autocannon from "autocannon";
import { cpuSecondsOf } from "./cpu.js";

/** What one HTTP load run measured, whichever client ran it. */
export interface HttpLoad {
  readonly client: "wrk" | "autocannon";
  readonly requests: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Socket errors, timeouts and non-2xx/3xx answers. */
  readonly errors: number;
  /** CPU seconds the client itself used (user + system). */
  readonly clientCpuS: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function durationMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`wrk: unreadable duration ${JSON.stringify(text)}`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

/** Reads wrk's report (run with --latency): requests, requests/s, the 50th/99th percentile and errors. */
export function parseWrkReport(report: string): Omit<HttpLoad, "client" | "clientCpuS"> {
  const percentile = (p: number) => {
    const match = new RegExp(`^\\s*${p}(?:\\.0+)?%\\s+(\\S+)\\s*$`, "m").exec(report);
    if (!match) throw new Error(`wrk: no ${p}% latency in the report (run with --latency)`);
    return durationMs(match[1] as string);
  };
  const requests = /^\s*(\d+) requests in /m.exec(report);
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(report);
  if (!requests || !rps) throw new Error(`wrk: unreadable report:\n${report}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(report);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(report);
  const errors =
    (socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
  return { requests: Number(requests[1]), rps: Number(rps[1]), p50Ms: percentile(50), p99Ms: percentile(99), errors };
}

/**
 * The CPU seconds of a shell's waited-for children, from the `cutime` and `cstime` fields of its
 * /proc/<pid>/stat (fields 16 and 17; 14 and 15 after the state field). wrk reports no CPU of its own,
 * and a process that has exited can no longer be read, so wrk runs under a shell that prints its own
 * stat line once wrk has been reaped.
 */
export function childCpuSeconds(statLine: string): number {
  const fields = statLine
    .slice(statLine.lastIndexOf(")") + 2)
    .trim()
    .split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const STAT_MARK = "--- shell stat ---";

/** Whether wrk is on PATH (Debian package `wrk`). */
export function wrkAvailable(): Promise<boolean> {
  // `wrk -v` prints its version and exits 1; only a missing binary fails to spawn.
  return new Promise((resolve) =>
    execFile("wrk", ["-v"], (error) => resolve(!error || typeof error.code === "number")),
  );
}

/** One wrk run: `threads` client threads, `connections` keep-alive connections, for `seconds`. */
export function runWrk(
  url: string,
  options: { connections: number; seconds: number; threads?: number },
): Promise<HttpLoad> {
  const args = [`-t${options.threads ?? 1}`, `-c${options.connections}`, `-d${options.seconds}s`, "--latency", url];
  const script = `wrk "$@"; status=$?; echo '${STAT_MARK}'; cat /proc/$$/stat; exit $status`;
  return new Promise((resolve, reject) => {
    execFile("sh", ["-c", script, "sh", ...args], (error, stdout, stderr) => {
      if (error) return reject(new Error(`wrk failed: ${error.message}\n${stderr}`));
      const [report = "", stat = ""] = stdout.split(STAT_MARK);
      try {
        resolve({ client: "wrk", ...parseWrkReport(report), clientCpuS: childCpuSeconds(stat) });
      } catch (parseError) {
        reject(parseError instanceof Error ? parseError : new Error(String(parseError)));
      }
    });
  });
}

/** One autocannon run in this process; its CPU is this process's, measured around the run. */
export async function runAutocannon(url: string, options: { connections: number; seconds: number }): Promise<HttpLoad> {
  const before = cpuSecondsOf(process.pid);
  const load = await autocannon({ url, connections: options.connections, duration: options.seconds });
  return {
    client: "autocannon",
    requests: load.requests.total,
    rps: load.requests.average,
    p50Ms: load.latency.p50,
    p99Ms: load.latency.p99,
    errors: load.errors + load.non2xx,
    clientCpuS: cpuSecondsOf(process.pid) - before,
  };
}

/**
 * A keep-alive GET load on `url`: wrk when it is installed (written in C, it costs a fraction of
 * autocannon's CPU per request, which matters when client and server share two cores), else autocannon.
 */
export async function httpLoad(url: string, options: { connections: number; seconds: number }): Promise<HttpLoad> {
  return (await wrkAvailable()) ? runWrk(url, options) : runAutocannon(url, options);
}
