import { recommenderTargetSchema } from "@rectune/spec";
import { runRecommenderTrial } from "./src/index.js";
import { cpuTf } from "./src/test-tf.js";
const tf = await cpuTf();
const target = recommenderTargetSchema.parse({ kind: "recommender", model: "mf", dataset: { path: "/work/shared/datasets/ml-latest-small/ratings.csv" }, cutoffs: [10], evalEvery: 12,
  fixed: { loss: "bpr", negatives: 1, batchSize: 8192, optimizer: "adam", lr: 0.02, dim: 64, l2: 0.0001, init: 0.1, epochs: 12 } });
const t = Date.now();
const r = await runRecommenderTrial({ tf, target, params: {}, cacheDir: ".rectune/cache", onEpoch: async (e, m) => { console.log("epoch", e, m.loss, m["ndcg@10"], Date.now() - t); return "continue"; } });
console.log("MF-BPR spot check: valid", r.metrics["ndcg@10"], "test ndcg@10", r.testMetrics["ndcg@10"], "recall@10", r.testMetrics["recall@10"], "seconds", (Date.now() - t) / 1000);
