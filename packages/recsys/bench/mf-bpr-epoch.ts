/**
 * `npm run bench:mf-bpr-epoch [-- --dims 16,64,128 --epochs 4 --lr 0.005 --l2 0.003 --backend NAME --skip-torch]`:
 * what one epoch of the race's model costs on each side, in CPU seconds (the machine is shared, so CPU
 * time rather than wall time): MF-BPR on ml-latest-small with bench:race's fixed settings (Adam, batch
 * 2,048, one uniform negative per positive, N(0, 0.1) init), training and then validation NDCG@10 over
 * every validation user, per dimension.
 *  - rectune: the built-in MF through the recommender registry (the trial's code path), on the backend a
 *    worker loads (wasm unless --backend); run this script with `node --single-threaded` as the worker does.
 *  - PyTorch: race_optuna.py's model, training loop and evaluator (mf-bpr-epoch.py), one thread, on the
 *    same split (rectune's, written out as bench:race does).
 * Both sides are measured in this one run, one after the other. Per dimension: the median epoch after
 * the first (JIT and allocator warm-up on both sides), the ratio, and each side's NDCG@10 after the
 * last epoch (same epochs, same hyperparameters). Last line: one JSON object.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { SHARED_DATASETS_DIR } from "@rectune/config";
import { createRng } from "@rectune/search";
import { BackendName, loadTensorflow } from "@rectune/tfjs-backend";
import { createModel, prepareTrialData, score } from "../src/index.js";
import { FIXED, PYTHON, raceTarget, writeSplit } from "./race-protocol.js";

const { values: args } = parseArgs({
  options: {
    dims: { type: "string", default: "16,64,128" },
    epochs: { type: "string", default: "4" },
    lr: { type: "string", default: "0.005" },
    l2: { type: "string", default: "0.003" },
    seed: { type: "string", default: "1" },
    backend: { type: "string" },
    "skip-torch": { type: "boolean", default: false },
    data: { type: "string", default: join(SHARED_DATASETS_DIR, "ml-latest-small/ratings.csv") },
  },
});
const dims = args.dims.split(",").map(Number);
const epochs = Number(args.epochs);
const lr = Number(args.lr);
const l2 = Number(args.l2);
const seed = Number(args.seed);
const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};
/** The median epoch after the first. */
const steady = (xs: number[]): number => {
  const s = (xs.length > 1 ? xs.slice(1) : xs).slice().sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};
const seconds = (xs: number[]): string => xs.map((x) => x.toFixed(3)).join(" ");
const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

const { tf, backend } = await loadTensorflow(args.backend ? { force: BackendName.parse(args.backend) } : {});
const target = raceTarget(args.data, epochs);
const data = await prepareTrialData(target);
const single = process.execArgv.includes("--single-threaded");
console.log(
  `backend ${backend}${single ? " (node --single-threaded)" : ""}; ${data.split.numUsers} users, ${data.split.numItems} items, ` +
    `${data.split.train.items.length} training positives; lr ${lr}, l2 ${l2}, ${epochs} epochs per dimension`,
);

const ours: Record<number, { cpu: number[]; eval: number[]; ndcg: number }> = {};
for (const dim of dims) {
  const model = createModel(tf, "mf", data, { ...FIXED, epochs, dim, lr, l2 }, createRng(seed));
  const cpu: number[] = [];
  const evals: number[] = [];
  let ndcg = Number.NaN;
  const ctx = { rng: createRng(seed + 1), yieldControl: async () => {} };
  for (let e = 1; e <= epochs; e++) {
    const c0 = process.cpuUsage();
    await model.trainEpoch(e, ctx);
    const c1 = process.cpuUsage();
    ndcg = (await score(model, data, [10], "valid", undefined, ["ndcg@10"]))["ndcg@10"]!;
    evals.push(cpuSeconds(c1));
    cpu.push(cpuSeconds(c0));
  }
  model.dispose();
  ours[dim] = { cpu, eval: evals, ndcg };
  console.log(
    `rectune dim ${dim}: cpu s per epoch ${seconds(cpu)} (validation ${seconds(evals)}), NDCG@10 ${ndcg.toFixed(4)}`,
  );
}

/** Per dimension: CPU seconds per epoch, of which validation, and NDCG@10 after each epoch. */
type TorchEpochs = Record<string, { cpu: number[]; eval: number[]; ndcg: number[] }>;
let torch: TorchEpochs | null = null;
if (!args["skip-torch"]) {
  const folder = await mkdtemp(join(tmpdir(), "rectune-mf-bpr-epoch-"));
  try {
    await writeSplit(join(folder, "split"), data);
    const config = join(folder, "config.json");
    await writeFile(config, JSON.stringify({ dims, epochs, lr, l2, seed, fixed: FIXED }));
    const script = fileURLToPath(new URL("mf-bpr-epoch.py", import.meta.url));
    const { stdout } = await promisify(execFile)(PYTHON, [script, join(folder, "split"), config], {
      maxBuffer: 1 << 22,
    });
    torch = (JSON.parse(stdout.trim().split("\n").at(-1)!) as { dims: TorchEpochs }).dims;
    for (const dim of dims) {
      const t = torch[String(dim)]!;
      console.log(
        `pytorch dim ${dim}: cpu s per epoch ${seconds(t.cpu)} (validation ${seconds(t.eval)}), NDCG@10 ${t.ndcg.at(-1)!.toFixed(4)}`,
      );
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const result: Record<string, unknown> = { backend, single_threaded: single, epochs, lr, l2 };
for (const dim of dims) {
  const o = steady(ours[dim]!.cpu);
  const t = torch ? steady(torch[String(dim)]!.cpu) : null;
  const ratio = t === null ? null : o / t;
  console.log(
    `dim ${dim}: cpu s per epoch rectune ${o.toFixed(3)}, pytorch ${t?.toFixed(3) ?? "n/a"}, ratio ${ratio?.toFixed(2) ?? "n/a"}`,
  );
  result[`dim${dim}`] = {
    ours_cpu_s: round(o),
    ours_validation_cpu_s: round(steady(ours[dim]!.eval)),
    pytorch_cpu_s: t === null ? null : round(t),
    pytorch_validation_cpu_s: torch ? round(steady(torch[String(dim)]!.eval)) : null,
    cpu_ratio: ratio === null ? null : round(ratio, 2),
    ours_ndcg10: round(ours[dim]!.ndcg, 4),
    pytorch_ndcg10: torch ? round(torch[String(dim)]!.ndcg.at(-1)!, 4) : null,
  };
}
result.loadavg_1m = round(loadavg()[0]!, 2);
console.log(`load average (1 min) at the end: ${loadavg()[0]!.toFixed(2)}`);
console.log(JSON.stringify(result));
