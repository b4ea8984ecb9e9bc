import { defineObjective } from "@rectune/objective-sdk";
import type { ObjectiveContext } from "@rectune/runner";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { moduleObjective } from "./module-objectives.js";

const seen: unknown[] = [];
const module = defineObjective({
  name: "probe",
  params: z.object({ lr: z.number().max(1), epochs: z.number().int().default(3) }),
  async run(trial): Promise<Record<string, number>> {
    seen.push([trial.params, trial.number, trial.config, trial.checkpoint.load(), trial.backend.name]);
    for (let step = (trial.checkpoint.load()?.step ?? 0) + 1; step <= trial.params.epochs; step++) {
      await trial.checkpoint.save(step, new Uint8Array([step]));
      if ((await trial.report(step, { loss: 1 / step })).prune) return { loss: 1 / step, stoppedAt: step };
    }
    return { loss: 1 / trial.params.epochs };
  },
});

const context = (params: Record<string, number>, verdicts: ("continue" | "stop")[]) => {
  const saved: number[] = [];
  const ctx = {
    params,
    trialNumber: 4,
    start: { step: 1, data: new Uint8Array([1]) },
    signal: new AbortController().signal,
    saveCheckpoint: async (step: number) => void saved.push(step),
    report: async () => verdicts.shift() ?? "continue",
  } as unknown as ObjectiveContext;
  return { ctx, saved };
};

describe("moduleObjective", () => {
  it("runs the module with parsed params, its config, the resumed checkpoint, and the pruner's answers", async () => {
    const objective = moduleObjective(module, { data: "x.csv" }, { name: "cpu", tf: {} });
    const { ctx, saved } = context({ lr: 0.5 }, ["continue", "stop"]);
    expect(await objective(ctx)).toEqual({ metrics: { loss: 1 / 3, stoppedAt: 3 } });
    expect(saved).toEqual([2, 3]);
    expect(seen.at(-1)).toEqual([
      { lr: 0.5, epochs: 3 },
      4,
      { data: "x.csv" },
      { step: 1, data: new Uint8Array([1]) },
      "cpu",
    ]);
  });

  it("fails a configuration the module's schema refuses, naming the field", async () => {
    const objective = moduleObjective(module, {}, { name: "cpu", tf: {} });
    await expect(objective(context({ lr: 3 }, []).ctx)).rejects.toThrow(
      /^objective probe refuses the configuration: lr: /,
    );
  });
});
