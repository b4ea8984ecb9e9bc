import { describe, expect, it } from "vitest";
import { fromThreadError, toThreadError } from "./messages.js";

describe("an error crossing the thread boundary", () => {
  it("keeps the name and code the runner classifies failures by", () => {
    class HyperparameterError extends Error {
      override readonly name = "HyperparameterError";
    }
    const rebuilt = fromThreadError(toThreadError(new HyperparameterError("model mf: lr: too big")));
    expect([rebuilt.name, rebuilt.message]).toEqual(["HyperparameterError", "model mf: lr: too big"]);
    const missing = fromThreadError(toThreadError(Object.assign(new Error("no such file"), { code: "ENOENT" })));
    expect((missing as Error & { code?: string }).code).toBe("ENOENT");
    expect(toThreadError("plain text")).toEqual({ message: "plain text" });
  });
});
