import { issueApiKey } from "@rectune/access";
import type { Env } from "@rectune/config";
import { createPostgresStore } from "@rectune/store";
import { apiKeyFile, readCliApiKey, writeCliApiKey } from "./api-key-file.js";

/**
 * On a cluster's first start from this data directory: an admin key for its own user, in the CLI's key
 * file (mode 0600), so that `rectune submit` and the dashboard work with no set-up step. Nothing when
 * the CLI already has a key (RECTUNE_API_KEY or the file).
 */
export async function ensureLocalAdminKey(env: Env, databaseUrl: string, say: (line: string) => void): Promise<void> {
  if (readCliApiKey(env) !== undefined) return;
  const store = createPostgresStore(databaseUrl, { poolSize: 1 });
  try {
    const { key, row } = await issueApiKey(store, {
      name: "local admin (rectune up)",
      scopes: ["admin"],
      project: null,
    });
    const file = apiKeyFile(env);
    writeCliApiKey(file, key);
    say(
      `created the local admin API key ${row.prefix} in ${file} (the CLI reads it; sign in to the dashboard with it)`,
    );
  } finally {
    await store.close();
  }
}
