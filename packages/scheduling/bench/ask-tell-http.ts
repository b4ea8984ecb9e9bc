import { execFile } from "node:child_process";
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

/**
 * One client's ask -> tell round trips over HTTP against the API (keep-alive, one at a time, as a
 * training script does): an external study with the random sampler; the first `warmup` pairs are not
 * counted (JIT, prepared statements), nor metered by `meter`.
 */
export async function askTellRoundTrips(apiUrl: string, n: number, meter?: CpuMeter, warmup = 50): Promise<RoundTrips> {
  const post = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${apiUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
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
