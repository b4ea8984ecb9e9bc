import type { FeatureTable } from "../data/dataset.js";

/**
 * Dense row-normalized multi-hot matrix (entities × features): each row sums to 1 over the entity's
 * features (mean pooling of their embeddings), or is all zeros when it has none.
 */
export function meanPoolingMatrix(table: FeatureTable, entities: number): Float32Array {
  const width = table.names.length;
  const out = new Float32Array(entities * width);
  for (let e = 0; e < entities; e++) {
    const from = table.offsets[e]!;
    const to = table.offsets[e + 1]!;
    for (let k = from; k < to; k++) out[e * width + table.indices[k]!] = 1 / (to - from);
  }
  return out;
}
