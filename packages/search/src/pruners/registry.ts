import { AshaPruner } from "./asha.js";
import type { PrunerConfig } from "./config.js";
import { HyperbandPruner } from "./hyperband.js";
import { NoPruner } from "./none.js";
import { PbtPruner } from "./pbt.js";
import { PercentilePruner } from "./percentile.js";
import type { Pruner } from "./pruner.js";

/** Builds the pruner a study spec names; `seed` is the study's seed (Hyperband brackets, PBT draws). */
export function createPruner(config: PrunerConfig, seed: number): Pruner {
  switch (config.name) {
    case "none":
      return new NoPruner();
    case "median":
      return new PercentilePruner("median", { ...config, percentile: 50 });
    case "percentile":
      return new PercentilePruner("percentile", config);
    case "asha":
      return new AshaPruner(config);
    case "hyperband":
      return new HyperbandPruner(config, seed);
    case "pbt":
      return new PbtPruner(config, seed);
  }
}
