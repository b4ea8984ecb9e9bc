import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { type CliContext, positiveInt } from "../cli-context.js";
import { leaderboardTable } from "../format.js";
import { onSignal, startCluster } from "../running-cluster.js";
import { submitFile } from "../submit-file.js";
import { watchStudy } from "../watch-study.js";

const DEMO_SPEC = fileURLToPath(new URL("../../../../examples/demo.yaml", import.meta.url));

/** `rectune demo`: a local cluster, a 20-trial study, its leaderboard, then everything stopped. */
export function demoCommand(context: CliContext): Command {
  const { say } = context;
  return new Command("demo")
    .description("start a local cluster, run a 20-trial study, print its leaderboard, stop")
    .option("-w, --workers <n>", "worker processes", positiveInt, 2)
    .option("--spec <file>", "the study to run", DEMO_SPEC)
    .action(async (opts: { workers: number; spec: string }) => {
      // Port 0: the demo never collides with a running `rectune up`.
      const running = await startCluster(context, { workers: opts.workers, concurrency: 2, echo: false, port: 0 });
      onSignal(async (why) => {
        say(`stopping (${why}) ...`);
        await running.stop();
        process.exit(130);
      });
      try {
        const client = context.clientAt(running.cluster.apiUrl);
        const study = await submitFile(client, opts.spec);
        say(`cluster up at ${running.cluster.apiUrl}; study ${study.id} (${study.name}) submitted`);
        const done = await watchStudy(client, study.id, { say });
        say(`study ${done.id} ${done.status}: ${done.finished}/${done.maxTrials} trials`);
        say(leaderboardTable(await client.leaderboard(study.id, 10)));
      } finally {
        await running.stop();
      }
    });
}
