import type { RectuneClient } from "@rectune/client";
import { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { readClusterState } from "../cluster-state.js";

/**
 * The dashboard's address (the API serves it at its root) and whether it is there: the API says in
 * /healthz whether it found the built files.
 */
export async function dashboardLines(client: RectuneClient): Promise<string[]> {
  const url = `${client.baseUrl.replace(/\/$/, "")}/`;
  const health = await client.health();
  if (health.dashboard === "not built")
    return [`dashboard: ${url} (not built yet: run \`npm run build -w @rectune/dashboard\`, then restart the API)`];
  return [`dashboard: ${url}`, "sign in with an API key (any key until the API requires them)"];
}

/** `rectune dashboard`: where the dashboard of the running cluster (or RECTUNE_API_URL) is. */
export function dashboardCommand(ctx: CliContext): Command {
  const { env, say } = ctx;
  return new Command("dashboard")
    .description("print the dashboard's URL (the API serves it) and whether it is built")
    .action(async () => {
      const state = readClusterState(env.RECTUNE_DATA_DIR);
      const api = state ? ctx.clientAt(env.RECTUNE_API_URL ?? state.apiUrl) : ctx.client;
      for (const line of await dashboardLines(api)) say(line);
    });
}
