import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { leaderboardTable } from "../format.js";
import { submitFile } from "../submit-file.js";
import { watchStudy } from "../watch-study.js";

/** `rectune submit <file> [--watch]`: validates a spec file locally, submits it, optionally follows it. */
export function submitCommand(ctx: CliContext): Command {
  return new Command("submit")
    .argument("<file>")
    .description("submit a study spec (YAML or JSON)")
    .option("--watch", "follow the study until it ends, then print its leaderboard")
    .action(async (file: string, opts: { watch?: boolean }) => {
      const study = await submitFile(ctx.client, file);
      ctx.say(`submitted study ${study.id} (${study.name})`);
      if (opts.watch) {
        const ended = await watchStudy(ctx.client, study.id, { say: ctx.say });
        ctx.say(leaderboardTable(await ctx.client.leaderboard(study.id, 10)));
        // A study that ended without success is a failed command: scripts and CI see it in the exit code.
        if (ended.status !== "COMPLETED") {
          ctx.say(`study ${study.id} ended ${ended.status}${ended.error ? `: ${ended.error}` : ""}`);
          process.exitCode = 1;
        }
      }
    });
}
