import { AshaScheduler } from "./asha.js";
import type { SchedulerConfig } from "./config.js";
import { HyperbandScheduler } from "./hyperband.js";
import { NoScheduler } from "./none.js";
import { PbtScheduler } from "./pbt.js";
import { PercentileScheduler } from "./percentile.js";
import type { TrialScheduler } from "./scheduler.js";

/** Builds the scheduler a study spec names; `seed` is the study's seed (Hyperband brackets, PBT draws). */
export function createScheduler(config: SchedulerConfig, seed: number): TrialScheduler {
  switch (config.name) {
    case "none":
      return new NoScheduler();
    case "median":
      return new PercentileScheduler("median", { ...config, percentile: 50 });
    case "percentile":
      return new PercentileScheduler("percentile", config);
    case "asha":
      return new AshaScheduler(config);
    case "hyperband":
      return new HyperbandScheduler(config, seed);
    case "pbt":
      return new PbtScheduler(config, seed);
  }
}
