import { z } from "zod";
import { describe, expect, it } from "vitest";
import { defineObjective } from "./define-objective.js";
import { paramsJsonSchema, spaceMisfits } from "./space-check.js";

const module = defineObjective({
  name: "two-tower",
  params: z.object({
    lr: z.number().positive().max(1),
    dim: z.number().int().min(8).max(256),
    loss: z.enum(["bce", "bpr"]),
    epochs: z.number().int().default(10),
  }),
  run: async () => ({ ndcg: 0 }),
});
const schema = paramsJsonSchema(module);

describe("spaceMisfits", () => {
  it("accepts a space inside the module's schema; defaults need not be searched", () => {
    expect(
      spaceMisfits(
        {
          lr: { type: "float", low: 0.001, high: 0.1 },
          dim: { type: "int", low: 16, high: 128 },
          loss: { type: "categorical", choices: ["bpr"] },
        },
        schema,
        "two-tower",
      ),
    ).toEqual([]);
  });

  it("names each parameter the module would refuse, and what it takes", () => {
    const misfits = spaceMisfits(
      {
        lr: { type: "float", low: 0, high: 3 },
        dim: { type: "float", low: 16, high: 512 },
        loss: { type: "categorical", choices: ["bpr", "mse"] },
        dropout: { type: "float", low: 0, high: 0.5 },
      },
      schema,
      "two-tower",
    );
    expect(misfits.map((m) => m.param)).toEqual(["lr", "lr", "dim", "dim", "loss", "dropout"]);
    expect(misfits[0]?.message).toBe("objective two-tower takes lr > 0; the space starts at 0");
    expect(misfits[3]?.message).toBe("objective two-tower takes dim <= 256; the space goes to 512");
    expect(
      spaceMisfits({ lr: { type: "float", low: 0.1, high: 0.2 } }, schema, "two-tower").map((m) => m.param),
    ).toEqual(["dim", "loss"]);
  });
});
