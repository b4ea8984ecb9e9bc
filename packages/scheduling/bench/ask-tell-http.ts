import { execFile } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ensureDatabase } from "@rectune/store";
import type { CpuMeter } from "./cpu.js";

const run = promisify(execFile);
const OPTUNA_SCRIPT = fileURLToPath(new URL("./optuna_ask_tell.py", import.meta.url));

/** The space both sides suggest from: the 4 parameters of the Optuna anchor. */
const SPACE = {
  x: { type: "float", low: -5, high: 5 },
  lr: { type: "float", low: 1e-5, high: 1e-1, log: true },
  dim: { type: "int", low: 8, high: 128 },
  opt: { type: "categorical", choices: ["adam", "sgd", "adagrad"] },
};

export interface RoundTrips {
  readonly n: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** CPU ms per measured pair of each group `meter` follows (less bent by the machine's load than wall time). */
  readonly cpuMsPerPair?: Readonly<Record<string, number>>;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

/** A JSON POST: its status and parsed answer. */
type Post = (path: string, body: unknown) => Promise<{ status: number; json: Record<string, unknown> }>;

/**
 * The bench's two HTTP clients, both keep-alive: Node's `fetch` (undici), and `node:http` with a keep-alive
 * agent. On a 2-core machine the client shares the cores with the API and PostgreSQL, and `fetch` costs
 * ~2 ms of CPU per pair on its own (more than the API), so the round trip is measured with both.
 */
export type HttpClient = "http" | "fetch";

function poster(apiUrl: string, client: HttpClient): Post {
  if (client === "fetch")
    return async (path, body) => {
      const res = await fetch(`${apiUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return (path, body) =>
    new Promise((resolve, reject) => {
      const text = JSON.stringify(body);
      const req = request(
        `${apiUrl}${path}`,
        {
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            try {
              resolve({
                status: res.statusCode ?? 0,
                json: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>,
              });
            } catch (err) {
              reject(err instanceof Error ? err : new Error(String(err)));
            }
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(text);
    });
}

/**
 * One client's ask -> tell round trips over HTTP against the API (keep-alive, one at a time, as a
 * training script does): an external study with the random sampler; the first `warmup` pairs are not
 * counted (JIT, prepared statements), nor metered by `meter`.
 */
export async function askTellRoundTrips(
  apiUrl: string,
  n: number,
  options: { meter?: CpuMeter; client?: HttpClient; warmup?: number } = {},
): Promise<RoundTrips> {
  const { meter, client = "http", warmup = 50 } = options;
  const send = poster(apiUrl, client);
  const post = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const { status, json } = await send(path, body);
    if (status < 200 || status > 299) throw new Error(`${path}: ${status} ${JSON.stringify(json)}`);
    return json;
  };
  const study = await post("/v1/studies", {
    name: "bench-ask-tell",
    objective: { metric: "value", direction: "minimize" },
    target: { kind: "external" },
    space: SPACE,
    strategy: { sampler: "random", pruner: "none", maxTrials: n + warmup },
  });
  const times: number[] = [];
  for (let i = 0; i < n + warmup; i++) {
    if (i === warmup) await meter?.start();
    const t0 = performance.now();
    const trial = await post(`/v1/studies/${String(study.id)}/trials:ask`, { client: "bench" });
    const params = trial.params as { x: number };
    await post(`/v1/trials/${String(trial.trial)}/tell`, { attempt: trial.attempt, values: [(params.x - 1) ** 2] });
    if (i >= warmup) times.push(performance.now() - t0);
  }
  const cpu = await meter?.stop();
  times.sort((a, b) => a - b);
  return {
    n,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    ...(cpu ? { cpuMsPerPair: Object.fromEntries(Object.entries(cpu).map(([k, s]) => [k, (s * 1000) / n])) } : {}),
  };
}

/** Optuna 3.1's ask -> 4 suggestions -> tell on the same PostgreSQL (random sampler), one pair at a time. */
export async function optunaAskTell(n: number): Promise<RoundTrips & { line: string }> {
  await ensureDatabase("postgresql://postgres@127.0.0.1:5432/optuna_bench");
  const { stdout } = await run("/usr/bin/python3", [OPTUNA_SCRIPT, String(n)], { timeout: 600_000 });
  const line = stdout.trim().split("\n").at(-1) ?? "";
  const match = line.match(/p50 ([\d.]+) ms, p99 ([\d.]+) ms/);
  if (!match) throw new Error(`no figures in the Optuna ask/tell script's output:\n${stdout}`);
  return { n, p50Ms: Number(match[1]), p99Ms: Number(match[2]), line };
}
