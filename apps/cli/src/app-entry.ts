import { join } from "node:path";
import { fileURLToPath } from "node:url";

const APPS = fileURLToPath(new URL("../../", import.meta.url));
/** This module was compiled by `npm run build` (dist/*.js), not loaded from its source by tsx. */
const RUNNING_COMPILED = import.meta.url.endsWith(".js");

/**
 * Node's arguments that start another rectune app the way this CLI was started: its compiled entry, with
 * every @rectune package resolved to its compiled output, when the CLI runs compiled; else its TypeScript
 * source through tsx (development).
 */
export function appEntryArgs(app: string): string[] {
  return RUNNING_COMPILED
    ? ["--conditions=rectune-compiled", join(APPS, app, "dist/main.js")]
    : ["--import", "tsx", join(APPS, app, "src/main.ts")];
}
