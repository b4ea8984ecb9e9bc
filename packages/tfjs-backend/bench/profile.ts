/**
 * Per-kernel profile of MF or NeuMF training batches (tf.profile), then wall and CPU milliseconds per
 * batch. Kernel times are wall times: on a loaded machine read them as proportions. For where the JS
 * time goes, run it under `node --cpu-prof --import tsx`.
 * Usage: tsx packages/tfjs-backend/bench/profile.ts [--backend NAME] [--model mf|neumf] [--batches N] [--by-shape]
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SHARED_DATASETS_DIR } from "@rectune/config";
import { BackendName, loadTensorflow } from "../src/index.js";
import { matrixFactorization, neuMF, trainEpoch } from "./models.js";
import { implicitExamples, readRatingsCsv, type Examples } from "./movielens.js";

const { values: opts } = parseArgs({
  options: {
    ratings: {
      type: "string",
      default: join(SHARED_DATASETS_DIR, "ml-latest-small/ratings.csv"),
    },
    backend: { type: "string" },
    model: { type: "string", default: "mf" },
    batches: { type: "string", default: "40" },
    "by-shape": { type: "boolean", default: false },
  },
});
const BATCH = 4096;
const { tf, backend } = await loadTensorflow(
  opts.backend === undefined ? {} : { force: BackendName.parse(opts.backend) },
);
const r = readRatingsCsv(opts.ratings);
const ex = implicitExamples(r.users, r.items, r.numItems, 4, 0);
const batches = (count: number): Examples => ({
  users: ex.users.subarray(0, count * BATCH),
  items: ex.items.subarray(0, count * BATCH),
  labels: ex.labels.subarray(0, count * BATCH),
});
const model = (opts.model === "neumf" ? neuMF : matrixFactorization)(tf, {
  numUsers: r.numUsers,
  numItems: r.numItems,
  dim: 32,
});
const optimizer = tf.train.adam(0.005);
trainEpoch(tf, model, optimizer, batches(10), BATCH); // warm-up: JIT, wasm instantiation, heap growth

const profile = await tf.profile(() => void trainEpoch(tf, model, optimizer, batches(5), BATCH));
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const k of profile.kernels) {
  const key = opts["by-shape"] ? `${k.name} ${JSON.stringify(k.inputShapes)}` : k.name;
  const entry = byKernel.get(key) ?? { ms: 0, calls: 0 };
  entry.ms += k.kernelTimeMs as number;
  entry.calls++;
  byKernel.set(key, entry);
}
console.log(`kernel time over 5 batches (${backend}, ${opts.model}):`);
for (const [key, { ms, calls }] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
  console.log(`${key.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms  x${calls}`);
}

const count = Number(opts.batches);
const t0 = performance.now();
const c0 = process.cpuUsage();
trainEpoch(tf, model, optimizer, batches(count), BATCH);
const wallMs = (performance.now() - t0) / count;
const cpu = process.cpuUsage(c0);
const cpuMs = (cpu.user + cpu.system) / 1000 / count;
console.log(`${backend} ${opts.model}: ${wallMs.toFixed(2)} ms wall, ${cpuMs.toFixed(2)} ms cpu per batch of ${BATCH}`);
