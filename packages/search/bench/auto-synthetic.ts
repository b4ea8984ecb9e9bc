/** The synthetic half of `npm run bench:auto`: every single sampler and "auto" on the sampler benchmark's problems. */
import { portfolioReport, type SamplerConfig } from "../src/index.js";
import { median, PROBLEMS, runStudy } from "./problems.js";

export const CANDIDATES: { key: string; config: SamplerConfig }[] = [
  { key: "random", config: { name: "random" } },
  { key: "qmc", config: { name: "qmc" } },
  { key: "tpe", config: { name: "tpe" } },
  { key: "tpe_mv", config: { name: "tpe", multivariate: true } },
  { key: "cmaes", config: { name: "cmaes" } },
  { key: "gp", config: { name: "gp" } },
  { key: "auto", config: { name: "auto" } },
];

export interface SyntheticResult {
  /** problem -> sampler -> median best over seeds. */
  readonly medians: Record<string, Record<string, number>>;
  /** problem -> the auto sampler's arm -> its mean share of the trials. */
  readonly autoShares: Record<string, Record<string, number>>;
}

export function runSynthetic(
  trials: number,
  seeds: number,
  /** Subsets of problems and samplers; firstSeed (0) moves the seeds, to check a change on seeds it was not tuned on. */
  only: { problems?: readonly string[]; samplers?: readonly string[]; firstSeed?: number },
  log: (line: string) => void,
): SyntheticResult {
  const medians: Record<string, Record<string, number>> = {};
  const autoShares: Record<string, Record<string, number>> = {};
  for (const problem of PROBLEMS.filter((p) => !only.problems || only.problems.includes(p.key))) {
    medians[problem.key] = {};
    for (const c of CANDIDATES.filter((x) => !only.samplers || only.samplers.includes(x.key))) {
      const t0 = performance.now();
      const runs = Array.from({ length: seeds }, (_, i) =>
        runStudy(problem, c.config, (only.firstSeed ?? 0) + i, trials),
      );
      medians[problem.key]![c.key] = median(runs.map((r) => r.best));
      if (c.key === "auto") {
        const share: Record<string, number> = {};
        for (const r of runs) {
          for (const s of portfolioReport({ directions: ["minimize"], trials: r.history }).samplers)
            share[s.sampler] = (share[s.sampler] ?? 0) + s.share / seeds;
        }
        autoShares[problem.key] = share;
      }
      log(
        `${problem.key.padEnd(12)} ${c.key.padEnd(7)} median best over ${seeds} seeds` +
          `${only.firstSeed ? ` from ${only.firstSeed}` : ""} at ${trials} trials: ` +
          `${medians[problem.key]![c.key]!.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
    }
  }
  return { medians, autoShares };
}
