import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";

/** What a running `rectune up` tells `rectune status`, in the project's data directory. */
export const clusterStateSchema = z.object({
  pid: z.number().int(),
  mode: z.enum(["embedded", "cluster"]),
  apiUrl: z.string(),
  database: z.string(),
  /** The embedded server's URL (its password is in the data directory anyway): `keys` and `projects` use it. */
  databaseUrl: z.string().optional(),
  queue: z.string(),
  logs: z.string(),
  startedAt: z.string(),
});

export type ClusterState = z.infer<typeof clusterStateSchema>;

const stateFile = (dataDir: string): string => join(dataDir, "cluster.json");

export function writeClusterState(dataDir: string, state: ClusterState): void {
  mkdirSync(dirname(stateFile(dataDir)), { recursive: true });
  // Owner-only: it holds the embedded database's URL with its password.
  writeFileSync(stateFile(dataDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function removeClusterState(dataDir: string): void {
  rmSync(stateFile(dataDir), { force: true });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The state of the `rectune up` running from this data directory, if one still runs. */
export function readClusterState(dataDir: string): ClusterState | undefined {
  try {
    const state = clusterStateSchema.parse(JSON.parse(readFileSync(stateFile(dataDir), "utf8")));
    return alive(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}
