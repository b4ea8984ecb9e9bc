import { Command } from "commander";
import { type CliContext, positiveInt } from "../cli-context.js";
import { leaderboardTable } from "../format.js";

/** `rectune leaderboard <id> [-n N]`: a study's best trials as a table. */
export function leaderboardCommand({ client, say }: CliContext): Command {
  return new Command("leaderboard")
    .argument("<id>")
    .description("print a study's best trials")
    .option("-n, --limit <n>", "rows", positiveInt, 10)
    .action(async (id: string, opts: { limit: number }) => {
      say(leaderboardTable(await client.leaderboard(positiveInt(id), opts.limit)));
    });
}
