import { closest, distance } from "fastest-levenshtein";

/** Names people write for a hyperparameter under another name. */
const SYNONYMS: Record<string, string> = {
  learningrate: "lr",
  learning_rate: "lr",
  batch_size: "batchSize",
  batchsize: "batchSize",
  embedding_dim: "dim",
  embeddingdim: "dim",
  factors: "dim",
  num_epochs: "epochs",
  weight_decay: "l2",
  regularization: "l2",
};

/** The allowed name a mistyped one most likely meant, if any is close enough to suggest. */
export function didYouMean(name: string, allowed: readonly string[]): string | undefined {
  if (allowed.length === 0) return undefined;
  const squash = (s: string) => s.toLowerCase().replace(/[_-]/g, "");
  const synonym = SYNONYMS[name.toLowerCase()] ?? SYNONYMS[squash(name)];
  if (synonym && allowed.includes(synonym)) return synonym;
  const same = allowed.find((a) => squash(a) === squash(name));
  if (same) return same;
  const best = closest(name, [...allowed]);
  // Suggest only a name within a third of its length in edits: beyond that it is a guess, not a typo.
  return distance(name, best) <= Math.max(1, Math.floor(best.length / 3)) + 1 ? best : undefined;
}
