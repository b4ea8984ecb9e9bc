import type { RectuneClient, ResponseOf } from "@rectune/client";
import { stringify } from "csv-stringify/sync";
import { Command, Option } from "commander";
import { type CliContext, positiveInt } from "../cli-context.js";

type Trial = ResponseOf<"listTrials">["trials"][number];

/** Every trial of a study, a page of 1,000 at a time. */
async function allTrials(client: RectuneClient, id: number): Promise<Trial[]> {
  const trials: Trial[] = [];
  for (;;) {
    const page = await client.trials(id, { offset: trials.length, limit: 1000 });
    trials.push(...page.trials);
    if (page.trials.length === 0 || trials.length >= page.total) return trials;
  }
}

/**
 * One row per trial: number, state, values, best epoch, then each parameter (`param:<name>`) and metric
 * (validation metrics by name, test metrics as `test/<name>`), the columns being the union over trials.
 */
export function trialsCsv(trials: readonly Trial[]): string {
  const params = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
  const metrics = [...new Set(trials.flatMap((t) => Object.keys(t.metrics ?? {})))]
    .filter((m) => m !== "bestEpoch")
    .sort();
  const objectives = Math.max(1, ...trials.map((t) => t.values?.length ?? 0));
  const head = [
    "number",
    "state",
    ...Array.from({ length: objectives }, (_, i) => (objectives === 1 ? "value" : `value${i}`)),
    "bestEpoch",
    "lastStep",
    "attempt",
    "durationMs",
    ...params.map((p) => `param:${p}`),
    ...metrics,
    "error",
  ];
  const rows = trials.map((t) => [
    t.number,
    t.state,
    ...Array.from({ length: objectives }, (_, i) => t.values?.[i] ?? ""),
    t.metrics?.bestEpoch ?? "",
    t.lastStep ?? "",
    t.attempt,
    t.durationMs ?? "",
    ...params.map((p) => t.params[p] ?? ""),
    ...metrics.map((m) => t.metrics?.[m] ?? ""),
    t.error ?? "",
  ]);
  return stringify([head, ...rows]);
}

/** `rectune export <id> --format csv|json [-o file]`: every trial with params, metrics, test metrics, best epoch. */
export function exportCommand(ctx: CliContext): Command {
  return new Command("export")
    .argument("<id>")
    .description("export a study's trials (params, metrics, test metrics, best epoch) as CSV or JSON")
    .addOption(new Option("--format <format>", "output format").choices(["csv", "json"]).default("csv"))
    .action(async (id: string, opts: { format: "csv" | "json" }) => {
      const trials = await allTrials(ctx.client, positiveInt(id));
      process.stdout.write(opts.format === "json" ? `${JSON.stringify(trials, null, 2)}\n` : trialsCsv(trials));
    });
}
