import { studyStatusSchema } from "@rectune/api-contract";
import { Command, Option } from "commander";
import { type CliContext, positiveInt, printJson } from "../cli-context.js";
import { studiesTable } from "../format.js";

/** `rectune list [--status S] [--name N] [-n N] [--json]`: studies, newest first, with their progress. */
export function listCommand(ctx: CliContext): Command {
  return new Command("list")
    .description("list studies, newest first")
    .addOption(new Option("--status <status>", "only studies in this status").choices(studyStatusSchema.options))
    .option("--name <text>", "only studies whose name contains this")
    .option("-n, --limit <n>", "rows", positiveInt, 20)
    .option("--json", "print the API's answer as JSON")
    .action(async (opts: { status?: "RUNNING"; name?: string; limit: number; json?: boolean }) => {
      const answer = await ctx.client.studies({
        limit: opts.limit,
        ...(opts.status ? { status: opts.status } : {}),
        ...(opts.name ? { name: opts.name } : {}),
      });
      if (opts.json) printJson(ctx.say, answer);
      else ctx.say(answer.studies.length > 0 ? studiesTable(answer.studies) : "no studies");
    });
}
