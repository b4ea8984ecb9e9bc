import pg from "pg";
import type { SchedulerLock, SchedulerLockOptions } from "../contract/scheduler-lock.js";

// Any fixed 64-bit key: the one PostgreSQL advisory lock that names the cluster's active scheduler.
const SCHEDULER_LOCK_KEY = 0x7265_6374_756e_6531n;

/**
 * Makes sure one scheduler runs per cluster: a session-level advisory lock on a dedicated connection.
 * A second scheduler waits as a standby and takes over when the first one's connection goes away
 * (process exit or crash: PostgreSQL releases the lock with the session).
 */
export async function acquireSchedulerLock(
  databaseUrl: string,
  options: SchedulerLockOptions = {},
): Promise<SchedulerLock> {
  for (;;) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      SCHEDULER_LOCK_KEY.toString(),
    ]);
    if (rows[0]?.locked) {
      const lost = new Promise<Error>((resolve) => {
        client.once("error", (err) => resolve(err));
        client.once("end", () => resolve(new Error("scheduler lock connection ended")));
      });
      return {
        lost,
        release: async () => {
          await client.query("SELECT pg_advisory_unlock($1)", [SCHEDULER_LOCK_KEY.toString()]).catch(() => undefined);
          await client.end().catch(() => undefined);
        },
      };
    }
    await client.end();
    options.signal?.throwIfAborted();
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
  }
}
