import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Tf } from "@rectune/recsys";
import { ChampionModels, ServingError, type ServingReads } from "./champion-models.js";

/** A study whose ratings file lies outside the serving process's data roots. */
function readsOutsideRoots(path: string): ServingReads {
  const study = {
    id: 1,
    spec: { target: { kind: "recommender", model: "mf", dataset: { path, format: "ml-latest" } } },
  } as unknown as Awaited<ReturnType<ServingReads["study"]>>;
  return {
    study: () => Promise.resolve(study),
    trial: () =>
      Promise.resolve({ number: 0, params: {}, lastStep: null } as unknown as Awaited<
        ReturnType<ServingReads["trial"]>
      >),
    champion: () =>
      Promise.resolve({
        studyId: 1,
        trialId: 1,
        trialNumber: 0,
        params: {},
        values: [0.1],
        epochs: null,
        state: "COMPLETE",
        attempt: 1,
        testMetrics: null,
        refit: null,
        error: null,
        hasWeights: false,
        updatedAt: new Date(0),
      }),
    championWeights: () => Promise.resolve(null),
    loadCheckpoint: () => Promise.resolve(null),
  };
}

describe("ChampionModels", () => {
  const outside = mkdtempSync(join(tmpdir(), "rectune-outside-"));
  const ratings = join(outside, "ratings.csv");
  writeFileSync(ratings, "userId,movieId,rating,timestamp\n");
  const roots = [mkdtempSync(join(tmpdir(), "rectune-root-"))];

  for (const trial of [undefined, 0]) {
    it(`answers a data file outside this process's roots as a 409 on the study (${trial === undefined ? "champion" : "trial"})`, async () => {
      const models = new ChampionModels({
        reads: readsOutsideRoots(ratings),
        tf: () => Promise.resolve({} as Tf),
        cacheDir: "",
        dataRoots: roots,
      });
      const error = await models
        .recommend(1, { users: ["1"], k: 5, excludeSeen: true, trial })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServingError);
      expect(error).toMatchObject({ status: 409, field: "study" });
      expect((error as Error).message).toMatch(/target\.dataset\.path: the file is outside the data roots/);
    });
  }
});
