import { describe, expect, it } from "vitest";
import { problemAnswer } from "./problem.js";

/** The answer to `error` and what it logged. */
function answer(error: unknown) {
  const logged: string[] = [];
  return { ...problemAnswer(error, "/v1/studies", { error: (_obj, msg) => void logged.push(msg) }), logged };
}

describe("problemAnswer while the store is unreachable", () => {
  it("answers 503 with Retry-After for a transient store error, and logs no stack", () => {
    const down = answer(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }));
    expect([down.status, down.headers["Retry-After"], down.body.status, down.body.detail, down.logged]).toEqual([
      503,
      "5",
      503,
      "the study store is unreachable; retry shortly",
      [],
    ]);
  });

  it("still answers 500 for an unexpected error", () => {
    const broken = answer(new Error("boom"));
    expect([broken.status, broken.headers["Retry-After"], broken.body.instance, broken.logged]).toEqual([
      500,
      undefined,
      "/v1/studies",
      ["request failed"],
    ]);
  });
});
