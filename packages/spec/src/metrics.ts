/**
 * Metric names a study may optimize. Ranking metrics take a cut-off: `ndcg@10`, `recall@20`.
 * Function targets report a single metric, `value`.
 */
export const RANKED_METRICS = [
  "hr",
  "recall",
  "precision",
  "ndcg",
  "map",
  "coverage",
  "diversity",
  "novelty",
  "gini",
] as const;
export const PLAIN_METRICS = ["mrr", "auc", "loss", "value"] as const;

const METRIC_PATTERN = new RegExp(`^(?:(?:${RANKED_METRICS.join("|")})@([1-9][0-9]{0,3})|${PLAIN_METRICS.join("|")})$`);

export const isMetricName = (name: string): boolean => METRIC_PATTERN.test(name);
