/**
 * Optuna's samplers on the suite, live: one /usr/bin/python3 process per (problem, sampler) runs every seed
 * through optuna_driver.py's ask/tell loop, asking Node for each value (JSON lines), so the problems exist
 * only here. Traces are cached under bench-results/ (gitignored) by Optuna's version, the problem's
 * fingerprint (its space and values at fixed points, so an edited problem is re-run), sampler, seed and
 * trials.
 */
import { spawn, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { orderedParams, RandomSampler, suggest, type Params, type SearchSpace } from "../../src/index.js";
import { StudyScore } from "./evaluate.js";
import type { SuiteProblem } from "./problem.js";

export const OPTUNA_SAMPLERS = ["random", "tpe", "tpe_mv", "cmaes", "qmc"] as const;
export type OptunaSampler = (typeof OPTUNA_SAMPLERS)[number];

const DRIVER = fileURLToPath(new URL("./optuna_driver.py", import.meta.url));

/** The space as the driver reads it: [name, definition] in sampling order (parents before the parameters they condition). */
export const driverSpace = (space: SearchSpace): [string, SearchSpace[string]][] =>
  orderedParams(space).map((name) => [name, space[name]!]);

/** Optuna's version under `python`, or undefined when it cannot be imported. */
export function optunaVersion(python: string): string | undefined {
  if (!existsSync(python)) return undefined;
  try {
    return execFileSync(python, ["-c", "import optuna; print(optuna.__version__)"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}

/** A short hash of the problem's space and its values at 16 fixed random configurations. */
export function fingerprint(problem: SuiteProblem): string {
  const sampler = new RandomSampler();
  const values = Array.from({ length: 16 }, (_, n) =>
    problem.f(suggest(sampler, problem.space, { directions: ["minimize"], trials: [] }, n, 7)),
  );
  return createHash("sha1")
    .update(JSON.stringify(driverSpace(problem.space)))
    .update(JSON.stringify(values.map((v) => v.toPrecision(12))))
    .digest("hex")
    .slice(0, 10);
}

export interface OptunaRunner {
  readonly version: string;
  /** Traces (StudyScore.trace) of `trials` trials for each seed, cached or run now. */
  traces(problem: SuiteProblem, sampler: OptunaSampler, seeds: readonly number[], trials: number): Promise<number[][]>;
  /** The cached traces only: undefined when any seed's is missing. */
  cachedTraces(
    problem: SuiteProblem,
    sampler: OptunaSampler,
    seeds: readonly number[],
    trials: number,
  ): Promise<number[][] | undefined>;
}

export function optunaRunner(python: string, cacheDir: string, version: string, niceness = 10): OptunaRunner {
  const file = (problem: SuiteProblem, sampler: string, seed: number, trials: number): string =>
    join(
      cacheDir,
      `optuna-${version}`,
      `${problem.key}-${fingerprint(problem)}`,
      `${sampler}-s${seed}-t${trials}.json`,
    );

  async function run(problem: SuiteProblem, sampler: OptunaSampler, seeds: number[], trials: number): Promise<void> {
    // nice: the suite runs for half an hour or more on cores other people's jobs share.
    const child = spawn("nice", ["-n", String(niceness), python, DRIVER], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    child.stdin.write(`${JSON.stringify({ space: driverSpace(problem.space), sampler, seeds, trials })}\n`);
    let score: StudyScore | undefined;
    for await (const line of createInterface({ input: child.stdout })) {
      const msg = JSON.parse(line) as { seed?: number; params?: Params; done?: number };
      if (msg.done !== undefined) {
        const path = file(problem, sampler, msg.done, trials);
        await mkdir(join(path, ".."), { recursive: true });
        await writeFile(path, JSON.stringify(score!.trace));
        score = undefined;
        continue;
      }
      score ??= new StudyScore(problem, msg.seed!);
      child.stdin.write(`${JSON.stringify({ value: score.observe(msg.params!) })}\n`);
    }
    child.stdin.end();
    const code = await exited;
    if (code !== 0)
      throw new Error(`optuna driver (${problem.key}, ${sampler}) exited ${code}: ${stderr.slice(-1000)}`);
  }

  const read = (problem: SuiteProblem, sampler: OptunaSampler, seeds: readonly number[], trials: number) =>
    Promise.all(
      seeds.map(async (s) => JSON.parse(await readFile(file(problem, sampler, s, trials), "utf8")) as number[]),
    );

  return {
    version,
    async traces(problem, sampler, seeds, trials) {
      const missing = seeds.filter((s) => !existsSync(file(problem, sampler, s, trials)));
      if (missing.length > 0) await run(problem, sampler, missing, trials);
      return read(problem, sampler, seeds, trials);
    },
    async cachedTraces(problem, sampler, seeds, trials) {
      if (seeds.some((s) => !existsSync(file(problem, sampler, s, trials)))) return undefined;
      return read(problem, sampler, seeds, trials);
    },
  };
}
