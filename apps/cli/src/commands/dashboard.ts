import type { ApiClient } from "../api-client.js";

/**
 * The dashboard's address (the API serves it at its root) and whether it is there: the API says in
 * /healthz whether it found the built files. Throws ApiError-wrapped reach errors like other commands.
 */
export async function dashboardLines(client: ApiClient): Promise<string[]> {
  const url = `${client.baseUrl.replace(/\/$/, "")}/`;
  const health = await client.health();
  if (health.dashboard === "not built")
    return [`dashboard: ${url} (not built yet: run \`npm run build -w @rectune/dashboard\`, then restart the API)`];
  return [`dashboard: ${url}`, "sign in with an API key (any key until the API requires them)"];
}
