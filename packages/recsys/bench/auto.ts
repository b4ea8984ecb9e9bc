/**
 * `npm run bench:auto [-- --trials 100 --seeds 10 --first-seed 0 --mf-trials 30 --mf-epochs 2 --part all|synthetic|mf --samplers gp,auto]`:
 * the "auto" strategy against every single sampler. Synthetic part: the sampler benchmark's problems
 * (Branin, Hartmann-6, Rosenbrock-5D, the mixed recommender-shaped space), median best over seeds. MF part:
 * tuning matrix factorization on ml-latest-small (validation NDCG@10, trained for real, short epochs, 20-core
 * filtered to keep it to minutes). Target: auto at least as good as the best single sampler (compared at the
 * 4 decimals printed) on at least 3 of 4 synthetic problems, and better than random everywhere. Last line:
 * one JSON object with every figure.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SHARED_DATASETS_DIR } from "@rectune/config";
import { loadTensorflow } from "@rectune/tfjs-backend";
import { CANDIDATES, runSynthetic } from "@rectune/search/bench";
import { mfTarget, tuneMf } from "./auto-tuning.js";

const { values: args } = parseArgs({
  options: {
    trials: { type: "string", default: "100" },
    seeds: { type: "string", default: "10" },
    /** Synthetic seeds are first-seed .. first-seed + seeds − 1: other seeds than the usual 0–9 check a change for seed-fitting. */
    "first-seed": { type: "string", default: "0" },
    "mf-trials": { type: "string", default: "30" },
    "mf-epochs": { type: "string", default: "2" },
    "mf-seed": { type: "string", default: "0" },
    dataset: {
      type: "string",
      default: join(SHARED_DATASETS_DIR, "ml-latest-small/ratings.csv"),
    },
    part: { type: "string", default: "all" },
    /** Only these samplers (comma-separated keys), e.g. to rerun the slow MF part for a few. */
    samplers: { type: "string" },
  },
});

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;
type Sense = "minimize" | "maximize";

/** auto vs the best single sampler and vs random, on one problem's medians. */
function verdict(figures: Record<string, number>, sense: Sense) {
  const better = (a: number, b: number): boolean =>
    sense === "minimize" ? round4(a) <= round4(b) : round4(a) >= round4(b);
  const singles = Object.entries(figures).filter(([k]) => k !== "auto");
  const [bestKey, bestValue] = singles.reduce((b, x) =>
    sense === "minimize" ? (x[1] < b[1] ? x : b) : x[1] > b[1] ? x : b,
  );
  const auto = figures.auto!;
  return {
    bestSingle: bestKey,
    bestSingleValue: bestValue,
    auto,
    autoAtLeastBest: better(auto, bestValue),
    autoBeatsRandom: sense === "minimize" ? auto < figures.random! : auto > figures.random!,
  };
}

/** A verdict needs auto, random and another single sampler among the figures (--samplers may leave them out). */
const judged = (figures: Record<string, number>): boolean =>
  "auto" in figures && "random" in figures && Object.keys(figures).length > 2;

function table(title: string, medians: Record<string, Record<string, number>>): void {
  const keys = candidates.map((c) => c.key);
  console.log(`\n${title}`);
  console.log(`${"problem".padEnd(12)} ${keys.map((k) => k.padStart(9)).join(" ")}`);
  for (const [problem, figures] of Object.entries(medians)) {
    console.log(
      `${problem.padEnd(12)} ${keys.map((k) => (figures[k] === undefined ? "n/a" : figures[k]!.toFixed(4)).padStart(9)).join(" ")}`,
    );
  }
}

const out: Record<string, unknown> = {
  trials: Number(args.trials),
  seeds: Number(args.seeds),
  firstSeed: Number(args["first-seed"]),
};
const only = args.samplers?.split(",");
const candidates = CANDIDATES.filter((c) => !only || only.includes(c.key));
const verdicts: Record<string, ReturnType<typeof verdict>> = {};

if (args.part === "all" || args.part === "synthetic") {
  const synthetic = runSynthetic(
    Number(args.trials),
    Number(args.seeds),
    { ...(only ? { samplers: only } : {}), firstSeed: Number(args["first-seed"]) },
    (l) => console.log(l),
  );
  table(
    `synthetic problems: median best over ${args.seeds} seeds from ${args["first-seed"]} at ${args.trials} trials (minimize)`,
    synthetic.medians,
  );
  for (const [problem, figures] of Object.entries(synthetic.medians))
    if (judged(figures)) verdicts[problem] = verdict(figures, "minimize");
  out.synthetic = synthetic;
}

if (args.part === "all" || args.part === "mf") {
  const { tf, backend } = await loadTensorflow();
  const target = mfTarget(args.dataset, Number(args["mf-epochs"]));
  const mf: Record<string, number> = {};
  const curves: Record<string, number[]> = {};
  for (const c of candidates) {
    const t0 = performance.now();
    const r = await tuneMf(tf, target, c.config, Number(args["mf-seed"]), Number(args["mf-trials"]));
    mf[c.key] = r.best;
    curves[c.key] = r.values;
    console.log(
      `mf-ml-small  ${c.key.padEnd(7)} best validation NDCG@10 over ${args["mf-trials"]} trials: ` +
        `${r.best.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s, ${backend})`,
    );
  }
  table(
    `MF on ml-latest-small: best validation NDCG@10 of ${args["mf-trials"]} trials, ${args["mf-epochs"]} epochs each (maximize)`,
    { "mf-ml-small": mf },
  );
  if (judged(mf)) verdicts["mf-ml-small"] = verdict(mf, "maximize");
  out.mf = { backend, epochs: Number(args["mf-epochs"]), trials: Number(args["mf-trials"]), best: mf, values: curves };
}

console.log("\nauto vs the best single sampler (compared at 4 decimals) and vs random:");
for (const [problem, v] of Object.entries(verdicts)) {
  console.log(
    `${problem.padEnd(12)} auto ${v.auto.toFixed(4)} | best single ${v.bestSingle} ${v.bestSingleValue.toFixed(4)} ` +
      `(ratio ${(v.auto / v.bestSingleValue).toFixed(4)}): ${v.autoAtLeastBest ? "PASS" : "FAIL"} | ` +
      `beats random: ${v.autoBeatsRandom ? "PASS" : "FAIL"}`,
  );
}
const syntheticKeys = Object.keys(verdicts).filter((k) => k !== "mf-ml-small");
const atLeastBest = syntheticKeys.filter((k) => verdicts[k]!.autoAtLeastBest).length;
const target = {
  syntheticAtLeastBest: `${atLeastBest}/${syntheticKeys.length}`,
  atLeastBestOn3of4: syntheticKeys.length === 4 ? atLeastBest >= 3 : null,
  beatsRandomEverywhere: Object.values(verdicts).every((v) => v.autoBeatsRandom),
};
console.log(
  `target: auto ≥ best single on ${target.syntheticAtLeastBest} synthetic problems; better than random everywhere: ${target.beatsRandomEverywhere}`,
);
console.log(JSON.stringify({ ...out, verdicts, target }));
