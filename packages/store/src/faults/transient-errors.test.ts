import { describe, expect, it } from "vitest";
import { retryTransient } from "./retry-transient.js";
import { isTransientStoreError } from "./transient-errors.js";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("isTransientStoreError", () => {
  it("takes the connection's and the server's failures for transient", () => {
    const transient = [
      withCode("terminating connection due to administrator command", "57P01"),
      withCode("the database system is starting up", "57P03"),
      withCode("connection failure", "08006"),
      withCode("could not serialize access", "40001"),
      withCode("read ECONNRESET", "ECONNRESET"),
      withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      withCode("Can't reach database server", "P1001"),
      withCode("Timed out fetching a new connection from the connection pool", "P2024"),
      // Prisma's driver adapters wrap the driver's error.
      new Error("Driver adapter error", { cause: { originalCode: "57P01", message: "x" } }),
      new AggregateError([withCode("", "ECONNREFUSED")], ""),
    ];
    expect(transient.map((e) => isTransientStoreError(e))).toEqual(transient.map(() => true));
  });

  it("leaves the statement's own errors alone", () => {
    const permanent = [
      withCode('duplicate key value violates unique constraint "trials_pkey"', "23505"),
      withCode('relation "trials" does not exist', "42P01"),
      withCode("invalid input syntax for type integer", "22P02"),
      new TypeError("x is not a function"),
      new Error("study 3 not found"),
      "a string",
      null,
    ];
    expect(permanent.map((e) => isTransientStoreError(e))).toEqual(permanent.map(() => false));
  });
});

describe("retryTransient", () => {
  it("retries transient failures until the call succeeds, and rethrows others at once", async () => {
    let calls = 0;
    const retries: number[] = [];
    const value = await retryTransient(
      async () => {
        if (++calls < 4) throw withCode("gone", "57P01");
        return "written";
      },
      { initialDelayMs: 1, maxDelayMs: 4, onRetry: (_e, attempt, delayMs) => retries.push(attempt, delayMs) },
    );
    expect([value, calls]).toEqual(["written", 4]);
    expect(retries.filter((_, i) => i % 2 === 0)).toEqual([1, 2, 3]);
    expect(retries.filter((_, i) => i % 2 === 1).every((d) => d >= 0 && d <= 4)).toBe(true);

    let permanentCalls = 0;
    await expect(
      retryTransient(async () => {
        permanentCalls++;
        throw withCode("duplicate key", "23505");
      }),
    ).rejects.toThrow("duplicate key");
    expect(permanentCalls).toBe(1);
  });

  it("gives up after giveUpAfterMs or when aborted, with the last error", async () => {
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw withCode(`down ${calls}`, "ECONNREFUSED");
        },
        { initialDelayMs: 1, maxDelayMs: 2, giveUpAfterMs: 0 },
      ),
    ).rejects.toThrow("down 1");
    const abort = new AbortController();
    abort.abort();
    await expect(
      retryTransient(() => Promise.reject(withCode("down", "ECONNREFUSED")), { signal: abort.signal }),
    ).rejects.toThrow("down");
  });
});
