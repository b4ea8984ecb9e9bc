import { describe, expect, it } from "vitest";
import { parseEnv, requireDatabaseUrl } from "./env.js";

describe("parseEnv", () => {
  it("leaves DATABASE_URL and REDIS_URL unset when absent or empty: the embedded mode", () => {
    const env = parseEnv({ REDIS_URL: "" });
    expect([env.DATABASE_URL, env.REDIS_URL, env.RECTUNE_DATA_DIR]).toEqual([undefined, undefined, ".rectune"]);
    expect(() => requireDatabaseUrl(env)).toThrow(/DATABASE_URL is not set: .*rectune up/);
  });

  it("keeps both URLs when set: cluster mode", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://db:5432/rectune", REDIS_URL: "redis://queue:6379" });
    expect([requireDatabaseUrl(env), env.REDIS_URL]).toEqual(["postgresql://db:5432/rectune", "redis://queue:6379"]);
  });

  it("names each bad variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "not a url", RECTUNE_API_PORT: "-1" })).toThrow(
      /DATABASE_URL[\s\S]*RECTUNE_API_PORT/,
    );
  });
});
