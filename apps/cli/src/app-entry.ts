import { join } from "node:path";
import { fileURLToPath } from "node:url";

const APPS = fileURLToPath(new URL("../../", import.meta.url));
/** This module was compiled by `npm run build` (dist/*.js), not loaded from its source by tsx. */
const RUNNING_COMPILED = import.meta.url.endsWith(".js");
/**
 * A worker's trial threads each train on a core of their own; V8's collector and compiler would otherwise
 * add work on helper threads that compete for those cores (packages/trial-threads/bench/worker-speedup.ts).
 * V8 takes this flag only at process start, so it is on the command line.
 */
const WORKER_V8_FLAGS = ["--single-threaded"];

/**
 * Node's arguments that start another rectune app the way this CLI was started: its compiled entry, with
 * every @rectune package resolved to its compiled output, when the CLI runs compiled; else its TypeScript
 * source through tsx (development).
 */
export function appEntryArgs(app: string): string[] {
  const entry = RUNNING_COMPILED
    ? ["--conditions=rectune-compiled", join(APPS, app, "dist/main.js")]
    : ["--import", "tsx", join(APPS, app, "src/main.ts")];
  return app === "worker" ? [...WORKER_V8_FLAGS, ...entry] : entry;
}
