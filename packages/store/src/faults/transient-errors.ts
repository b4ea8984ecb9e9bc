/**
 * The one place that decides whether a store error is the infrastructure's (worth retrying: the
 * connection dropped, the server restarts or shuts down, the pool timed out) or the statement's own (a
 * constraint, bad input: retrying changes nothing). Callers never parse error texts themselves.
 */

/** SQLSTATE classes and codes that say the server or the connection, not the statement, failed. */
const TRANSIENT_SQLSTATE_CLASSES = ["08", "57P", "53"] as const; // connection exception, operator intervention, insufficient resources
const TRANSIENT_SQLSTATES = new Set(["40001", "40P01", "55P03"]); // serialization failure, deadlock, lock not available

/** Node's socket error codes of a connection that broke or never opened. */
const TRANSIENT_NODE_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTCONN",
  "EAI_AGAIN",
]);

/** Prisma's codes for "cannot reach the server", "the server closed the connection", "pool timeout". */
const TRANSIENT_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/**
 * Messages of node-postgres and the Prisma pg adapter that carry no code (the driver's own errors when the
 * socket ends, and the pool's connect time-out).
 */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /connection (?:is )?closed/i,
  /server closed the connection/i,
  /timeout exceeded when trying to connect/i,
  /timed out fetching a new connection/i,
  /cannot use a pool after calling end/i,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
  /client has encountered a connection error/i,
  /can't reach database server/i,
  /connection refused/i,
  /socket hang up/i,
];

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** True when `error` (or any error it wraps, through `cause`) is a transient infrastructure failure. */
export function isTransientStoreError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 8; depth++) {
    const code = codeOf(e);
    if (code !== undefined) {
      if (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_PRISMA_CODES.has(code) || TRANSIENT_SQLSTATES.has(code))
        return true;
      if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_CLASSES.some((c) => code.startsWith(c))) return true;
    }
    // Prisma's driver adapters keep the driver's error under `cause` with `originalCode`/`originalMessage`.
    const original = (e as { originalCode?: unknown }).originalCode;
    if (typeof original === "string" && isTransientStoreError({ code: original })) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && TRANSIENT_MESSAGES.some((m) => m.test(message))) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isTransientStoreError(inner))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
