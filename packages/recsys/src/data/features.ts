import type { FeatureTable } from "./dataset.js";
import type { RawFeatures } from "./raw.js";

/**
 * Builds the feature table of re-indexed entities from `field=value` tokens: multi-valued fields
 * (genres) become multi-hot rows, single-valued ones (gender) one-hot. Vocabulary in sorted order.
 */
export function buildFeatureTable(ids: readonly string[], raw: RawFeatures): FeatureTable {
  const vocabulary = [...new Set([...ids].flatMap((id) => raw.get(id) ?? []))].sort();
  const index = new Map(vocabulary.map((name, i) => [name, i]));
  const offsets = new Int32Array(ids.length + 1);
  const indices: number[] = [];
  ids.forEach((id, e) => {
    const tokens = [...new Set(raw.get(id) ?? [])].map((t) => index.get(t)!).sort((a, b) => a - b);
    indices.push(...tokens);
    offsets[e + 1] = indices.length;
  });
  return { names: vocabulary, offsets, indices: Int32Array.from(indices) };
}
