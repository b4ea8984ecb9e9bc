import { describe, expect, it } from "vitest";
import { contains, createRng, RandomSampler, suggest, type Params } from "../../src/index.js";
import { StudyScore } from "./evaluate.js";
import { SUITE } from "./index.js";
import { matVec, randomRotation } from "./problem.js";
import { tosz } from "./transforms.js";

describe("benchmark suite", () => {
  it("has at least 24 problems with distinct keys, in every family", () => {
    expect(SUITE.length).toBeGreaterThanOrEqual(24);
    expect(new Set(SUITE.map((p) => p.key)).size).toBe(SUITE.length);
    expect(new Set(SUITE.map((p) => p.family))).toEqual(
      new Set(["continuous", "mixed", "conditional", "noisy", "plateau", "recorded"]),
    );
  });

  it.each(SUITE.map((p) => [p.key, p] as const))(
    "%s: the claimed argmin is in the space and scores the optimum",
    (_k, p) => {
      expect(p.argmin).toBeDefined();
      const argmin = p.argmin!;
      for (const [name, def] of Object.entries(p.space)) {
        if (!(name in argmin)) continue;
        expect(contains(def, argmin[name]!), `${name} = ${String(argmin[name])}`).toBe(true);
      }
      // 5 digits: Hartmann-6's optimum and argmin are published to about that precision.
      expect(p.f(argmin)).toBeCloseTo(p.optimum!, 5);
    },
  );

  it.each(SUITE.map((p) => [p.key, p] as const))("%s: no random configuration beats the optimum", (_k, p) => {
    // The project's random sampler (active conditional parameters only, log and integer scales), as the
    // Optuna fingerprint draws them.
    const sampler = new RandomSampler();
    for (let i = 0; i < 200; i++) {
      const params = suggest(sampler, p.space, { directions: ["minimize"], trials: [] }, i, 5);
      expect(p.f(params)).toBeGreaterThanOrEqual(p.optimum! - 1e-9);
    }
  });

  it("moves the shifted continuous optima away from the box centre, where quasi-random designs start", () => {
    for (const p of SUITE.filter((q) =>
      /^(sphere|ellipsoid|rot-|rastrigin|ackley|lunacek|gallagher|schwefel)/.test(q.key),
    )) {
      const centre: Params = Object.fromEntries(
        Object.entries(p.space).map(([n, d]) => [n, d.type === "categorical" ? d.choices[0]! : (d.low + d.high) / 2]),
      );
      expect(p.f(centre), p.key).toBeGreaterThan(p.optimum! + 1e-3);
    }
  });

  it("builds orthogonal rotations, and T_osz keeps 0 at 0 and the sign", () => {
    const r = randomRotation(createRng(3), 6);
    const x = [1, -2, 0.5, 3, 0, -1];
    expect(Math.hypot(...matVec(r, x))).toBeCloseTo(Math.hypot(...x), 10);
    expect(tosz(0)).toBe(0);
    expect(tosz(2)).toBeGreaterThan(0);
    expect(tosz(-2)).toBeLessThan(0);
  });
});

describe("StudyScore", () => {
  it("reports the noise-free value of the best observed trial, the same draws for the same seed", () => {
    const noisy = SUITE.find((p) => p.key === "noisy-sphere-6")!;
    const a = new StudyScore(noisy, 1);
    const b = new StudyScore(noisy, 1);
    const far: Params = Object.fromEntries(Object.keys(noisy.space).map((n) => [n, 5]));
    const observed = a.observe(noisy.argmin!);
    expect(observed).not.toBe(0); // noise sd 1 at the optimum
    expect(b.observe(noisy.argmin!)).toBe(observed);
    a.observe(far);
    // The far point observes ~100 + noise, never below the optimum's observation: the reported value stays 0.
    expect(a.trace).toEqual([0, 0]);
  });
});

describe("the trace cache's source hash", () => {
  it("ignores comments but not code", async () => {
    const { codeOnly } = await import("./cache.js");
    const code = "const a = 1;\n/** why */\nconst b = 2; // kept: not a whole-line comment\n  // gone\n";
    expect(codeOnly(code)).toBe(codeOnly(code.replace("why", "because")));
    expect(codeOnly(code)).not.toBe(codeOnly(code.replace("2", "3")));
  });
});
