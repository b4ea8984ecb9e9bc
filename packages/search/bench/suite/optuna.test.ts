import { describe, expect, it } from "vitest";
import { driverSpace, fingerprint } from "./optuna.js";
import { SUITE } from "./index.js";
import { parseSeeds } from "./args.js";

describe("the Optuna driver's space", () => {
  it("lists parents before the parameters they condition, with log, step, choices and conditions intact", () => {
    const space = driverSpace({
      units2: { type: "int", low: 8, high: 512, log: true, when: { depth: [2, 3] } },
      depth: { type: "categorical", choices: [1, 2, 3] },
      warmup: { type: "float", low: 0, high: 1, step: 0.05 },
    });
    const names = space.map(([n]) => n);
    expect(names.indexOf("depth")).toBeLessThan(names.indexOf("units2"));
    // What the driver reads, after a JSON round trip.
    expect(JSON.parse(JSON.stringify(space))).toEqual([
      ["depth", { type: "categorical", choices: [1, 2, 3] }],
      ["units2", { type: "int", low: 8, high: 512, log: true, when: { depth: [2, 3] } }],
      ["warmup", { type: "float", low: 0, high: 1, step: 0.05 }],
    ]);
  });

  it("fingerprints problems by their space and values", () => {
    const [a, b] = SUITE;
    expect(fingerprint(a!)).toBe(fingerprint(a!));
    expect(fingerprint(a!)).not.toBe(fingerprint(b!));
    expect(fingerprint({ ...a!, f: (p) => a!.f(p) + 1 })).not.toBe(fingerprint(a!));
  });

  it("parses seed lists", () => {
    expect(parseSeeds("0-3,7")).toEqual([0, 1, 2, 3, 7]);
    expect(() => parseSeeds("x")).toThrow(/bad seed list/);
  });
});
