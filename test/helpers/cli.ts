import { spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AppProcess } from "./processes.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Runs the rectune CLI (what `npm run demo` and `npx rectune` run) with neither DATABASE_URL nor
 * REDIS_URL, whatever the calling environment holds (CI exports DATABASE_URL): embedded mode.
 */
export function startEmbeddedCli(args: string[], env: Record<string, string>): AppProcess {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", ...args], {
    cwd: ROOT,
    env: { ...inherited, RECTUNE_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new AppProcess(child);
}

/** A fresh project data directory (RECTUNE_DATA_DIR) in a folder the `postgres` account can enter. */
export async function freshDataDir(): Promise<{ dataDir: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "rectune-project-"));
  await chmod(root, 0o755);
  return { dataDir: join(root, ".rectune"), remove: () => rm(root, { recursive: true, force: true }) };
}

/** Runs the CLI against a running API (`--api-url`) and returns its exit code and output. */
export async function runCli(
  args: string[],
  apiUrl: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", "--api-url", apiUrl, ...args], {
    cwd: ROOT,
    env: { ...process.env, RECTUNE_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, stdout, stderr };
}
