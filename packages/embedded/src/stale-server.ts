import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";

/** Who started the server in a data directory: written on start, removed on a clean stop. */
export interface Owner {
  readonly pid: number;
  readonly port: number;
}

export const OWNER_FILE = "owner.json";

/** What a previous run left in the data directory. */
export type Leftover =
  | { readonly kind: "none" }
  /** A server whose rectune process still runs: another `rectune up` or demo uses this directory. */
  | { readonly kind: "in-use"; readonly pid: number; readonly owner: Owner }
  /** A server still running after its rectune process died (a crash, a SIGKILL). */
  | { readonly kind: "orphan-server"; readonly pid: number }
  /** postmaster.pid names a process that is gone or is not this directory's server. */
  | { readonly kind: "stale-pid-file"; readonly pid: number };

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (the `postgres` account).
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** True when `pid` is a postmaster serving `pgdata` (Linux: from /proc; elsewhere any live process counts). */
async function servesDirectory(pid: number, pgdata: string): Promise<boolean> {
  if (!alive(pid)) return false;
  try {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0");
    return cmdline.includes(pgdata);
  } catch {
    return process.platform !== "linux";
  }
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Looks at postmaster.pid and the owner file of a server directory (`root` holds `data/`). */
export async function inspectLeftover(root: string, pgdata: string): Promise<Leftover> {
  let pidText: string;
  try {
    pidText = await readFile(join(pgdata, "postmaster.pid"), "utf8");
  } catch {
    return { kind: "none" };
  }
  const pid = Number.parseInt(pidText.split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !(await servesDirectory(pid, pgdata)))
    return { kind: "stale-pid-file", pid };
  const owner = await readJson<Owner>(join(root, OWNER_FILE));
  if (owner && owner.pid !== process.pid && alive(owner.pid)) return { kind: "in-use", pid, owner };
  return { kind: "orphan-server", pid };
}

/** PostgreSQL refuses to start while postmaster.pid names a live process, even an unrelated one. */
export async function removePidFile(pgdata: string): Promise<void> {
  await rm(join(pgdata, "postmaster.pid"), { force: true });
}
