export { Registry, collectDefaultMetrics } from "prom-client";
export { registerClusterGauges, type ClusterSources } from "./cluster-gauges.js";
export { trialDurationHistogram, schedulerPassHistogram } from "./process-metrics.js";
export { metricsHandler, serveMetrics } from "./metrics-server.js";
