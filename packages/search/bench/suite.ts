/**
 * bench:suite — rectune's TPE and `auto` against Optuna 3.1 on the benchmark suite (bench/suite/: 32
 * problems in six families, three of them MF's recorded landscapes on ml-latest-small), at budgets 50 and 200,
 * over 10 seeds:
 *
 *   npm run bench:suite                      # full: every problem, seeds 0-9, budgets 50 and 200
 *   npm run bench:suite -- --quick           # 9 problems (every family), seeds 0-4
 *   npm run bench:suite -- --seeds 100-109 --optuna-seeds 0-9 --tpe '{"clipExponent":1}'   # tuning runs
 *
 * Optuna (random, TPE, multivariate TPE, CMA-ES, scrambled Sobol') runs live through /usr/bin/python3 when
 * it has optuna (bench/suite/optuna.ts), cached under bench-results/suite; without it the bench says so and
 * prints ours only. A budget-B figure is the noise-free value of the best observed trial among the first B of
 * a 200-trial run (TPE and Optuna's samplers do not read the budget); `auto`, which does, runs each budget.
 * Outcomes: two-sided Mann–Whitney U (normal approximation, tie-corrected), alpha 0.05 — a win or a loss
 * only when significant. Last line: one JSON object with the counts and the goal flags.
 */
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { TpeOptions } from "../src/index.js";
import { TPE_ASK_TARGET_MS, timeAsk } from "./ask-cost.js";
import { PROBLEMS } from "./problems.js";
import { parseSeeds } from "./suite/args.js";
import { cached, sourceHash } from "./suite/cache.js";
import { SUITE, type SuiteProblem } from "./suite/index.js";
import { fingerprint, OPTUNA_SAMPLERS, optunaRunner, optunaVersion, type OptunaSampler } from "./suite/optuna.js";
import { ourAuto, ourTpe, ourTrace, type OurSampler } from "./suite/ours.js";
import { median } from "./suite/stats.js";
import { counts, printFamilies, printRows, row, tieOrWin, type Row } from "./suite/tables.js";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    seeds: { type: "string" },
    "optuna-seeds": { type: "string" },
    budgets: { type: "string", default: "50,200" },
    problems: { type: "string" },
    python: { type: "string", default: "/usr/bin/python3" },
    cache: { type: "string", default: "bench-results/suite" },
    jobs: { type: "string", default: "2" },
    // live: run what the cache lacks; cached: read the cache only (problems it lacks go without Optuna); off.
    optuna: { type: "string", default: "live" },
    tpe: { type: "string", default: "{}" },
    // live: run what the cache lacks; cached: report only what is cached.
    ours: { type: "string", default: "live" },
    // Read (with --ours cached) the traces an earlier version of the code left: its ours-<hash> folder.
    "ours-hash": { type: "string" },
    auto: { type: "boolean", default: true },
    alpha: { type: "string", default: "0.05" },
    cost: { type: "boolean", default: true },
  },
  allowNegative: true,
});
const t0 = performance.now();
const QUICK_PROBLEMS = [
  "branin",
  "rot-rastrigin-4",
  "ellipsoid-10",
  "mixed-recsys",
  "mixed-wide",
  "cond-optimizer",
  "noisy-recsys",
  "plateau-log-int",
  "recorded-mf",
];
const keys = args.problems?.split(",") ?? (args.quick ? QUICK_PROBLEMS : undefined);
const problems = SUITE.filter((p) => !keys || keys.includes(p.key));
const seeds = parseSeeds(args.seeds ?? (args.quick ? "0-4" : "0-9"));
const optunaSeeds = args["optuna-seeds"] ? parseSeeds(args["optuna-seeds"]) : seeds;
const budgets = args.budgets.split(",").map(Number);
const maxBudget = Math.max(...budgets);
const alpha = Number(args.alpha);
const tpeOptions = JSON.parse(args.tpe) as TpeOptions;
const samplers: OurSampler[] = [ourTpe(tpeOptions), ...(args.auto ? [ourAuto] : [])];
console.log(
  `suite: ${problems.length} problems, our seeds ${args.seeds ?? seeds.join(",")}, Optuna's ${optunaSeeds.join(",")}, ` +
    `budgets ${budgets.join(", ")}; TPE options ${JSON.stringify(tpeOptions)}`,
);

// Optuna first (its drivers wait on this process's event loop, which our synchronous runs would block).
const version = args.optuna === "off" ? undefined : optunaVersion(args.python);
if (args.optuna !== "off" && !version)
  console.log(`Optuna: ${args.python} cannot import optuna; printing ours only (no comparison, no goals).`);
const optuna = new Map<string, Map<OptunaSampler, number[][]>>();
if (version) {
  const runner = optunaRunner(args.python, args.cache, version);
  const jobs = problems.flatMap((p) => OPTUNA_SAMPLERS.map((s) => ({ p, s })));
  const worker = async (): Promise<void> => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const { p, s } = job;
      try {
        const traces =
          args.optuna === "cached"
            ? await runner.cachedTraces(p, s, optunaSeeds, maxBudget)
            : await runner.traces(p, s, optunaSeeds, maxBudget);
        if (!traces) continue;
        if (!optuna.has(p.key)) optuna.set(p.key, new Map());
        optuna.get(p.key)!.set(s, traces);
      } catch (error) {
        console.log(`Optuna ${p.key} ${s}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Number(args.jobs) }, worker));
  console.log(`Optuna ${version} (${args.optuna}): ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

const srcHash = args["ours-hash"] ?? sourceHash();
if (args["ours-hash"]) console.log(`ours: the cached traces of code version ${srcHash}, not the checked-out code`);
const regret = (p: SuiteProblem, v: number): number => v - (p.optimum ?? 0);
/** ours[problem][sampler][budget] = regrets over seeds. */
const ours = new Map<string, Map<string, Map<number, number[]>>>();
const oursSkipped: string[] = [];
for (const p of problems) {
  const t = performance.now();
  const bySampler = new Map<string, Map<number, number[]>>();
  for (const s of samplers) {
    const byBudget = new Map<number, number[]>();
    for (const b of budgets) {
      const runTrials = s.budgetAware ? b : maxBudget;
      const options = JSON.stringify(s.key === "tpe" ? tpeOptions : {}).replace(/[^\w.-]+/g, "_");
      const paths = seeds.map((seed) =>
        join(
          args.cache,
          `ours-${srcHash}`,
          `${p.key}-${fingerprint(p)}`,
          `${s.key}-${options}-s${seed}-t${runTrials}.json`,
        ),
      );
      // --ours cached: report only what earlier (e.g. sharded background) runs left in the cache.
      if (args.ours === "cached" && !paths.every((path) => existsSync(path))) {
        oursSkipped.push(`${p.key}/${s.key}@${b}`);
        continue;
      }
      const traces = await Promise.all(
        paths.map((path, i) => cached(path, () => ourTrace(p, s, seeds[i]!, runTrials))),
      );
      byBudget.set(
        b,
        traces.map((tr) => regret(p, tr[b - 1]!)),
      );
    }
    bySampler.set(s.key, byBudget);
  }
  ours.set(p.key, bySampler);
  console.log(`ours ${p.key}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
if (oursSkipped.length > 0) console.log(`not in our cache (--ours cached): ${oursSkipped.join(", ")}`);

const tpeRows: Row[] = [];
const autoRows: Row[] = [];
for (const b of budgets) {
  for (const p of problems) {
    const theirs = optuna.get(p.key);
    if (!theirs) continue;
    const at = (s: OptunaSampler): number[] | undefined => theirs.get(s)?.map((tr) => regret(p, tr[b - 1]!));
    const mine = ours.get(p.key)!;
    const tpe = at("tpe");
    if (tpe && mine.get("tpe")?.has(b))
      tpeRows.push(row(p.key, p.family, b, mine.get("tpe")!.get(b)!, tpe, "tpe", alpha));
    const auto = mine.get("auto")?.get(b);
    // The best of the Optuna samplers that ran (a cached run may lack some: they are listed below).
    const best = OPTUNA_SAMPLERS.filter((s) => theirs.has(s))
      .map((s) => ({ s, v: at(s)! }))
      .sort((x, y) => median(x.v) - median(y.v))[0];
    if (auto && best) autoRows.push(row(p.key, p.family, b, auto, best.v, best.s, alpha));
  }
}

if (!version) {
  for (const b of budgets) {
    console.log(`\nours, budget ${b} (median regret over ${seeds.length} seeds)`);
    for (const p of problems)
      for (const s of samplers) {
        const v = ours.get(p.key)?.get(s.key)?.get(b);
        console.log(`${p.key.padEnd(22)} ${s.key.padEnd(6)} ${v ? median(v).toPrecision(4) : "not run"}`);
      }
  }
}
const missing = problems.flatMap((p) =>
  OPTUNA_SAMPLERS.filter((s) => !optuna.get(p.key)?.has(s)).map((s) => `${p.key}/${s}`),
);
if (version && missing.length > 0)
  console.log(`\nno Optuna traces (${args.optuna}) for ${missing.length} problem/sampler pairs: ${missing.join(", ")}`);
const rowsAt = (rows: Row[], b: number): Row[] => rows.filter((r) => r.budget === b);
const note = `regret = noise-free value of the best observed trial - known optimum; Mann–Whitney U, two-sided, alpha ${alpha}`;
for (const b of budgets) {
  if (tpeRows.length) printRows(`rectune TPE vs Optuna TPE, budget ${b} (${note})`, "rectune tpe", rowsAt(tpeRows, b));
  if (autoRows.length)
    printRows(
      `rectune auto vs the best Optuna sampler by median, budget ${b} (${note})`,
      "rectune auto",
      rowsAt(autoRows, b),
    );
}
if (tpeRows.length) printFamilies({ tpe: tpeRows, ...(autoRows.length ? { auto: autoRows } : {}) }, budgets);

const byBudget = (rows: Row[]) =>
  Object.fromEntries(budgets.map((b) => [b, { ...counts(rowsAt(rows, b)), tieOrWin: tieOrWin(rowsAt(rows, b)) }]));
const mixedCondLosses = tpeRows.filter(
  (r) => (r.family === "mixed" || r.family === "conditional") && r.outcome === "loss",
);
const goals = version
  ? {
      tpe_tie_or_win_80: budgets.every((b) => tieOrWin(rowsAt(tpeRows, b)) >= 0.8),
      tpe_no_loss_mixed_conditional: mixedCondLosses.length === 0,
      auto_tie_or_win_80: args.auto ? budgets.every((b) => tieOrWin(rowsAt(autoRows, b)) >= 0.8) : undefined,
    }
  : undefined;
const cost = args.cost ? timeAsk({ name: "tpe", ...tpeOptions }, PROBLEMS[1]!, 1000, 101) : undefined;
const load = loadavg();
const complete = missing.length === 0 && oursSkipped.length === 0;
if (goals) {
  console.log(
    `\ngoals${complete ? "" : ` (INCOMPLETE: on the ${tpeRows.length} TPE and ${autoRows.length} auto rows the caches hold, ` + `Optuna's best taken over the samplers that ran)`}: ` +
      `TPE tie-or-win >= 80 % at every budget: ${goals.tpe_tie_or_win_80 ? "MET" : "NOT MET"}; ` +
      `no significant TPE loss on mixed/conditional: ${goals.tpe_no_loss_mixed_conditional ? "MET" : `NOT MET (${mixedCondLosses.map((r) => `${r.problem}@${r.budget}`).join(", ")})`}; ` +
      `auto tie-or-win >= 80 % vs the best Optuna sampler: ${goals.auto_tie_or_win_80 === undefined ? "not run" : goals.auto_tie_or_win_80 ? "MET" : "NOT MET"}`,
  );
}
if (cost)
  console.log(
    `TPE ask on Hartmann-6 with 1,000 trials: ${cost.wallMs.toFixed(2)} ms wall (median), ${cost.cpuMs.toFixed(2)} ms CPU ` +
      `(target <= ${TPE_ASK_TARGET_MS} ms; load average ${load[0]!.toFixed(2)} on ${availableParallelism()} cores)`,
  );
const seconds = (performance.now() - t0) / 1000;
console.log(`took ${seconds.toFixed(0)} s; load average ${load.map((v) => v.toFixed(2)).join(" ")}`);
console.log(
  JSON.stringify({
    problems: problems.length,
    seeds,
    optunaSeeds,
    budgets,
    optuna: version ?? null,
    tpeOptions,
    tpe_vs_optuna_tpe: version ? byBudget(tpeRows) : null,
    auto_vs_best_optuna: version && args.auto ? byBudget(autoRows) : null,
    tpe_losses_mixed_conditional: mixedCondLosses.map((r) => `${r.problem}@${r.budget}`),
    complete,
    optuna_missing: missing.length,
    ours_missing: oursSkipped.length,
    goals: goals ?? null,
    tpe_ask_ms_1000_trials_hartmann6: cost ? { wall: cost.wallMs, cpu: cost.cpuMs } : null,
    loadAverage: load[0],
    seconds,
  }),
);
