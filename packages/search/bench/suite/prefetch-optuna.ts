/**
 * Fills the Optuna cache for the suite (what bench/suite.ts reads), `jobs` driver processes at a time:
 *   npx tsx packages/search/bench/suite/prefetch-optuna.ts [--seeds 0-9] [--trials 200] [--jobs 2] [--nice 10] [--samplers tpe,random] [--problems a,b]
 */
import { parseArgs } from "node:util";
import { SUITE } from "./index.js";
import { optunaRunner, optunaVersion, type OptunaSampler } from "./optuna.js";
import { parseSeeds } from "./args.js";

const { values: args } = parseArgs({
  options: {
    seeds: { type: "string", default: "0-9" },
    trials: { type: "string", default: "200" },
    jobs: { type: "string", default: "2" },
    python: { type: "string", default: "/usr/bin/python3" },
    cache: { type: "string", default: "bench-results/suite" },
    problems: { type: "string" },
    nice: { type: "string", default: "10" },
    samplers: { type: "string" },
  },
});
const version = optunaVersion(args.python);
if (!version) throw new Error(`${args.python} cannot import optuna`);
const runner = optunaRunner(args.python, args.cache, version, Number(args.nice));
const seeds = parseSeeds(args.seeds);
const keys = args.problems?.split(",");
// Sampler-major, TPE first: the comparison every goal needs is complete soonest; multivariate TPE (the
// slowest) last.
const order = (args.samplers?.split(",") ?? ["tpe", "random", "cmaes", "qmc", "tpe_mv"]) as OptunaSampler[];
// In the order --problems lists them (the rest of the suite's order otherwise).
const chosen = keys ? keys.map((k) => SUITE.find((p) => p.key === k)!).filter(Boolean) : [...SUITE];
const queue = order.flatMap((s) => chosen.map((p) => ({ p, s })));
const t0 = performance.now();
let done = 0;
async function worker(): Promise<void> {
  for (let job = queue.shift(); job; job = queue.shift()) {
    const t = performance.now();
    await runner.traces(job.p, job.s, seeds, Number(args.trials));
    done++;
    console.log(
      `${job.p.key} ${job.s}: ${((performance.now() - t) / 1000).toFixed(1)} s (${done} done, ${queue.length} queued, ` +
        `${((performance.now() - t0) / 1000).toFixed(0)} s total)`,
    );
  }
}
await Promise.all(Array.from({ length: Number(args.jobs) }, worker));
