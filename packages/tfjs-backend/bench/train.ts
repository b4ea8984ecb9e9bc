/**
 * bench:train — training throughput of our tfjs backend next to PyTorch on the same machine and data
 * (the set-up of ../shared/anchors/torch_reference.py), full-ranking evaluation time and a memory
 * flatness check, and worker_speedup_2 (two MF trials in one worker process's two trial threads vs one).
 * Last line: one JSON object.
 * Options: --ratings FILE --torch-script FILE --backend NAME --epochs N --models mf,neumf --trials N
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SHARED_DATASETS_DIR } from "@rectune/config";
import { BackendName, loadTensorflow } from "../src/index.js";
import { fullRankingNdcg } from "./full-ranking.js";
import { memoryCheck } from "./memory.js";
import { matrixFactorization, neuMF, trainEpoch, type Model, type Sizes } from "./models.js";
import { implicitExamples, leaveLastOut, readRatingsCsv } from "./movielens.js";
import { runTorchReference } from "./pytorch.js";

const { values: opts } = parseArgs({
  options: {
    ratings: {
      type: "string",
      default: join(SHARED_DATASETS_DIR, "ml-latest-small/ratings.csv"),
    },
    "torch-script": {
      type: "string",
      default: fileURLToPath(new URL("../../../../shared/anchors/torch_reference.py", import.meta.url)),
    },
    backend: { type: "string" },
    epochs: { type: "string", default: "3" },
    models: { type: "string", default: "mf,neumf" },
    trials: { type: "string", default: "50" },
  },
});
const epochs = Number(opts.epochs);
const DIM = 32;
const BATCH = 4096;
const NEGATIVES = 4;
const THREADS = 2;

const { tf, backend } = await loadTensorflow(
  opts.backend === undefined ? {} : { force: BackendName.parse(opts.backend) },
);
const ratings = readRatingsCsv(opts.ratings);
const examples = implicitExamples(ratings.users, ratings.items, ratings.numItems, NEGATIVES, 0);
const sizes: Sizes = { numUsers: ratings.numUsers, numItems: ratings.numItems, dim: DIM };
console.log(
  `backend ${backend}; ${ratings.users.length} ratings, ${ratings.numUsers} ` +
    `users, ${ratings.numItems} items, ${examples.users.length} examples/epoch`,
);

/** Steady state: the median epoch after the first (which pays JIT warm-up on both sides). */
function steady(seconds: number[]): number {
  const s = (seconds.length > 1 ? seconds.slice(1) : seconds).slice().sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

const builders: Record<string, (s: Sizes) => Model> = {
  mf: (s) => matrixFactorization(tf, s),
  neumf: (s) => neuMF(tf, s),
};
const result: Record<string, unknown> = { backend };
for (const name of opts.models.split(",")) {
  const model = builders[name]!(sizes);
  const optimizer = tf.train.adam(0.005);
  const ours: number[] = [];
  const oursCpu: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const loss = trainEpoch(tf, model, optimizer, examples, BATCH);
    const cpu = process.cpuUsage(c0);
    ours.push((performance.now() - t0) / 1000);
    oursCpu.push((cpu.user + cpu.system) / 1e6);
    console.log(
      `ours    ${name} epoch ${e}: ${ours[e]!.toFixed(3)} s (cpu ${oursCpu[e]!.toFixed(3)} s), loss ${loss.toFixed(4)}`,
    );
  }
  optimizer.dispose();
  tf.dispose(model.variables);
  const torch = runTorchReference(opts["torch-script"], opts.ratings, name, epochs, THREADS);
  if (torch.available)
    torch.epochSeconds.forEach((s, e) =>
      console.log(
        `pytorch ${name} epoch ${e}: ${s.toFixed(3)} s (cpu ${torch.epochCpuSeconds[e]?.toFixed(3)} s, ${THREADS} threads)`,
      ),
    );
  else console.log(`pytorch ${name}: skipped, ${torch.reason}`);
  const oursS = steady(ours);
  const torchS = torch.available ? steady(torch.epochSeconds) : null;
  const ratio = torchS === null ? null : oursS / torchS;
  const oursCpuS = steady(oursCpu);
  const torchCpuS = torch.available ? steady(torch.epochCpuSeconds) : null;
  const cpuRatio = torchCpuS === null ? null : oursCpuS / torchCpuS;
  console.log(
    `${name}: ours ${oursS.toFixed(3)} s/epoch, pytorch ${torchS?.toFixed(3) ?? "n/a"} s/epoch, ratio ${ratio?.toFixed(2) ?? "n/a"}` +
      ` | cpu time: ours ${oursCpuS.toFixed(3)} s, pytorch ${torchCpuS?.toFixed(3) ?? "n/a"} s, ratio ${cpuRatio?.toFixed(2) ?? "n/a"}`,
  );
  result[name] = {
    ours_s: round(oursS),
    pytorch_s: torchS === null ? null : round(torchS),
    ratio: ratio === null ? null : round(ratio),
    ours_cpu_s: round(oursCpuS),
    pytorch_cpu_s: torchCpuS === null ? null : round(torchCpuS),
    cpu_ratio: cpuRatio === null ? null : round(cpuRatio),
  };
}

// Evaluation on a leave-last-out split: an MF trained without each user's latest rating ranks all items.
const split = leaveLastOut(ratings);
const evalExamples = implicitExamples(split.train.users, split.train.items, ratings.numItems, NEGATIVES, 1);
const mf = matrixFactorization(tf, sizes);
const optimizer = tf.train.adam(0.005);
for (let e = 0; e < 2; e++) trainEpoch(tf, mf, optimizer, evalExamples, BATCH);
const t0 = performance.now();
const c0 = process.cpuUsage();
const ndcg = fullRankingNdcg(tf, mf.userFactors, mf.itemFactors, split.train, split.testItem);
const evalS = (performance.now() - t0) / 1000;
const evalCpu = process.cpuUsage(c0);
const evalCpuS = (evalCpu.user + evalCpu.system) / 1e6;
optimizer.dispose();
tf.dispose(mf.variables);
console.log(
  `full-ranking eval (${ratings.numUsers} users x ${ratings.numItems} items, seen masked, ` +
    `top-10): ${evalS.toFixed(3)} s (cpu ${evalCpuS.toFixed(3)} s), NDCG@10 ${ndcg.toFixed(4)}`,
);
result.eval_s = round(evalS);
result.eval_cpu_s = round(evalCpuS);
result.ndcg10 = round(ndcg);

const mem = memoryCheck(tf, examples, ratings.numUsers, ratings.numItems, Number(opts.trials));
console.log(
  `memory over ${mem.trials} trials: tensors ${mem.tensorsBefore} -> ${mem.tensorsAfter}, ` +
    `RSS ${mem.rssBeforeMb.toFixed(1)} MB -> ${mem.rssAfterMb.toFixed(1)} MB`,
);
result.memory = {
  trials: mem.trials,
  tensors_before: mem.tensorsBefore,
  tensors_after: mem.tensorsAfter,
  rss_before_mb: round(mem.rssBeforeMb),
  rss_after_mb: round(mem.rssAfterMb),
};
result.worker_speedup_2 = workerSpeedup();
// Both sides share this machine with whatever else runs on it; the load average says how much.
result.loadavg_1m = round(loadavg()[0]!);
console.log(`load average (1 min) at the end: ${loadavg()[0]!.toFixed(2)}`);
console.log(JSON.stringify(result));

/**
 * Two MF trials in one worker process (two trial threads) against one: @rectune/trial-threads' bench, in a
 * process of its own (the threads must not share this one's cores with the measurements above). Null on
 * the native backends, whose trials train on TensorFlow's own threads, not in trial threads.
 */
function workerSpeedup(): number | null {
  if (backend === "tensorflow" || backend === "tensorflow-gpu") return null;
  const script = fileURLToPath(new URL("../../trial-threads/bench/worker-speedup.ts", import.meta.url));
  // As a worker process runs (see the worker-speedup bench): V8's collector and compiler on each trial's thread.
  const args = ["--single-threaded", "--import", "tsx", script];
  args.push("--ratings", opts.ratings, "--epochs", String(epochs), "--backend", backend);
  const run = spawnSync(process.execPath, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const lines = run.stdout.trim().split("\n");
  for (const line of lines.slice(0, -1)) console.log(`worker speedup: ${line}`);
  if (run.status !== 0) return null;
  return (JSON.parse(lines.at(-1) ?? "{}") as { worker_speedup_2?: number }).worker_speedup_2 ?? null;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
