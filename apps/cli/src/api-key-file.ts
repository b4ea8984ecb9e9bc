import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Env } from "@rectune/config";

/** Where the CLI keeps its API key: RECTUNE_API_KEY_FILE, or `<data dir>/api-key` (what `rectune up` writes). */
export const apiKeyFile = (env: Env): string => resolve(env.RECTUNE_API_KEY_FILE ?? `${env.RECTUNE_DATA_DIR}/api-key`);

/**
 * The CLI's API key: RECTUNE_API_KEY, else the key file, which must be readable by its owner only
 * (mode 0600): a key others can read is refused, not used.
 */
export function readCliApiKey(env: Env): string | undefined {
  if (env.RECTUNE_API_KEY) return env.RECTUNE_API_KEY;
  const file = apiKeyFile(env);
  if (!existsSync(file)) return undefined;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw new Error(
      `the API key file ${file} may be read by others (mode ${mode.toString(8)}): run \`chmod 600 ${file}\``,
    );
  return readFileSync(file, "utf8").trim() || undefined;
}

/** Writes a key file readable by its owner only; never replaces one that exists. */
export function writeCliApiKey(file: string, key: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: "wx" });
}
