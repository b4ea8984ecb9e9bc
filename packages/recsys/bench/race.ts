/**
 * `npm run bench:race [-- --seeds 5 --trials 12 --epochs 6 --first-seed 0 --minutes M --quick --data PATH]`: the race
 * users actually run. Tunes MF-BPR on ml-latest-small for validation NDCG@10 on the same 2 cores, with the
 * same search space, the same epochs cap per trial and the same trial budget on both sides:
 *  - rectune: `sampler: auto`, `pruner: auto`, on a real cluster (scheduler, one worker process with two
 *    trial threads, the API the study is submitted to, each its own process; PostgreSQL in a database of its
 *    own, Redis under a prefix of its own), the built-in MF target with BPR loss;
 *  - Optuna 3.1: TPE + MedianPruner driving PyTorch MF-BPR (race_optuna.py), two optimize() processes of one
 *    thread each on a shared study in PostgreSQL (a database of its own), on the split rectune made.
 * Per seed: the bar is the best validation NDCG@10 either side found (any finished trial, pruned ones at the
 * value they last reported); each side's time is from its study's start to the end of its first trial
 * within 1 % of the bar. Test NDCG@10: each side's best trial refitted on train + validation for its best
 * epoch count and scored once on test (rectune: the study's champion). Goal: rectune's median time ≤ 1/3 of
 * Optuna's. A seed where rectune never reached the bar counts as never; one where Optuna never did counts
 * at Optuna's study time, a lower bound, so the ratio is then an upper bound (`race_ratio_bound: "upper"`).
 * Last line: one JSON object.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { SHARED_DATASETS_DIR } from "@rectune/config";
import { ADMIN_URL, BenchCluster } from "@rectune/scheduling/bench-cluster";
import type { StudySpecInput } from "@rectune/spec";
import pg from "pg";
import { prepareTrialData } from "../src/index.js";
import { compareEvaluators, FIXED, PYTHON, raceTarget, writeSplit } from "./race-protocol.js";
import { bestBy, type FinishedTrial, medianOf, raceRatio, raceSeed } from "./race-timing.js";

const { values: args } = parseArgs({
  options: {
    seeds: { type: "string" },
    "first-seed": { type: "string", default: "0" },
    trials: { type: "string" },
    epochs: { type: "string" },
    /** No new seed starts after this many minutes (a loaded machine): the figures cover the seeds run. */
    minutes: { type: "string" },
    /** Development: one seed, 8 trials of 4 epochs. */
    quick: { type: "boolean", default: false },
    data: { type: "string", default: join(SHARED_DATASETS_DIR, "ml-latest-small/ratings.csv") },
  },
});
const seeds = Number(args.seeds ?? (args.quick ? 1 : 5));
const firstSeed = Number(args["first-seed"]);
const trials = Number(args.trials ?? (args.quick ? 8 : 12));
const epochs = Number(args.epochs ?? (args.quick ? 4 : 6));
const budgetMs = args.minutes === undefined ? Infinity : Number(args.minutes) * 60_000;
const TOLERANCE = 0.01;
const SCRIPT = fileURLToPath(new URL("race_optuna.py", import.meta.url));
const run = promisify(execFile);
const round = (v: number | null, digits = 1): number | null =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;
const log = (line: string): void => console.log(line);

/** The space both sides search, in the study spec's grammar (race_optuna.py reads the same object). */
const SPACE = {
  dim: { type: "int", low: 8, high: 128, log: true },
  lr: { type: "float", low: 1e-3, high: 5e-2, log: true },
  l2: { type: "float", low: 1e-4, high: 1e-1, log: true },
} as const;
const target = raceTarget(args.data, epochs);

function studySpec(seed: number, maxTrials: number, options: { warmup?: boolean } = {}): StudySpecInput {
  return {
    name: options.warmup ? "race warm-up" : `race seed ${seed}`,
    objective: { metric: "ndcg@10", direction: "maximize" },
    target: options.warmup ? { ...target, fixed: { ...FIXED, epochs: 1 } } : target,
    space: SPACE,
    strategy: options.warmup
      ? { sampler: "random", pruner: "none", maxTrials, parallelism: 2, seed }
      : { sampler: "auto", pruner: "auto", maxTrials, parallelism: 2, seed },
  };
}

interface SideResult {
  readonly trials: FinishedTrial[];
  /** From the start to the last trial's end (refit not included). */
  readonly studyS: number;
  readonly testNdcg: number | null;
  readonly pruned: number;
  readonly epochsTrained: number;
  readonly note: string;
}

/** Submits a study to the API, waits until it is COMPLETED (champion refitted), reads its trials' timings. */
async function runOurs(api: string, sql: pg.Pool, spec: StudySpecInput): Promise<SideResult> {
  const created = await fetch(`${api}/v1/studies`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec),
  });
  if (created.status !== 201) throw new Error(`POST /v1/studies: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: number };
  let study: { status: string; error?: string; champion: { testMetrics?: Record<string, number> | null } | null };
  const until = Date.now() + 3_600_000;
  for (;;) {
    study = (await (await fetch(`${api}/v1/studies/${id}`)).json()) as typeof study;
    if (study.status === "COMPLETED") break;
    if (!["RUNNING", "REFITTING"].includes(study.status)) throw new Error(`study ${id} ended ${study.status}`);
    if (Date.now() > until) throw new Error(`study ${id} did not complete within an hour`);
    await new Promise((r) => setTimeout(r, 250));
  }
  // The database's own clock on both ends: the study's creation and each trial's end.
  const { rows } = await sql.query<{ state: string; value: number; finished_s: number; last_step: number | null }>(
    `SELECT t.state, t.value, extract(epoch FROM t.finished_at - s.created_at)::float8 AS finished_s, t.last_step
     FROM trials t JOIN studies s ON s.id = t.study_id
     WHERE t.study_id = $1 AND t.state IN ('COMPLETE', 'PRUNED') AND t.value IS NOT NULL`,
    [id],
  );
  const { rows: pruners } = await sql.query<{ pruner: string; n: number }>(
    `SELECT coalesce(strategy->>'pruner', '?') AS pruner, count(*)::int AS n FROM trials WHERE study_id = $1 GROUP BY 1`,
    [id],
  );
  return {
    trials: rows.map((r) => ({ value: r.value, finishedS: r.finished_s })),
    studyS: Math.max(0, ...rows.map((r) => r.finished_s)),
    testNdcg: study.champion?.testMetrics?.["ndcg@10"] ?? null,
    pruned: rows.filter((r) => r.state === "PRUNED").length,
    epochsTrained: rows.reduce((n, r) => n + (r.last_step ?? 0), 0),
    note: `pruners ${pruners.map((p) => `${p.pruner}×${p.n}`).join(" ")}`,
  };
}

/** Runs race_optuna.py on its own database of the same PostgreSQL; drops the database afterwards. */
async function runOptuna(folder: string, splitDir: string, seed: number): Promise<SideResult> {
  const db = `rectune_race_optuna_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${db}`);
    const config = join(folder, `optuna-${seed}.json`);
    await writeFile(
      config,
      JSON.stringify({
        split: splitDir,
        storage: ADMIN_URL.replace(/\/[^/]*$/, `/${db}`),
        study: `race-${seed}`,
        seed,
        trials,
        epochs,
        workers: 2,
        threads: 1,
        space: SPACE,
        fixed: FIXED,
      }),
    );
    const { stdout } = await run(PYTHON, [SCRIPT, "race", config], { maxBuffer: 1 << 24, timeout: 3_600_000 });
    const out = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      trials: (FinishedTrial & { state: string; epochs: number })[];
      testNdcg: number;
      optuna: string;
      torch: string;
    };
    return {
      trials: out.trials,
      studyS: Math.max(0, ...out.trials.map((t) => t.finishedS)),
      testNdcg: out.testNdcg,
      pruned: out.trials.filter((t) => t.state === "PRUNED").length,
      epochsTrained: out.trials.reduce((n, t) => n + t.epochs, 0),
      note: `optuna ${out.optuna}, torch ${out.torch}`,
    };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  }
}

const loadStart = loadavg().map((l) => round(l, 2));
log(`load average at start: ${loadStart.join(", ")}`);
log(
  `race: MF-BPR on ml-latest-small, ${seeds} seed(s) from ${firstSeed}, ${trials} trials × ≤ ${epochs} epochs per side, ` +
    `2 trials at a time on 2 cores; bar = best validation NDCG@10 either side found in the seed, minus ${TOLERANCE * 100} %`,
);

const folder = await mkdtemp(join(tmpdir(), "rectune-race-"));
const splitDir = join(folder, "split");
const data = await prepareTrialData(target);
const counts = await writeSplit(splitDir, data);
log(
  `split (rectune's, written for the Python side): ${data.split.numUsers} users, ${data.split.numItems} items, ` +
    `train ${counts.train}, validation ${counts.valid}, test ${counts.test}`,
);
const check = await compareEvaluators(splitDir, join(folder, "embedding"), data, SCRIPT);
const evalGap = Math.max(
  Math.abs(check.rectune.valid - check.python.valid),
  Math.abs(check.rectune.test - check.python.test),
);
log(
  `evaluators on one fixed embedding: NDCG@10 validation rectune ${check.rectune.valid.toFixed(6)} vs Python ` +
    `${check.python.valid.toFixed(6)}, test ${check.rectune.test.toFixed(6)} vs ${check.python.test.toFixed(6)} (largest gap ${evalGap.toExponential(2)})`,
);
if (evalGap > 1e-4) throw new Error("the two evaluators disagree: the race would not compare like with like");

const cluster = await BenchCluster.create();
const sql = new pg.Pool({ connectionString: cluster.databaseUrl, max: 2 });
const rows: {
  seed: number;
  best: number;
  oursS: number | null;
  optunaS: number | null;
  ours: SideResult;
  optuna: SideResult;
}[] = [];
try {
  await cluster.startSchedulerProcess();
  await cluster.startWorkers(1, 2);
  const api = await cluster.startApi();
  // A standing cluster has its trial threads started and the data set prepared; so does Optuna's side
  // before its clock starts (its processes load torch and the split first).
  const warm = await runOurs(api.url, sql, studySpec(0, 2, { warmup: true }));
  log(`warm-up study: 2 trials of 1 epoch in ${warm.studyS.toFixed(1)} s`);
  const startedAt = Date.now();
  for (let s = firstSeed; s < firstSeed + seeds; s++) {
    if (Date.now() - startedAt > budgetMs) {
      log(`--minutes ${args.minutes} spent: seeds ${s} to ${firstSeed + seeds - 1} not run`);
      break;
    }
    // Alternate which side runs first, so a drift in the machine's load does not favour one side.
    const first = (s - firstSeed) % 2 === 0 ? "ours" : "optuna";
    const sides: Partial<Record<"ours" | "optuna", SideResult>> = {};
    for (const side of first === "ours" ? (["ours", "optuna"] as const) : (["optuna", "ours"] as const))
      sides[side] =
        side === "ours" ? await runOurs(api.url, sql, studySpec(s, trials)) : await runOptuna(folder, splitDir, s);
    const ours = sides.ours!;
    const optuna = sides.optuna!;
    const r = raceSeed(ours.trials, optuna.trials, TOLERANCE);
    rows.push({ seed: s, ...r, ours, optuna });
    // Where each side stood when the faster one had spent its whole budget.
    const end = Math.min(ours.studyS, optuna.studyS);
    log(
      `seed ${s}: best validation NDCG@10 at ${end.toFixed(1)} s (the first side's end): rectune ` +
        `${show(bestBy(ours.trials, end))}, Optuna ${show(bestBy(optuna.trials, end))}`,
    );
    log(
      `seed ${s}: bar ${(r.best * (1 - TOLERANCE)).toFixed(4)} (best ${r.best.toFixed(4)}); rectune ${secs(r.oursS)} ` +
        `(best ${Math.max(...ours.trials.map((t) => t.value)).toFixed(4)}, study ${ours.studyS.toFixed(1)} s, ${ours.pruned} pruned, ` +
        `${ours.epochsTrained} epochs, ${ours.note}), Optuna ${secs(r.optunaS)} (best ${Math.max(...optuna.trials.map((t) => t.value)).toFixed(4)}, ` +
        `study ${optuna.studyS.toFixed(1)} s, ${optuna.pruned} pruned, ${optuna.epochsTrained} epochs); load ${loadavg()[0]!.toFixed(2)}`,
    );
  }
} finally {
  await sql.end();
  await cluster.close();
  await rm(folder, { recursive: true, force: true });
}

function show(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : "no trial yet";
}

function secs(v: number | null): string {
  return v === null ? "not reached" : `${v.toFixed(1)} s`;
}

function fmt(v: number | null): string {
  return v === null ? "not reached" : v.toFixed(1);
}

log("");
log(
  `${"seed".padEnd(5)} ${"best val".padStart(9)} ${"rectune s".padStart(11)} ${"Optuna s".padStart(11)} ${"ratio".padStart(6)} ${"rectune test".padStart(13)} ${"Optuna test".padStart(12)}`,
);
for (const r of rows) {
  const ratio = r.oursS !== null && r.optunaS !== null ? (r.oursS / r.optunaS).toFixed(2) : "-";
  log(
    `${String(r.seed).padEnd(5)} ${r.best.toFixed(4).padStart(9)} ${fmt(r.oursS).padStart(11)} ${fmt(r.optunaS).padStart(11)} ${ratio.padStart(6)} ` +
      `${(r.ours.testNdcg?.toFixed(4) ?? "-").padStart(13)} ${(r.optuna.testNdcg?.toFixed(4) ?? "-").padStart(12)}`,
  );
}
const race = raceRatio(rows.map((r) => ({ oursS: r.oursS, optunaS: r.optunaS, optunaStudyS: r.optuna.studyS })));
const { ours: oursMedian, optuna: optunaMedian, ratio } = race;
// An upper bound (Optuna missed the bar in some seed, counted at its study time) meets the goal only if
// the bound itself does.
const upper = race.bound === "upper" ? " (upper bound: Optuna's unreached seeds count at their study time)" : "";
const testOurs = medianOf(rows.map((r) => r.ours.testNdcg));
const testOptuna = medianOf(rows.map((r) => r.optuna.testNdcg));
log(
  `median time to within ${TOLERANCE * 100} % of the seed's best: rectune ${secs(oursMedian)}, Optuna ` +
    `${race.bound === "upper" ? "≥ " : ""}${secs(optunaMedian)}; ratio ` +
    `${ratio === null ? "- (rectune's median seed never reached the bar)" : `${race.bound === "upper" ? "≤ " : ""}${ratio.toFixed(2)}${upper}`} (goal ≤ 0.33: ${ratio !== null && ratio <= 1 / 3 ? "met" : "not met"})`,
);
log(
  `median test NDCG@10 of the best trial, refitted: rectune ${testOurs?.toFixed(4)}, Optuna ${testOptuna?.toFixed(4)}`,
);
const loadEnd = loadavg().map((l) => round(l, 2));
log(`load average at the end: ${loadEnd.join(", ")}`);
console.log(
  JSON.stringify({
    race_ours_s: round(oursMedian, 2),
    race_optuna_s: round(optunaMedian, 2),
    race_ratio: round(ratio, 3),
    race_ratio_bound: race.bound,
    race_goal_met: ratio !== null && ratio <= 1 / 3,
    test_ndcg_ours: round(testOurs, 4),
    test_ndcg_optuna: round(testOptuna, 4),
    seeds: rows.length,
    seeds_planned: seeds,
    first_seed: firstSeed,
    trials,
    epochs,
    tolerance: TOLERANCE,
    evaluator_gap: evalGap,
    per_seed: rows.map((r) => ({
      seed: r.seed,
      best: round(r.best, 4),
      ours_s: round(r.oursS, 2),
      optuna_s: round(r.optunaS, 2),
      ours_study_s: round(r.ours.studyS, 1),
      optuna_study_s: round(r.optuna.studyS, 1),
      ours_test: round(r.ours.testNdcg, 4),
      optuna_test: round(r.optuna.testNdcg, 4),
    })),
    load_average_start: loadStart,
    load_average_end: loadEnd,
  }),
);
process.exit(0);
