import { createMemoryStore } from "@rectune/store";
import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, keyMatches, prefixOf } from "./api-key.js";
import { authenticate, AuthenticationError } from "./authenticate.js";
import { createAuthenticator } from "./authenticator.js";
import { issueApiKey } from "./issue-key.js";
import { scopeAllows } from "./scopes.js";

describe("API keys", () => {
  it("are random, start with their public prefix, and match only their own SHA-256", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).not.toBe(b.key);
    expect(a.key.startsWith(`${a.prefix}_`)).toBe(true);
    expect(prefixOf(a.key)).toBe(a.prefix);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(keyMatches(a.key, a.hash)).toBe(true);
    expect(keyMatches(b.key, a.hash)).toBe(false);
    expect(keyMatches(a.key, "abc")).toBe(false);
    expect(prefixOf("rtk_short")).toBeUndefined();
  });

  it("scopes include the ones below them", () => {
    expect(scopeAllows(["admin"], "write")).toBe(true);
    expect(scopeAllows(["write"], "read")).toBe(true);
    expect(scopeAllows(["read"], "write")).toBe(false);
  });

  it("authenticate accepts a stored key and refuses missing, malformed, wrong and revoked ones without echoing them", async () => {
    const store = createMemoryStore();
    await store.createProject("team");
    const { key, row } = await issueApiKey(store, { name: "ci", scopes: ["read"], project: "team" });
    const principal = await authenticate(store, `Bearer ${key}`);
    expect(principal).toMatchObject({ keyId: row.id, prefix: row.prefix, projectId: row.projectId, scopes: ["read"] });
    const wrong = `${row.prefix}_${"A".repeat(43)}`;
    for (const header of [undefined, "Basic abc", `Bearer ${wrong}`, "Bearer nonsense"]) {
      const error = await authenticate(store, header).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).not.toContain(wrong);
    }
    await store.revokeApiKey(row.prefix);
    await expect(authenticate(store, `Bearer ${key}`)).rejects.toThrow(/revoked/);
  });
});

describe("createAuthenticator", () => {
  it("keeps a checked key for cacheMs, never a failure, and writes the last use once per interval", async () => {
    const store = createMemoryStore();
    let t = 1_000_000;
    let reads = 0;
    let writes = 0;
    const counting = {
      apiKeyByPrefix: (p: string) => (reads++, store.apiKeyByPrefix(p)),
      apiKeyUsed: (id: number) => (writes++, store.apiKeyUsed(id)),
    };
    const check = createAuthenticator(counting, { cacheMs: 2_000, lastUsedEveryMs: 60_000, now: () => t });
    const { key, row } = await issueApiKey(store, { name: "a", scopes: ["admin"], project: null });
    await expect(check("Bearer nonsense")).rejects.toBeInstanceOf(AuthenticationError);
    for (let i = 0; i < 5; i++) await check(`Bearer ${key}`);
    expect([reads, writes]).toEqual([1, 1]);
    await store.revokeApiKey(row.prefix);
    t += 2_001;
    await expect(check(`Bearer ${key}`)).rejects.toThrow(/revoked/);
    expect(reads).toBe(2);
  });
});
