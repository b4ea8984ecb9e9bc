import type { StudySpecInput } from "./study-spec.js";
import type { z } from "zod";
import type { RecommenderTarget, syntheticDatasetSchema } from "./target.js";

/** What varies between the recommender studies that tests submit; the rest is the fixture's. */
export interface SyntheticRecommenderStudy {
  readonly name: string;
  readonly model: RecommenderTarget["model"];
  /** As submitted: omitted fields take the schema's defaults. */
  readonly synthetic: z.input<typeof syntheticDatasetSchema>["synthetic"];
  readonly fixed?: Record<string, string | number | boolean>;
  readonly cutoffs?: number[];
  readonly space: StudySpecInput["space"];
  readonly strategy: StudySpecInput["strategy"];
}

/**
 * A study tuning a recommender on a seeded synthetic data set for validation NDCG@10, as a user would
 * submit it (unparsed): the fixture that tests of the worker path, checkpoints and the cluster build on.
 */
export function syntheticRecommenderStudy(study: SyntheticRecommenderStudy): StudySpecInput {
  const { name, model, synthetic, fixed, cutoffs, space, strategy } = study;
  return {
    name,
    objective: { metric: "ndcg@10", direction: "maximize" },
    target: {
      kind: "recommender",
      model,
      dataset: { synthetic },
      ...(cutoffs ? { cutoffs } : {}),
      ...(fixed ? { fixed } : {}),
    },
    space,
    strategy,
  };
}
