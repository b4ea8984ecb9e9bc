import { recommenderTargetSchema } from "@rectune/spec";
import { createRng } from "@rectune/search";
import { prepareTrialData, score, createModel, type PreparedData } from "./src/index.js";
import { toUserLists } from "./src/split/user-lists.js";
import { listOf } from "./src/split/user-lists.js";
const target = recommenderTargetSchema.parse({ kind: "recommender", model: "pop", dataset: { path: "/work/shared/datasets/ml-latest-small/ratings.csv" } });
const data = await prepareTrialData(target, ".rectune/cache");
const { split } = data;
// train+valid as training lists
const merged: number[][] = [];
const flat: number[] = [];
for (let u = 0; u < split.numUsers; u++) { const rows: number[] = []; for (const i of [...listOf(split.train, u), ...listOf(split.valid, u)]) { rows.push(flat.length); flat.push(i); } merged.push(rows); }
const tv = toUserLists(merged, Int32Array.from(flat));
const itemUsers = new Int32Array(split.numItems); for (const i of tv.items) itemUsers[i]!++;
const refit: PreparedData = { ...data, itemUsers, split: { ...split, train: tv } };
for (const [m, p] of [["ease", { lambda: 200 }], ["itemknn", { k: 50 }], ["pop", {}]] as const) {
  const model = createModel(null as never, m, refit, p, createRng(0));
  const r = await score(model, { ...data }, [10], "test");
  console.log(m, "refit train+valid", r["ndcg@10"], r["recall@10"]);
}
