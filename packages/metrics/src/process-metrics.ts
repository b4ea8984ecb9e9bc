import { Histogram, type Registry } from "prom-client";

/** Trials last seconds to hours: buckets from 1 s to 4 h, about x2.5 apart. */
const TRIAL_BUCKETS = [1, 2.5, 5, 10, 30, 60, 150, 300, 600, 1800, 3600, 7200, 14400];

/** A worker's trial durations, by target (the function's or the model's name) and how the run ended. */
export function trialDurationHistogram(registry: Registry): Histogram<"target" | "outcome"> {
  return new Histogram({
    name: "rectune_trial_duration_seconds",
    help: "Wall time of a trial's objective on this worker, by target and outcome (complete, failed)",
    labelNames: ["target", "outcome"],
    buckets: TRIAL_BUCKETS,
    registers: [registry],
  });
}

/** The scheduler's passes (create trials, refresh studies): milliseconds when healthy. */
export function schedulerPassHistogram(registry: Registry): Histogram {
  return new Histogram({
    name: "rectune_scheduler_pass_seconds",
    help: "Time of one scheduling pass over the running studies",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
}
