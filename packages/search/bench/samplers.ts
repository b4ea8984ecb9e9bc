/**
 * Sampler quality and cost benchmark: `npm run bench:samplers [-- --trials 100 --seeds 10]`.
 * Runs every sampler on Branin, Hartmann-6, Rosenbrock-5D and a mixed recommender-shaped space, prints the
 * median best value over seeds next to Optuna 3.1's (re-run through ../shared/anchors/optuna_suite.py
 * when python3-optuna is installed, else the stored anchor figures, labelled as such), and times TPE and GP
 * asks on large histories. The last line is one JSON object with every figure.
 */
import { fileURLToPath } from "node:url";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { SamplerConfig } from "../src/index.js";
import { TPE_ASK_TARGET_MS, timeAsk } from "./ask-cost.js";
import { median, PROBLEMS, runStudy, type Problem } from "./problems.js";

const { values: args } = parseArgs({
  options: {
    trials: { type: "string", default: "100" },
    seeds: { type: "string", default: "10" },
    "optuna-suite": {
      type: "string",
      default: fileURLToPath(new URL("../../../../shared/anchors/optuna_suite.py", import.meta.url)),
    },
    python: { type: "string", default: "/usr/bin/python3" },
    // Only the per-ask timings (no quality runs, no Optuna): for checking the cost targets quickly.
    "cost-only": { type: "boolean", default: false },
  },
});
const COST_ONLY = args["cost-only"];
const TRIALS = Number(args.trials);
const SEEDS = Number(args.seeds);

// Our key -> the config we run and the Optuna sampler it lines up with (if any).
const SAMPLERS: { key: string; config: SamplerConfig; optuna?: string }[] = [
  { key: "random", config: { name: "random" }, optuna: "random" },
  { key: "qmc", config: { name: "qmc" } },
  { key: "tpe", config: { name: "tpe" }, optuna: "tpe" },
  { key: "tpe_mv", config: { name: "tpe", multivariate: true }, optuna: "tpe_mv" },
  // The textbook Parzen density instead of the default kernel heights (see ParzenOptions.scoring).
  { key: "tpe_dens", config: { name: "tpe", kernelScoring: "density" }, optuna: "tpe" },
  { key: "cmaes", config: { name: "cmaes" }, optuna: "cmaes" },
  { key: "gp", config: { name: "gp" } },
];
// Optuna 3.1.0, `optuna_suite.py 100 10`, from ../shared/anchors/README.md.
const STORED_ANCHORS: Record<string, number> = {
  "branin/random": 0.5963,
  "branin/tpe": 0.4142,
  "branin/tpe_mv": 0.4871,
  "branin/cmaes": 0.4112,
  "hartmann6/random": -2.0368,
  "hartmann6/tpe": -3.0456,
  "hartmann6/tpe_mv": -3.1419,
  "hartmann6/cmaes": -3.0769,
  "rosenbrock5/random": 73.06,
  "rosenbrock5/tpe": 6.048,
  "rosenbrock5/tpe_mv": 9.658,
  "rosenbrock5/cmaes": 5.278,
};

function runOnce(problem: Problem, config: SamplerConfig, seed: number): number {
  return runStudy(problem, config, seed, TRIALS).best;
}

/** Optuna's figures: re-run when possible (in the background, while ours run), else the stored anchors. */
function optunaFigures(): Promise<{ source: string; figures: Record<string, number> }> {
  const stored = {
    source: "STORED anchors (Optuna 3.1.0, ../shared/anchors/README.md, 100 trials x 10 seeds)",
    figures: STORED_ANCHORS,
  };
  if (!existsSync(args.python) || !existsSync(args["optuna-suite"])) {
    console.log(`Optuna: ${args.python} or ${args["optuna-suite"]} missing; using the stored anchor figures.`);
    return Promise.resolve(stored);
  }
  return new Promise((resolve) => {
    execFile(
      args.python,
      [args["optuna-suite"], String(TRIALS), String(SEEDS)],
      { maxBuffer: 1 << 24 },
      (err, stdout, stderr) => {
        const last = stdout.trim().split("\n").at(-1) ?? "";
        if (err || !last.startsWith("{")) {
          console.log(
            `Optuna: re-run failed (${/No module named/.test(stderr) ? "python3-optuna is not installed" : (err?.message ?? "no JSON")}); ` +
              `using the stored anchor figures.`,
          );
          resolve(stored);
          return;
        }
        resolve({
          source: `RE-RUN here: ${args["optuna-suite"]} ${TRIALS} ${SEEDS}`,
          figures: JSON.parse(last) as Record<string, number>,
        });
      },
    );
  });
}

const optunaPromise = COST_ONLY
  ? Promise.resolve({ source: "skipped (--cost-only)", figures: {} as Record<string, number> })
  : optunaFigures();
const ours: Record<string, number> = {};
for (const problem of COST_ONLY ? [] : PROBLEMS) {
  for (const s of SAMPLERS) {
    const t0 = performance.now();
    const bests = Array.from({ length: SEEDS }, (_, seed) => runOnce(problem, s.config, seed));
    ours[`${problem.key}/${s.key}`] = median(bests);
    console.log(
      `ours ${problem.key.padEnd(12)} ${s.key.padEnd(8)} median best over ${SEEDS} seeds at ` +
        `B=${TRIALS}: ${median(bests).toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
}

const optuna = await optunaPromise;
// Timed after Optuna's run has finished, so that the two do not share the cores.
const cost = {
  tpe_ask_ms_1000_trials_hartmann6: timeAsk({ name: "tpe" }, PROBLEMS[1]!, 1000, 101),
  tpe_ask_ms_1000_trials_hartmann6_cold: timeAsk({ name: "tpe" }, PROBLEMS[1]!, 1000, 11, true),
  tpe_ask_ms_1000_trials_recommender: timeAsk({ name: "tpe" }, PROBLEMS[3]!, 1000, 51),
  tpe_mv_ask_ms_1000_trials_hartmann6: timeAsk({ name: "tpe", multivariate: true }, PROBLEMS[1]!, 1000, 21),
  gp_ask_ms_200_trials_hartmann6: timeAsk({ name: "gp" }, PROBLEMS[1]!, 200, 7),
  gp_ask_ms_200_trials_recommender: timeAsk({ name: "gp" }, PROBLEMS[3]!, 200, 7),
};
const loadAverage = loadavg()[0]!;
console.log(`\nOptuna figures: ${optuna.source}`);
console.log("gap = value - known optimum; ratio = our gap / Optuna's gap (< 1: ours closer to the optimum)\n");
console.log(
  `${"problem".padEnd(12)} ${"sampler".padEnd(8)} ${"ours".padStart(10)} ${"optuna".padStart(10)} ${"ratio".padStart(7)}`,
);
const ratios: Record<string, number> = {};
for (const problem of COST_ONLY ? [] : PROBLEMS) {
  for (const s of SAMPLERS) {
    const k = `${problem.key}/${s.key}`;
    const theirs = s.optuna ? optuna.figures[`${problem.key}/${s.optuna}`] : undefined;
    const ratio = theirs === undefined ? undefined : (ours[k]! - problem.optimum) / (theirs - problem.optimum);
    if (ratio !== undefined) ratios[k] = ratio;
    console.log(
      `${problem.key.padEnd(12)} ${s.key.padEnd(8)} ${ours[k]!.toFixed(4).padStart(10)} ` +
        `${(theirs?.toFixed(4) ?? "n/a").padStart(10)} ${(ratio?.toFixed(3) ?? "n/a").padStart(7)}`,
    );
  }
}

// The issue's targets: our TPE no worse than Optuna's TPE; the best of ours no worse than the best of Optuna's.
const targets: Record<string, boolean> = {};
console.log("");
for (const problem of PROBLEMS) {
  const theirs = Object.entries(optuna.figures).filter(([k]) => k.startsWith(`${problem.key}/`));
  if (theirs.length === 0 || COST_ONLY) continue;
  const bestTheirs = Math.min(...theirs.map(([, v]) => v));
  const bestOurs = Math.min(...SAMPLERS.map((s) => ours[`${problem.key}/${s.key}`]!));
  const tpeOk = ours[`${problem.key}/tpe`]! <= optuna.figures[`${problem.key}/tpe`]!;
  const bestOk = bestOurs <= bestTheirs;
  targets[`${problem.key}/tpe_vs_optuna_tpe`] = tpeOk;
  targets[`${problem.key}/best_vs_optuna_best`] = bestOk;
  console.log(
    `${problem.key.padEnd(12)} our TPE vs Optuna TPE: ${tpeOk ? "PASS" : "FAIL"}; best of ours ` +
      `${bestOurs.toFixed(4)} vs best of Optuna ${bestTheirs.toFixed(4)}: ${bestOk ? "PASS" : "FAIL"}`,
  );
}
console.log(
  `\ncost (ms per ask: wall = median, cpu = mean over the timed asks; 1-minute load ` +
    `average while timing: ${loadAverage.toFixed(1)} on ${availableParallelism()} cores):`,
);
console.log(`  ${"".padEnd(40)} ${"wall".padStart(8)} ${"cpu".padStart(8)}  target`);
const costTargets: Record<string, number> = {
  tpe_ask_ms_1000_trials_hartmann6: TPE_ASK_TARGET_MS,
  gp_ask_ms_200_trials_hartmann6: 200,
};
for (const [k, v] of Object.entries(cost)) {
  const target = costTargets[k];
  console.log(
    `  ${k.padEnd(40)} ${v.wallMs.toFixed(2).padStart(8)} ${v.cpuMs.toFixed(2).padStart(8)}  ${target ? `<= ${target} ms` : ""}`,
  );
}
console.log(
  JSON.stringify({
    trials: TRIALS,
    seeds: SEEDS,
    ours,
    optuna: optuna.figures,
    optunaSource: optuna.source,
    ratios,
    targets,
    cost,
    loadAverage,
  }),
);
