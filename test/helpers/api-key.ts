import { issueApiKey } from "@rectune/access";
import type { AccessControl, ApiKeyScope } from "@rectune/store";

/** The store behind each test API (by its URL), where a test's keys are made. */
const storesByApi = new Map<string, Pick<AccessControl, "createApiKey" | "project">>();

export function registerApiStore(apiUrl: string, store: Pick<AccessControl, "createApiKey" | "project">): void {
  storesByApi.set(apiUrl, store);
}

/**
 * An API key a test can sign in with: a new admin key made in the API's store (as `rectune keys create`
 * does) when the API asks for keys; when it runs with RECTUNE_AUTH=off, any string does.
 */
export async function apiKeyFor(
  apiUrl: string,
  options: { scopes?: ApiKeyScope[]; project?: string | null } = {},
): Promise<string> {
  const res = await fetch(`${apiUrl}/v1/studies?limit=1`);
  await res.body?.cancel();
  if (res.status !== 401) return "rectune-test-key";
  const store = storesByApi.get(apiUrl);
  if (!store) throw new Error(`no store registered for the API at ${apiUrl} (TestCluster.startApi registers it)`);
  const { key } = await issueApiKey(store, {
    name: "test",
    scopes: options.scopes ?? ["admin"],
    project: options.project ?? null,
  });
  return key;
}
