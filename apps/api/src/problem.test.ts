import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { problemHandler } from "./problem.js";

/** Runs the handler on `error` and returns what it answered. */
function answer(error: unknown) {
  const sent: { status?: number; headers: Record<string, string>; body?: { status: number; detail: string } } = {
    headers: {},
  };
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    set(name: string, value: string) {
      sent.headers[name] = value;
      return res;
    },
    type() {
      return res;
    },
    json(body: { status: number; detail: string }) {
      sent.body = body;
      return res;
    },
  } as unknown as Response;
  const logged: string[] = [];
  problemHandler({ error: (_obj, msg) => void logged.push(msg) })(
    error,
    { originalUrl: "/v1/studies" } as Request,
    res,
    () => {},
  );
  return { ...sent, logged };
}

describe("problemHandler while the store is unreachable", () => {
  it("answers 503 with Retry-After for a transient store error, and logs no stack", () => {
    const down = answer(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }));
    expect([down.status, down.headers["Retry-After"], down.body?.status, down.body?.detail, down.logged]).toEqual([
      503,
      "5",
      503,
      "the study store is unreachable; retry shortly",
      [],
    ]);
  });

  it("still answers 500 for an unexpected error", () => {
    const broken = answer(new Error("boom"));
    expect([broken.status, broken.headers["Retry-After"], broken.logged]).toEqual([500, undefined, ["request failed"]]);
  });
});
