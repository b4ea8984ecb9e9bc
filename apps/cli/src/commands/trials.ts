import { trialStateSchema } from "@rectune/api-contract";
import { Command, Option } from "commander";
import { type CliContext, positiveInt, printJson } from "../cli-context.js";
import { trialsTable } from "../format.js";

/** `rectune trials <id> [--state S] [-n N] [--offset K] [--json]`: a study's trials by number. */
export function trialsCommand(ctx: CliContext): Command {
  return new Command("trials")
    .argument("<id>")
    .description("list a study's trials by number")
    .addOption(new Option("--state <state>", "only trials in this state").choices(trialStateSchema.options))
    .option("-n, --limit <n>", "rows", positiveInt, 100)
    .option("--offset <n>", "skip this many trials", (v) => Number(v), 0)
    .option("--json", "print the API's answer as JSON")
    .action(async (id: string, opts: { state?: "RUNNING"; limit: number; offset: number; json?: boolean }) => {
      const page = await ctx.client.trials(positiveInt(id), {
        limit: opts.limit,
        offset: opts.offset,
        ...(opts.state ? { state: opts.state } : {}),
      });
      if (opts.json) printJson(ctx.say, page);
      else {
        ctx.say(trialsTable(page.trials));
        ctx.say(
          `${page.trials.length} of ${page.total} trials${page.total > opts.offset + page.trials.length ? " (--offset for more)" : ""}`,
        );
      }
    });
}
