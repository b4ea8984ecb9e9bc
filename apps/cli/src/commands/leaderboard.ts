import { Command } from "commander";
import { type CliContext, positiveInt, printJson } from "../cli-context.js";
import { championLine, leaderboardTable } from "../format.js";

/** `rectune leaderboard <id> [-n N] [--metrics a,b] [--json]`: a study's best trials as a table. */
export function leaderboardCommand(ctx: CliContext): Command {
  return new Command("leaderboard")
    .argument("<id>")
    .description("print a study's best trials (default columns: the best epoch and the objective's test metric)")
    .option("-n, --limit <n>", "rows", positiveInt, 10)
    .option("--metrics <names>", "metric columns, comma-separated (e.g. ndcg@10,test/recall@20,loss)")
    .option("--json", "print the API's answer as JSON")
    .action(async (id: string, opts: { limit: number; metrics?: string; json?: boolean }) => {
      const board = await ctx.client.leaderboard(positiveInt(id), opts.limit);
      if (opts.json) return printJson(ctx.say, board);
      const metrics = opts.metrics
        ?.split(",")
        .map((m) => m.trim())
        .filter(Boolean);
      ctx.say(leaderboardTable(board, metrics));
      // Once the budget is spent: the champion's refit test figures, next to the validation table above.
      const { champion } = await ctx.client.study(positiveInt(id));
      if (champion) ctx.say(championLine(champion, board.metric ?? "value"));
    });
}
