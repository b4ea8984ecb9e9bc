import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createMemoryStore, type Store } from "@rectune/store";
import fc from "fast-check";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequestListener } from "./app.js";

/** A spec the API accepts: the fuzzer's bodies are this, broken in every way it can think of. */
const VALID = {
  name: "fuzz",
  objective: { metric: "value", direction: "minimize" },
  target: { kind: "function", name: "curve", steps: 3 },
  space: { x: { type: "float", low: 0, high: 1 }, lr: { type: "float", low: 0.001, high: 0.1, log: true } },
  strategy: { maxTrials: 2 },
};

/** Strings an attacker (or a buggy client) sends: NUL, lone surrogates, paths, prototype names, huge text. */
const hostileString = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\ud800",
    "x\udc00y",
    "\ud83d\ude00",
    "../../etc/passwd",
    "/etc/shadow",
    "__proto__",
    "constructor",
    "prototype",
    "0x10",
    "1e309",
    "NaN",
    "",
    " ",
    "%00",
    "${jndi:ldap://x}",
    "'; DROP TABLE studies; --",
  ),
  fc.string16bits({ maxLength: 40 }),
  fc.fullUnicodeString({ maxLength: 40 }),
  fc.constant("x".repeat(5000)),
);

const hugeNumber = fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 31, 2 ** 53 + 2, -0, Number.MIN_VALUE, 1e-320),
  fc.double({ noNaN: true }),
  fc.integer(),
);

const prototypeKey = fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty");

/** Any JSON value, with hostile leaves and prototype-named keys. */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    hugeNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(prototypeKey, hostileString), tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** Nesting deeper than any spec, as arrays or objects. */
const deepNesting = fc.tuple(fc.integer({ min: 50, max: 1000 }), fc.boolean()).map(([depth, arrays]) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
});

/** The valid spec with one field (at any depth) replaced by something hostile, or a prototype key added. */
const paths = (v: unknown, prefix: string[] = []): string[][] =>
  v !== null && typeof v === "object"
    ? Object.entries(v).flatMap(([k, c]) => [[...prefix, k], ...paths(c, [...prefix, k])])
    : [];
const mutatedSpec = fc
  .tuple(fc.constantFrom(...paths(VALID)), fc.oneof(hostileJson, deepNesting), fc.boolean(), prototypeKey)
  .map(([path, replacement, addKey, key]) => {
    const copy = structuredClone(VALID) as Record<string, unknown>;
    let at: Record<string, unknown> = copy;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
    const last = path.at(-1)!;
    // defineProperty: `__proto__` becomes a key of the body, as JSON.parse on the server makes it.
    if (addKey)
      Object.defineProperty(at, key, { value: replacement, enumerable: true, configurable: true, writable: true });
    else at[last] = replacement;
    return copy;
  });

const body = fc.oneof(hostileJson, deepNesting, mutatedSpec, mutatedSpec, mutatedSpec);

describe("POST /v1/studies under fuzzing", () => {
  let store: Store;
  let server: Server;
  let url = "";

  beforeAll(async () => {
    store = createMemoryStore();
    server = createServer(
      createRequestListener({
        store,
        queue: { ping: async () => {} },
        logger: pino({ level: "silent" }),
        auth: "off",
        dataRoots: [],
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });

  it("never answers 5xx, answers every refusal as problem+json, and stores nothing for a 4xx (2,000 bodies)", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const before = (await store.studies({ limit: 100_000 })).length;
        const res = await fetch(`${url}/v1/studies`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(value),
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, text).toBeLessThan(500);
        const after = (await store.studies({ limit: 100_000 })).length;
        if (res.status >= 400) {
          expect(res.headers.get("content-type")).toContain("application/problem+json");
          expect(JSON.parse(text)).toMatchObject({ status: res.status });
          expect(after).toBe(before);
        } else {
          expect(res.status).toBe(201);
          expect(after).toBe(before + 1);
        }
      }),
      { numRuns: 2000 },
    );
    // The run reached both sides: refusals and, through the lightly mutated specs, accepted studies.
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect(statuses.get(201) ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it("answers hostile ids on every study route without a 5xx, refusals as problem+json", async () => {
    // A lone surrogate cannot be percent-encoded as UTF-8: it goes as the invalid bytes of one.
    const encoded = hostileString.map((v) => {
      try {
        return encodeURIComponent(v);
      } catch {
        return "%ED%A0%80";
      }
    });
    const id = fc.oneof(encoded, fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String));
    const route = fc.constantFrom(
      "",
      "/trials",
      "/trials/0",
      "/leaderboard",
      "/strategy",
      "/table",
      "/curves",
      "/importance",
    );
    await fc.assert(
      fc.asyncProperty(id, route, async (raw, tail) => {
        const res = await fetch(`${url}/v1/studies/${raw}${tail}`);
        await res.text();
        // A decimal id of a study the run created is found; anything else is 400 or 404.
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get("content-type")).toContain("application/problem+json");
        // (An empty id with no tail is the list itself.)
        else expect(raw === "" ? tail : raw).toMatch(/^(\d+)?$/);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
