import { loadTensorflow } from "../src/index.js";
import { matrixFactorization, neuMF, trainEpoch } from "./models.js";
import { implicitExamples, readRatingsCsv } from "./movielens.js";
const { tf, backend } = await loadTensorflow(process.argv[2] ? { force: process.argv[2] as any } : {});
const r = readRatingsCsv("/work/shared/datasets/ml-latest-small/ratings.csv");
const ex = implicitExamples(r.users, r.items, r.numItems, 4, 0);
const n = Number(process.argv[4] ?? 40) * 4096;
const sub = { users: ex.users.subarray(0, n), items: ex.items.subarray(0, n), labels: ex.labels.subarray(0, n) };
const model = (process.argv[3] === "neumf" ? neuMF : matrixFactorization)(tf, { numUsers: r.numUsers, numItems: r.numItems, dim: 32 });
const opt = tf.train.adam(0.005);
trainEpoch(tf, model, opt, { users: sub.users.subarray(0, 4096*3), items: sub.items.subarray(0, 4096*3), labels: sub.labels.subarray(0, 4096*3) }, 4096);
const prof = await tf.profile(() => { trainEpoch(tf, model, opt, { users: sub.users.subarray(0, 4096*2), items: sub.items.subarray(0, 4096*2), labels: sub.labels.subarray(0, 4096*2) }, 4096); });
const agg = new Map<string, [number, number]>();
for (const k of prof.kernels) { const key = process.env.BY_SHAPE ? `${k.name} ${JSON.stringify(k.inputShapes)}` : k.name; const a = agg.get(key) ?? [0, 0]; a[0] += k.kernelTimeMs as number; a[1]++; agg.set(key, a); }
console.log([...agg].sort((a, b) => b[1][0] - a[1][0]).slice(0, 25).map(([k, [t, c]]) => `${k.padEnd(40)} ${t.toFixed(1).padStart(8)} ms  x${c}`).join("\n"));
const t0 = performance.now();
trainEpoch(tf, model, opt, sub, 4096);
const dt = (performance.now() - t0) / 1000;
console.log(backend, "per batch ms", (dt * 1000 / (n / 4096)).toFixed(2), "=> epoch s", (dt * 123 / (n / 4096)).toFixed(2));
