import { resolve } from "node:path";
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { describeQueue, embeddedDir, redact } from "../cluster-database.js";
import { readClusterState } from "../cluster-state.js";

/** `rectune status`: which mode runs and where its data is, whether the API answers, recent studies. */
export function statusCommand(ctx: CliContext): Command {
  const { env, say } = ctx;
  return new Command("status")
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
      const api = state ? ctx.clientAt(env.RECTUNE_API_URL ?? state.apiUrl) : ctx.client;
      const ready = await api.ready();
      say(`API ${api.baseUrl}: ${ready.status} (postgres ${ready.checks.postgres}, queue ${ready.checks.queue})`);
      const capacity = await api.capacity();
      for (const q of capacity.queues)
        say(
          `  queue ${q.accelerator.padEnd(3)}  ${q.backlog} waiting, ${q.liveWorkers} live worker(s), ${q.slots} slot(s)` +
            (q.unserved ? "  <- no live worker serves this queue" : ""),
        );
      const unserved = new Map(capacity.unservedStudies.map((u) => [u.id, u.reason]));
      for (const s of (await api.studies()).studies) {
        say(
          `  study ${s.id}  ${s.status.padEnd(9)} ${s.trialsCreated} trials  ${s.name}` +
            (unserved.has(s.id) ? `  (waiting: ${unserved.get(s.id)})` : ""),
        );
        if (s.error) say(`    error: ${s.error}`);
      }
    });
}
