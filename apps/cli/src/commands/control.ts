import { Command } from "commander";
import { type CliContext, positiveInt, printJson } from "../cli-context.js";

type Study = { id: number; name: string; status: string; spec: { strategy: { maxTrials: number } } };

const line = (s: Study): string => `study ${s.id} (${s.name}) ${s.status}, budget ${s.spec.strategy.maxTrials} trials`;

/** `rectune stop <id>`: no new trials; running ones finish. */
export function stopCommand(ctx: CliContext): Command {
  return new Command("stop")
    .argument("<id>")
    .description("stop a running study (running trials finish)")
    .option("--json", "print the API's answer as JSON")
    .action(async (id: string, opts: { json?: boolean }) => {
      const study = await ctx.client.stop(positiveInt(id));
      if (opts.json) printJson(ctx.say, study);
      else ctx.say(line(study));
    });
}

/** `rectune resume <id>`: a stopped study runs again up to its budget. */
export function resumeCommand(ctx: CliContext): Command {
  return new Command("resume")
    .argument("<id>")
    .description("resume a stopped study")
    .option("--json", "print the API's answer as JSON")
    .action(async (id: string, opts: { json?: boolean }) => {
      const study = await ctx.client.resume(positiveInt(id));
      if (opts.json) printJson(ctx.say, study);
      else ctx.say(line(study));
    });
}

/** `rectune budget <id> <maxTrials>`: extend (or set) a study's budget; a completed study runs again. */
export function budgetCommand(ctx: CliContext): Command {
  return new Command("budget")
    .argument("<id>")
    .argument("<maxTrials>")
    .description("set a study's budget (maxTrials); a completed study given more trials runs again")
    .option("--json", "print the API's answer as JSON")
    .action(async (id: string, maxTrials: string, opts: { json?: boolean }) => {
      const study = await ctx.client.setMaxTrials(positiveInt(id), positiveInt(maxTrials));
      if (opts.json) printJson(ctx.say, study);
      else ctx.say(line(study));
    });
}
