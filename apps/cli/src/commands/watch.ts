import { Command } from "commander";
import { type CliContext, positiveInt } from "../cli-context.js";
import { watchStudy } from "../watch-study.js";

/** `rectune watch <id>`: a study's progress until it ends. */
export function watchCommand(ctx: CliContext): Command {
  return new Command("watch")
    .argument("<id>")
    .description("show a study's progress until it ends")
    .action(async (id: string) => {
      const study = await watchStudy(ctx.client, positiveInt(id), { say: ctx.say });
      ctx.say(`study ${study.id} ${study.status}: ${study.finished}/${study.maxTrials} trials`);
    });
}
