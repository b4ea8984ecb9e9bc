import { resolve, join } from "node:path";
import { fileURLToPath } from "node:url";
import { apiUrlOf, parseEnv } from "@rectune/config";
import { StudySpecError } from "@rectune/spec";
import { migrateDatabase } from "@rectune/store";
import { Command, InvalidArgumentError } from "commander";
import { ApiClient, ApiError } from "./api-client.js";
import { submitFile } from "./commands/submit.js";
import { watchStudy } from "./commands/watch.js";
import { leaderboardTable } from "./format.js";
import { type ClusterDatabase, describeQueue, embeddedDir, openClusterDatabase, redact } from "./cluster-database.js";
import { readClusterState, removeClusterState, writeClusterState } from "./cluster-state.js";
import { LocalCluster } from "./local-cluster.js";

const env = parseEnv(process.env);
const client = new ApiClient(apiUrlOf(env));
const DEMO_SPEC = fileURLToPath(new URL("../../../examples/demo.yaml", import.meta.url));

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
};

/** A local cluster and the datastores under it: stopped in that order. */
interface RunningCluster {
  readonly cluster: LocalCluster;
  readonly database: ClusterDatabase;
  readonly logDir: string;
  stop(): Promise<void>;
}

/** Settings every process of a local cluster gets: the datastores chosen here, nothing else implied. */
const clusterEnv = (databaseUrl: string): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL } : {}),
  RECTUNE_QUEUE_PREFIX: env.RECTUNE_QUEUE_PREFIX,
  RECTUNE_API_HOST: env.RECTUNE_API_HOST,
  RECTUNE_API_PORT: String(env.RECTUNE_API_PORT),
  RECTUNE_LOG_LEVEL: env.RECTUNE_LOG_LEVEL,
});

const say = (line: string) => process.stdout.write(`${line}\n`);

async function startCluster(options: {
  workers: number;
  concurrency: number;
  echo: boolean;
  port?: number;
}): Promise<RunningCluster> {
  const database = await openClusterDatabase(env, say);
  const logDir = resolve(env.RECTUNE_DATA_DIR, "logs");
  try {
    say(`${database.mode} mode: ${database.describeDatabase}; queue: ${database.describeQueue}`);
    say(`migrating ${new URL(database.databaseUrl).pathname.slice(1)} ...`);
    await migrateDatabase(database.databaseUrl, { env: process.env });
    const cluster = new LocalCluster({
      env: {
        ...clusterEnv(database.databaseUrl),
        ...(options.port === undefined ? {} : { RECTUNE_API_PORT: String(options.port) }),
      },
      workers: options.workers,
      concurrency: options.concurrency,
      logDir,
      echo: options.echo,
    });
    let stopped: Promise<void> | undefined;
    const running: RunningCluster = {
      cluster,
      database,
      logDir,
      // Workers first (they finish or hand back their trials), then scheduler and API, then the database.
      // Once: a signal and the demo's own `finally` may both ask.
      stop: () =>
        (stopped ??= (async () => {
          await cluster.stop();
          await database.close();
        })()),
    };
    try {
      await cluster.start();
    } catch (error) {
      await running.stop();
      throw error;
    }
    return running;
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** Runs `stop` once on SIGINT or SIGTERM (Ctrl-C reaches the child processes too; they stop gracefully). */
function onSignal(stop: (why: string) => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void stop(signal);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

const program = new Command("rectune").description("Distributed hyperparameter optimization for recommender models.");

program
  .command("up")
  .description("run the API, the scheduler and N workers on this machine until Ctrl-C")
  .option("-w, --workers <n>", "worker processes", positiveInt, 2)
  .option("-c, --concurrency <n>", "trials per worker process", positiveInt, 1)
  .option("-q, --quiet", "do not echo the processes' logs (they are in $RECTUNE_DATA_DIR/logs)")
  .action(async (opts: { workers: number; concurrency: number; quiet?: boolean }) => {
    const running = await startCluster({ workers: opts.workers, concurrency: opts.concurrency, echo: !opts.quiet });
    const { cluster, database } = running;
    writeClusterState(env.RECTUNE_DATA_DIR, {
      pid: process.pid,
      mode: database.mode,
      apiUrl: cluster.apiUrl,
      database: database.describeDatabase,
      queue: database.describeQueue,
      logs: running.logDir,
      startedAt: new Date().toISOString(),
    });
    say(
      `rectune is up (${database.mode} mode): API ${cluster.apiUrl}, ${opts.workers} worker(s) x ${opts.concurrency}`,
    );
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
    onSignal(stop);
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
  .description("say which mode runs and where its data is, whether the cluster answers, and list recent studies")
  .action(async () => {
    const state = readClusterState(env.RECTUNE_DATA_DIR);
    if (state) {
      say(`rectune up (PID ${state.pid}, since ${state.startedAt}): ${state.mode} mode`);
      say(`  database: ${state.database}`);
      say(`  queue:    ${state.queue}`);
      say(`  logs:     ${state.logs}`);
    } else if (env.DATABASE_URL) {
      say(`cluster mode: database ${redact(env.DATABASE_URL)}; queue: ${describeQueue(env, env.DATABASE_URL)}`);
    } else {
      say(
        `no \`rectune up\` runs from ${resolve(env.RECTUNE_DATA_DIR)}; embedded mode keeps its data in ${embeddedDir(env)}`,
      );
    }
    const api = state ? new ApiClient(env.RECTUNE_API_URL ?? state.apiUrl) : client;
    const ready = await api.ready();
    say(`API ${api.baseUrl}: ${ready.status} (postgres ${ready.checks.postgres}, queue ${ready.checks.queue})`);
    for (const s of (await api.studies()).studies)
      say(`  study ${s.id}  ${s.status.padEnd(9)} ${s.trialsCreated} trials  ${s.name}`);
  });

const data = program.command("data").description("recommender data sets");

data
  .command("list")
  .description("the data sets `data fetch` knows")
  .action(async () => {
    // Loaded on demand: the recsys package pulls in TensorFlow.js, which the other commands do not need.
    const { DATASET_REGISTRY } = await import("@rectune/recsys");
    for (const [name, entry] of Object.entries(DATASET_REGISTRY))
      process.stdout.write(`${name.padEnd(18)} ${entry.url}\n`);
  });

data
  .command("fetch <name>")
  .description("download a MovieLens release from GroupLens, check its checksums and unpack it (needs internet)")
  .option("-d, --dir <dir>", "where to unpack it", ".rectune/datasets")
  .action(async (name: string, opts: { dir: string }) => {
    const { fetchDataset } = await import("@rectune/recsys");
    const fetched = await fetchDataset(name, join(opts.dir, name));
    process.stdout.write(
      `${name}: ${fetched.archiveSha256 ? "downloaded and verified" : "already present, checksums hold"}\n`,
    );
    process.stdout.write(`use it as: dataset: { path: ${fetched.dataset.path}, format: ${fetched.dataset.format} }\n`);
  });

program
  .command("demo")
  .description("start a local cluster, run a 20-trial study, print its leaderboard, stop")
  .option("-w, --workers <n>", "worker processes", positiveInt, 2)
  .option("--spec <file>", "the study to run", DEMO_SPEC)
  .action(async (opts: { workers: number; spec: string }) => {
    // Port 0: the demo never collides with a running `rectune up`.
    const running = await startCluster({ workers: opts.workers, concurrency: 2, echo: false, port: 0 });
    onSignal(async (why) => {
      say(`stopping (${why}) ...`);
      await running.stop();
      process.exit(130);
    });
    try {
      const demoClient = new ApiClient(running.cluster.apiUrl);
      const study = await submitFile(demoClient, opts.spec);
      say(`cluster up at ${running.cluster.apiUrl}; study ${study.id} (${study.name}) submitted`);
      const done = await watchStudy(demoClient, study.id, { bar: process.stdout.isTTY });
      say(`study ${done.id} ${done.status}: ${done.finished}/${done.maxTrials} trials`);
      say(leaderboardTable(await demoClient.leaderboard(study.id, 10)));
    } finally {
      await running.stop();
    }
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof StudySpecError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const p of error.problems.slice(1))
      process.stderr.write(`  ${error.source ?? ""}${p.line ? `:${p.line}` : ""}: ${p.field}: ${p.message}\n`);
  } else if (error instanceof ApiError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const p of error.problem.errors ?? []) process.stderr.write(`  ${p.field}: ${p.message}\n`);
  } else {
    process.stderr.write(`error: ${(error as Error).message}\n`);
  }
  process.exit(1);
}
