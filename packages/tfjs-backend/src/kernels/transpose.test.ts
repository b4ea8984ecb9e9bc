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

beforeAll(prepareBackends);

describe("Transpose on cpu-accelerated and wasm", () => {
  const rand = seededRandom(4);
  const cases: [number[], number[]][] = [
    [
      [70, 45],
      [1, 0],
    ],
    [
      [33, 1],
      [1, 0],
    ],
    [
      [40, 8],
      [0, 1],
    ],
    [
      [3, 4, 5],
      [2, 0, 1],
    ],
    [
      [3, 4, 5],
      [0, 1, 2],
    ],
  ];
  for (const [shape, perm] of cases) {
    it(`x ${JSON.stringify(shape)} perm ${JSON.stringify(perm)}: forward and gradient match tfjs cpu`, async () => {
      await expectSameAsCpu(
        (x) => tf.transpose(x!, perm),
        [
          {
            values: randomValues(
              rand,
              shape.reduce((a, b) => a * b, 1),
            ),
            shape,
            dtype: "float32",
          },
        ],
        [0],
        [CPU_ACCELERATED, "wasm"],
      );
    });
  }

  it("transposes int32 matrices", async () => {
    await expectSameAsCpu(
      (x) => tf.transpose(x!),
      [{ values: randomInts(rand, 12, 100), shape: [3, 4], dtype: "int32" }],
      [],
      [CPU_ACCELERATED, "wasm"],
    );
  });

  it("an identity transpose (and wasm's aliasing Identity) stays valid after its input is disposed", async () => {
    await expectSameAsCpu(
      (x) => {
        const copy = tf.add(x!, 1);
        const t = tf.transpose(copy, [0, 1]);
        copy.dispose();
        const alias = tf.clone(t);
        t.dispose();
        return alias;
      },
      [{ values: randomValues(rand, 6), shape: [2, 3], dtype: "float32" }],
      [],
      [CPU_ACCELERATED, "wasm"],
    );
  });
});
