import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, it } from "vitest";
import { CPU_ACCELERATED } from "../cpu-accelerated-backend.js";
import {
  expectSameAsCpu,
  prepareBackends,
  randomInts,
  randomValues,
  seededRandom,
} from "../testing/compare-backends.js";

describe("Concat and SplitV on cpu-accelerated and wasm", () => {
  beforeAll(prepareBackends);
  const rand = seededRandom(9);
  const both = [CPU_ACCELERATED, "wasm"];
  const spec = (shape: number[]) => ({
    values: randomValues(
      rand,
      shape.reduce((a, b) => a * b, 1),
    ),
    shape,
    dtype: "float32" as const,
  });
  const cases: { shapes: number[][]; axis: number }[] = [
    {
      shapes: [
        [64, 32],
        [64, 32],
      ],
      axis: 1,
    },
    {
      shapes: [
        [50, 32],
        [50, 8],
      ],
      axis: -1,
    },
    {
      shapes: [
        [3, 4],
        [5, 4],
        [1, 4],
      ],
      axis: 0,
    },
    {
      shapes: [
        [2, 3, 4],
        [2, 1, 4],
      ],
      axis: 1,
    },
    {
      shapes: [
        [2, 3, 4],
        [2, 3, 2],
        [2, 3, 1],
      ],
      axis: 2,
    },
  ];
  for (const { shapes, axis } of cases) {
    it(`concat ${JSON.stringify(shapes)} on axis ${axis}: forward and gradients (SplitV) match tfjs cpu`, async () => {
      await expectSameAsCpu(
        (...xs) => tf.concat(xs, axis),
        shapes.map(spec),
        shapes.map((_, i) => i),
        both,
      );
    });
  }

  it("splits with -1 sizes and equal counts like tfjs", async () => {
    await expectSameAsCpu(
      (x) =>
        tf.concat(
          tf.split(x!, [2, -1, 3], 1).map((t, i) => tf.mul(t, i + 1)),
          1,
        ),
      [spec([7, 9])],
      [0],
      both,
    );
    await expectSameAsCpu((x) => tf.stack(tf.split(x!, 3, 0)), [spec([6, 5])], [0], both);
  });

  it("concatenates int32 tensors", async () => {
    await expectSameAsCpu(
      (a, b) => tf.concat([a!, b!], 1),
      [
        { values: randomInts(rand, 6, 100), shape: [3, 2], dtype: "int32" },
        { values: randomInts(rand, 3, 100), shape: [3, 1], dtype: "int32" },
      ],
      [],
      both,
    );
  });
});
