import { fileURLToPath } from "node:url";
import { apiUrlOf, parseEnv } from "@rectune/config";
import { StudySpecError } from "@rectune/spec";
import { migrateDatabase } from "@rectune/store";
import { Command, InvalidArgumentError } from "commander";
import { ApiClient, ApiError } from "./api-client.js";
import { submitFile } from "./commands/submit.js";
import { watchStudy } from "./commands/watch.js";
import { leaderboardTable } from "./format.js";
import { LocalCluster } from "./local-cluster.js";

const env = parseEnv(process.env);
const client = new ApiClient(apiUrlOf(env));
const DEMO_SPEC = fileURLToPath(new URL("../../../examples/demo.yaml", import.meta.url));

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
};

/** Settings every process of a local cluster gets. */
const clusterEnv = (): Record<string, string> => ({
  DATABASE_URL: env.DATABASE_URL,
  REDIS_URL: env.REDIS_URL,
  RECTUNE_QUEUE_PREFIX: env.RECTUNE_QUEUE_PREFIX,
  RECTUNE_API_HOST: env.RECTUNE_API_HOST,
  RECTUNE_API_PORT: String(env.RECTUNE_API_PORT),
  RECTUNE_LOG_LEVEL: env.RECTUNE_LOG_LEVEL,
});

async function startCluster(options: { workers: number; concurrency: number; echo: boolean; port?: number }): Promise<LocalCluster> {
  process.stdout.write(`migrating ${new URL(env.DATABASE_URL).pathname.slice(1)} ...\n`);
  await migrateDatabase(env.DATABASE_URL);
  const cluster = new LocalCluster({
    env: { ...clusterEnv(), ...(options.port === undefined ? {} : { RECTUNE_API_PORT: String(options.port) }) },
    workers: options.workers,
    concurrency: options.concurrency,
    logDir: ".rectune/logs",
    echo: options.echo,
  });
  await cluster.start();
  return cluster;
}

const program = new Command("rectune").description("Distributed hyperparameter optimization for recommender models.");

program
  .command("up")
  .description("run the API, the scheduler and N workers on this machine until Ctrl-C")
  .option("-w, --workers <n>", "worker processes", positiveInt, 2)
  .option("-c, --concurrency <n>", "trials per worker process", positiveInt, 1)
  .option("-q, --quiet", "do not echo the processes' logs (they are in .rectune/logs)")
  .action(async (opts: { workers: number; concurrency: number; quiet?: boolean }) => {
    const cluster = await startCluster({ workers: opts.workers, concurrency: opts.concurrency, echo: !opts.quiet });
    process.stdout.write(`rectune is up: API ${cluster.apiUrl}, ${opts.workers} worker(s) x ${opts.concurrency}\n`);
    const stop = async (why: string) => {
      process.stdout.write(`stopping (${why}) ...\n`);
      await cluster.stop();
      process.exit(0);
    };
    process.once("SIGINT", () => void stop("SIGINT"));
    process.once("SIGTERM", () => void stop("SIGTERM"));
    void cluster.anyExit().then((why) => stop(why));
  });

program
  .command("submit <file>")
  .description("submit a study spec (YAML or JSON)")
  .option("--watch", "follow the study until it ends, then print its leaderboard")
  .action(async (file: string, opts: { watch?: boolean }) => {
    const study = await submitFile(client, file);
    process.stdout.write(`submitted study ${study.id} (${study.name})\n`);
    if (opts.watch) {
      await watchStudy(client, study.id);
      process.stdout.write(`${leaderboardTable(await client.leaderboard(study.id, 10))}\n`);
    }
  });

program
  .command("watch <id>")
  .description("show a study's progress until it ends")
  .action(async (id: string) => {
    const study = await watchStudy(client, positiveInt(id));
    process.stdout.write(`study ${study.id} ${study.status}: ${study.finished}/${study.maxTrials} trials\n`);
  });

program
  .command("leaderboard <id>")
  .description("print a study's best trials")
  .option("-n, --limit <n>", "rows", positiveInt, 10)
  .action(async (id: string, opts: { limit: number }) => {
    process.stdout.write(`${leaderboardTable(await client.leaderboard(positiveInt(id), opts.limit))}\n`);
  });

program
  .command("status")
  .description("say whether the cluster answers, and list recent studies")
  .action(async () => {
    const ready = await client.ready();
    process.stdout.write(`API ${client.baseUrl}: ${ready.status} (postgres ${ready.checks.postgres}, queue ${ready.checks.queue})\n`);
    for (const s of (await client.studies()).studies) process.stdout.write(`  study ${s.id}  ${s.status.padEnd(9)} ${s.trialsCreated} trials  ${s.name}\n`);
  });

program
  .command("demo")
  .description("start a local cluster, run a 20-trial study, print its leaderboard, stop")
  .option("-w, --workers <n>", "worker processes", positiveInt, 2)
  .option("--spec <file>", "the study to run", DEMO_SPEC)
  .action(async (opts: { workers: number; spec: string }) => {
    // Port 0: the demo never collides with a running `rectune up`.
    const cluster = await startCluster({ workers: opts.workers, concurrency: 2, echo: false, port: 0 });
    try {
      const demoClient = new ApiClient(cluster.apiUrl);
      const study = await submitFile(demoClient, opts.spec);
      process.stdout.write(`cluster up at ${cluster.apiUrl}; study ${study.id} (${study.name}) submitted\n`);
      const done = await watchStudy(demoClient, study.id, { bar: process.stdout.isTTY });
      process.stdout.write(`study ${done.id} ${done.status}: ${done.finished}/${done.maxTrials} trials\n`);
      process.stdout.write(`${leaderboardTable(await demoClient.leaderboard(study.id, 10))}\n`);
    } finally {
      await cluster.stop();
    }
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof StudySpecError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const p of error.problems.slice(1)) process.stderr.write(`  ${error.source ?? ""}${p.line ? `:${p.line}` : ""}: ${p.field}: ${p.message}\n`);
  } else if (error instanceof ApiError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const p of error.problem.errors ?? []) process.stderr.write(`  ${p.field}: ${p.message}\n`);
  } else {
    process.stderr.write(`error: ${(error as Error).message}\n`);
  }
  process.exit(1);
}
