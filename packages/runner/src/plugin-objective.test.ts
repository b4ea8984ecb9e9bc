import { defineObjective } from "@rectune/objective-sdk";
import { parseStudySpec } from "@rectune/spec";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ObjectiveContext, StepVerdict } from "./objective.js";
import { pluginObjective } from "./plugin-objective.js";

const seen: unknown[] = [];
const module = defineObjective({
  name: "probe",
  params: z.object({ lr: z.number().max(1), epochs: z.number().int().default(3) }),
  async run(trial): Promise<Record<string, number>> {
    seen.push([trial.params, trial.number, trial.config, trial.checkpoint.load(), trial.backend.name, trial.study]);
    for (let step = (trial.checkpoint.load()?.step ?? 0) + 1; step <= trial.params.epochs; step++) {
      await trial.checkpoint.save(step, new Uint8Array([step]));
      const verdict = await trial.report(step, { loss: 1 / step });
      if (verdict.prune) return { loss: 1 / step, stoppedAt: step };
      if (verdict.exploit) seen.push(["exploit", verdict.exploit.params, verdict.exploit.checkpoint.step]);
    }
    return { loss: 1 / trial.params.epochs };
  },
});

const spec = parseStudySpec({
  name: "probe",
  objective: { metric: "loss", direction: "minimize" },
  target: { kind: "module", name: "probe" },
  space: { lr: { type: "float", low: 0.01, high: 1 } },
  strategy: { maxTrials: 1, pruner: "median" },
});

const context = (params: Record<string, number>, verdicts: StepVerdict[]) => {
  const saved: number[] = [];
  const ctx = {
    params,
    spec,
    trialNumber: 4,
    start: { step: 1, data: new Uint8Array([1]) },
    signal: new AbortController().signal,
    saveCheckpoint: async (step: number) => void saved.push(step),
    report: async () => verdicts.shift() ?? "continue",
  } as unknown as ObjectiveContext;
  return { ctx, saved };
};

describe("pluginObjective", () => {
  it("runs the module with parsed params, its config, the resumed checkpoint, and the pruner's answers", async () => {
    const objective = pluginObjective(module, { data: "x.csv" }, { name: "cpu", tf: {} });
    const { ctx, saved } = context({ lr: 0.5 }, ["continue", "stop"]);
    expect(await objective.run(ctx)).toEqual({ metrics: { loss: 1 / 3, stoppedAt: 3 } });
    expect(saved).toEqual([2, 3]);
    expect(seen.at(-1)).toEqual([
      { lr: 0.5, epochs: 3 },
      4,
      { data: "x.csv" },
      { step: 1, data: new Uint8Array([1]) },
      "cpu",
      { objectives: [{ metric: "loss", direction: "minimize" }], pruner: "median" },
    ]);
  });

  it("hands a population-based training exploit over with its params parsed by the module's schema", async () => {
    const objective = pluginObjective(module, {}, { name: "cpu", tf: {} });
    const exploit: StepVerdict = {
      action: "exploit",
      params: { lr: 0.25 },
      checkpoint: { step: 1, data: new Uint8Array() },
    };
    await objective.run(context({ lr: 0.5 }, [exploit]).ctx);
    expect(seen.at(-1)).toEqual(["exploit", { lr: 0.25, epochs: 3 }, 1]);
  });

  it("fails a configuration the module's schema refuses, naming the field", async () => {
    const objective = pluginObjective(module, {}, { name: "cpu", tf: {} });
    await expect(objective.run(context({ lr: 3 }, []).ctx)).rejects.toThrow(
      /^objective probe refuses the configuration: lr: /,
    );
  });

  it("gives the champion's refit its params parsed by the schema, its best step and the target's config; none when the module has no refit", async () => {
    const refitting = defineObjective({
      name: "refitting",
      params: module.params,
      run: async () => ({}),
      refit: async (champion) => ({
        testMetrics: { lr: champion.params.lr, epochs: champion.params.epochs },
        steps: champion.bestStep ?? 0,
        weights: null,
        dataset: `${String(champion.config.data)}#${champion.number} ${champion.study.pruner}`,
      }),
    });
    const objective = pluginObjective(refitting, { data: "x.csv" }, { name: "cpu", tf: {} });
    const champion = { params: { lr: 0.5 }, spec, trialNumber: 7, bestStep: 2, signal: new AbortController().signal };
    expect(await objective.refit?.(champion)).toEqual({
      testMetrics: { lr: 0.5, epochs: 3 },
      steps: 2,
      weights: null,
      dataset: "x.csv#7 median",
    });
    await expect(objective.refit?.({ ...champion, params: { lr: 3 } })).rejects.toThrow(
      /^objective refitting refuses the configuration: lr: /,
    );
    expect(pluginObjective(module, {}, { name: "cpu", tf: {} }).refit).toBeUndefined();
  });
});
