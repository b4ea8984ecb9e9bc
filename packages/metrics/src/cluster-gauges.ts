import { Gauge, type Registry } from "prom-client";

/** Where the API's gauges read their values, at every scrape (no state is kept between scrapes). */
export interface ClusterSources {
  /** Jobs no worker has taken yet, per capability queue (waiting + delayed + prioritized). */
  backlog(): Promise<Readonly<Record<string, number>>>;
  /** Trials of the running studies, by state. */
  trialsByState(): Promise<Readonly<Record<string, number>>>;
  /** Live workers by compute backend. */
  workersByBackend(): Promise<Readonly<Record<string, number>>>;
}

/**
 * The cluster's state as the API sees it, read from the queue and the store when Prometheus scrapes:
 * what autoscaling (KEDA's Prometheus scaler) and dashboards use. Labels are capability, state and backend
 * names only, never trial or study ids (their cardinality grows without bound).
 */
export function registerClusterGauges(registry: Registry, sources: ClusterSources): void {
  const set = (gauge: Gauge<string>, label: string, values: Readonly<Record<string, number>>) => {
    gauge.reset();
    for (const [key, value] of Object.entries(values)) gauge.set({ [label]: key }, value);
  };
  new Gauge({
    name: "rectune_queue_backlog",
    help: "Trial jobs no worker has taken yet (waiting + delayed + prioritized), per capability queue",
    labelNames: ["accelerator"],
    registers: [registry],
    async collect() {
      set(this, "accelerator", await sources.backlog());
    },
  });
  new Gauge({
    name: "rectune_trials",
    help: "Trials of the running studies, by state",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      set(this, "state", await sources.trialsByState());
    },
  });
  new Gauge({
    name: "rectune_workers",
    help: "Live workers (heart-beat within RECTUNE_STALE_AFTER_MS), by compute backend",
    labelNames: ["backend"],
    registers: [registry],
    async collect() {
      set(this, "backend", await sources.workersByBackend());
    },
  });
}
