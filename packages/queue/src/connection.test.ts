import { describe, expect, it } from "vitest";
import { chooseQueueConnection } from "./connection.js";

const databaseUrl = "postgresql://postgres@127.0.0.1:5432/rectune";

describe("chooseQueueConnection", () => {
  it("uses Redis whenever a Redis URL is given (cluster mode), with the namespace as key prefix", () => {
    expect(chooseQueueConnection({ redisUrl: "redis://queue:6379", databaseUrl, namespace: "team-a" })).toEqual({
      kind: "redis",
      url: "redis://queue:6379",
      prefix: "team-a",
    });
  });

  it("otherwise puts the queue in the study database, in the schema <namespace>_queue", () => {
    expect(chooseQueueConnection({ redisUrl: undefined, databaseUrl, namespace: "rectune" })).toEqual({
      kind: "postgres",
      connectionString: databaseUrl,
      schema: "rectune_queue",
    });
  });

  it("turns any namespace into a schema name PostgreSQL accepts", () => {
    const schemaOf = (namespace: string) => {
      const c = chooseQueueConnection({ databaseUrl, namespace });
      return c.kind === "postgres" ? c.schema : undefined;
    };
    expect(schemaOf("Rectune-Test-1a2b")).toBe("rectune_test_1a2b_queue");
    expect(schemaOf("9lives")).toBe("_9lives_queue");
    expect(schemaOf("x".repeat(80))).toHaveLength(63);
  });
});
