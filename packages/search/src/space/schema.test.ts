import { describe, expect, it } from "vitest";
import { SearchSpaceError } from "./errors.js";
import { parseSearchSpace } from "./schema.js";
import { contains, fromUnit, toUnit } from "./transform.js";
import type { ParamDef } from "./types.js";

function errorOf(input: unknown): SearchSpaceError {
  try {
    parseSearchSpace(input);
  } catch (e) {
    if (e instanceof SearchSpaceError) return e;
    throw e;
  }
  throw new Error("expected a SearchSpaceError");
}

describe("parseSearchSpace", () => {
  it("accepts every kind of parameter, conditions included", () => {
    const space = parseSearchSpace({
      lr: { type: "float", low: 1e-4, high: 1e-1, log: true },
      dropout: { type: "float", low: 0, high: 0.5, step: 0.1 },
      dim: { type: "int", low: 8, high: 256, log: true },
      model: { type: "categorical", choices: ["mf", "neumf", 3, false] },
      layers: { type: "int", low: 1, high: 4, when: { model: ["neumf"] } },
    });
    expect(Object.keys(space)).toEqual(["lr", "dropout", "dim", "model", "layers"]);
  });

  it.each([
    ["low >= high", { lr: { type: "float", low: 1, high: 1 } }, "lr", "low"],
    ["log scale with low <= 0", { reg: { type: "float", low: 0, high: 1, log: true } }, "reg", "low"],
    ["empty choices", { opt: { type: "categorical", choices: [] } }, "opt", "choices"],
    ["step not dividing the range", { dropout: { type: "float", low: 0, high: 0.5, step: 0.3 } }, "dropout", "step"],
    ["int step not dividing the range", { epochs: { type: "int", low: 5, high: 52, step: 5 } }, "epochs", "step"],
    [
      "condition on an unknown parameter",
      { layers: { type: "int", low: 1, high: 4, when: { modle: ["neumf"] } } },
      "layers",
      "when",
    ],
    [
      "condition value not among the choices",
      { m: { type: "categorical", choices: ["a"] }, x: { type: "int", low: 1, high: 2, when: { m: ["b"] } } },
      "x",
      "when",
    ],
    ["non-integer int bound", { k: { type: "int", low: 1.5, high: 4 } }, "k", "low"],
    ["unknown type", { k: { type: "uniform", low: 1, high: 4 } }, "k", "type"],
  ])("rejects %s with a SearchSpaceError naming the parameter", (_label, input, param, field) => {
    const e = errorOf(input);
    expect(e.param).toBe(param);
    expect(e.field).toBe(field);
    expect(e.message).toContain(param);
  });

  it("rejects conditions that form a cycle", () => {
    const e = errorOf({
      a: { type: "categorical", choices: [1, 2], when: { b: [1] } },
      b: { type: "categorical", choices: [1, 2], when: { a: [1] } },
    });
    expect(["a", "b"]).toContain(e.param);
    expect(e.field).toBe("when");
  });

  it("accepts decimal steps that divide the range up to rounding", () => {
    expect(() => parseSearchSpace({ x: { type: "float", low: 0.1, high: 0.7, step: 0.1 } })).not.toThrow();
  });
});

describe("unit transforms", () => {
  const defs: ParamDef[] = [
    { type: "float", low: 1e-5, high: 1, log: true },
    { type: "float", low: 0, high: 1, step: 0.1 },
    { type: "int", low: 1, high: 1000, log: true },
    { type: "int", low: 0, high: 100, step: 10 },
    { type: "categorical", choices: ["a", 2, true] },
  ];

  it("maps the whole unit interval to legal values and round-trips them", () => {
    for (const def of defs) {
      for (let i = 0; i <= 200; i++) {
        const v = fromUnit(def, i / 200);
        expect(contains(def, v)).toBe(true);
        const back = fromUnit(def, toUnit(def, v));
        // Continuous values survive exp(log(v)) only up to rounding; grid values exactly.
        if (def.type === "float" && def.step === undefined)
          expect(Math.abs((back as number) - (v as number))).toBeLessThanOrEqual(1e-12 * Math.abs(v as number));
        else expect(back).toBe(v);
      }
    }
  });

  it("reaches both ends of numeric ranges and every choice", () => {
    expect(fromUnit(defs[2]!, 0)).toBe(1);
    expect(fromUnit(defs[2]!, 1)).toBe(1000);
    expect(fromUnit(defs[1]!, 0.97)).toBe(1);
    expect(new Set([0.1, 0.5, 0.9].map((u) => fromUnit(defs[4]!, u)))).toEqual(new Set(["a", 2, true]));
  });

  it("keeps a value on a bound inside the bound after trimming digits", () => {
    const def: ParamDef = { type: "float", low: 0.30000000000000004, high: 1 };
    expect(contains(def, fromUnit(def, 0))).toBe(true);
  });
});
