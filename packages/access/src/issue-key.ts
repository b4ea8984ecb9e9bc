import type { AccessControl, ApiKeyRow, ApiKeyScope } from "@rectune/store";
import { generateApiKey } from "./api-key.js";

/**
 * Makes a new API key and stores its hash: the returned `key` is the only copy of it there will ever
 * be (show it once). `project`: the project's name, or null for an admin key of every project.
 */
export async function issueApiKey(
  store: Pick<AccessControl, "createApiKey" | "project">,
  options: { name: string; scopes: readonly ApiKeyScope[]; project: string | null },
): Promise<{ key: string; row: ApiKeyRow }> {
  const projectId = options.project === null ? null : (await store.project(options.project)).id;
  const material = generateApiKey();
  const row = await store.createApiKey({
    name: options.name,
    prefix: material.prefix,
    hash: material.hash,
    projectId,
    scopes: options.scopes,
  });
  return { key: material.key, row };
}
