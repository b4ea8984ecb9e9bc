import pg from "pg";
import type { SchedulerLock, SchedulerLockOptions } from "../contract/scheduler-lock.js";
import { isTransientStoreError } from "../faults/transient-errors.js";

// Any fixed 64-bit key: the one PostgreSQL advisory lock that names the cluster's active scheduler.
const SCHEDULER_LOCK_KEY = 0x7265_6374_756e_6531n;

/**
 * Makes sure one scheduler runs per cluster: a session-level advisory lock on a dedicated connection.
 * A second scheduler waits as a standby and takes over when the first one's connection goes away
 * (process exit or crash: PostgreSQL releases the lock with the session). A standby keeps polling while
 * PostgreSQL is down or restarting: connection failures are waited out, never thrown.
 */
export async function acquireSchedulerLock(
  databaseUrl: string,
  options: SchedulerLockOptions = {},
): Promise<SchedulerLock> {
  for (;;) {
    options.signal?.throwIfAborted();
    // TCP keep-alive: a connection silently cut by the network is noticed too, not only a closed one.
    const client = new pg.Client({ connectionString: databaseUrl, keepAlive: true, connectionTimeoutMillis: 5_000 });
    let failure: Error | undefined;
    // Without a listener an `error` event of the client (the server going away) would crash the process.
    client.on("error", (err) => (failure ??= err));
    try {
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
        SCHEDULER_LOCK_KEY.toString(),
      ]);
      if (rows[0]?.locked && !failure) return heldLock(client);
      await client.end().catch(() => undefined);
    } catch (error) {
      await client.end().catch(() => undefined);
      if (!isTransientStoreError(error)) throw error;
      options.onUnavailable?.(error);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
  }
}

function heldLock(client: pg.Client): SchedulerLock {
  let held = true;
  const lost = new Promise<Error>((resolve) => {
    const lose = (err: Error) => {
      held = false;
      resolve(err);
    };
    client.on("error", lose);
    client.once("end", () => lose(new Error("scheduler lock connection ended")));
  });
  return {
    lost,
    held: () => held,
    release: async () => {
      held = false;
      await client.query("SELECT pg_advisory_unlock($1)", [SCHEDULER_LOCK_KEY.toString()]).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
