import { Command } from "commander";
import { type CliContext, positiveInt } from "../cli-context.js";
import { removeClusterState, writeClusterState } from "../cluster-state.js";
import { onSignal, startCluster } from "../running-cluster.js";
import { dashboardLines } from "./dashboard.js";

/** `rectune up`: the API, the scheduler and N workers on this machine until Ctrl-C. */
export function upCommand(context: CliContext): Command {
  const { env, say } = context;
  return new Command("up")
    .description("run the API, the scheduler and N workers on this machine until Ctrl-C")
    .option("-w, --workers <n>", "worker processes", positiveInt, 2)
    .option("-c, --concurrency <n>", "trials per worker process", positiveInt, 1)
    .option("-q, --quiet", "do not echo the processes' logs (they are in $RECTUNE_DATA_DIR/logs)")
    .action(async (opts: { workers: number; concurrency: number; quiet?: boolean }) => {
      const running = await startCluster(context, {
        workers: opts.workers,
        concurrency: opts.concurrency,
        echo: !opts.quiet,
      });
      const { cluster, database } = running;
      writeClusterState(env.RECTUNE_DATA_DIR, {
        pid: process.pid,
        mode: database.mode,
        apiUrl: cluster.apiUrl,
        database: database.describeDatabase,
        ...(database.mode === "embedded" ? { databaseUrl: database.databaseUrl } : {}),
        queue: database.describeQueue,
        logs: running.logDir,
        startedAt: new Date().toISOString(),
      });
      say(
        `rectune is up (${database.mode} mode): API ${cluster.apiUrl}, ${opts.workers} worker(s) x ${opts.concurrency}`,
      );
      for (const line of await dashboardLines(context.clientAt(cluster.apiUrl)).catch(() => [])) say(line);
      let stopping = false;
      const stop = async (why: string) => {
        // Ctrl-C reaches the children too: their exits must not start a second shutdown.
        if (stopping) return;
        stopping = true;
        say(`stopping (${why}) ...`);
        await running.stop();
        removeClusterState(env.RECTUNE_DATA_DIR);
        say("stopped");
        process.exit(0);
      };
      // The cluster restarts a child that exits on its own (with backoff); only a signal stops everything.
      onSignal(stop);
    });
}
