import { parseEnv, requireDatabaseUrl } from "@rectune/config";
import { chooseQueueConnection, createQueueBackend } from "@rectune/queue";
import { createStore } from "@rectune/store";
import { pino } from "pino";
import { createApp } from "./app.js";

const env = parseEnv(process.env);
const logger = pino({ name: "api", level: env.RECTUNE_LOG_LEVEL });
const databaseUrl = requireDatabaseUrl(env);
const store = createStore(databaseUrl, { poolSize: 16 });
// Redis when REDIS_URL is set (cluster mode), else the queue shares the study database.
const queue = createQueueBackend(chooseQueueConnection({ redisUrl: env.REDIS_URL, databaseUrl, namespace: env.RECTUNE_QUEUE_PREFIX }));
const app = createApp({ store, queue, logger });

const server = app.listen(env.RECTUNE_API_PORT, env.RECTUNE_API_HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.RECTUNE_API_PORT;
  // The CLI's `up` reads this line to learn the port when it asked for an ephemeral one.
  logger.info({ port, host: env.RECTUNE_API_HOST }, "api listening");
});

async function shutdown(): Promise<void> {
  server.close();
  await queue.close();
  await store.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
