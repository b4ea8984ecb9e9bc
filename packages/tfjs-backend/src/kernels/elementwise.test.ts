import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, it } from "vitest";
import {
  expectSameAsCpu,
  prepareBackends,
  randomValues,
  seededRandom,
  type InputSpec,
} from "../testing/compare-backends.js";

const rand = seededRandom(3);
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
/** Values in (0.1, 1.1]: valid inputs for log, sqrt and a divisor away from zero. */
const positive = (shape: number[]): InputSpec => ({
  values: randomValues(rand, size(shape)).map((v) => Math.abs(v) + 0.1),
  shape,
  dtype: "float32",
});
const anyReal = (shape: number[]): InputSpec => ({
  values: randomValues(rand, size(shape), 3),
  shape,
  dtype: "float32",
});

beforeAll(prepareBackends);

describe("binary elementwise kernels on cpu-accelerated", () => {
  const ops: Record<string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor> = {
    add: tf.add,
    sub: tf.sub,
    mul: tf.mul,
    div: tf.div,
    maximum: tf.maximum,
    minimum: tf.minimum,
  };
  const shapes: [number[], number[]][] = [
    [
      [6, 5],
      [6, 5],
    ],
    [[300, 32], []],
    [[], [40]],
    [
      [64, 1],
      [64, 8],
    ],
    [[9], [4, 9]],
    [
      [4, 1, 3],
      [2, 3],
    ],
    [
      [2, 1, 5, 1],
      [3, 1, 4],
    ],
  ];
  for (const [name, op] of Object.entries(ops)) {
    for (const [sa, sb] of shapes) {
      it(`${name} ${JSON.stringify(sa)} with ${JSON.stringify(sb)}: forward and gradients match tfjs cpu`, async () => {
        // tfjs's maximum/minimum gradients do not reduce over broadcast axes (on any backend).
        const differentiable = (name === "maximum" || name === "minimum") && sa.join() !== sb.join() ? [] : [0, 1];
        await expectSameAsCpu((a, b) => op(a!, b!), [anyReal(sa), positive(sb)], differentiable);
      });
    }
  }

  it("leaves int32 arithmetic to tfjs", async () => {
    await expectSameAsCpu(
      (a, b) => tf.add(a!, b!),
      [
        { values: Int32Array.of(1, 2, 3, 2147483647), shape: [4], dtype: "int32" },
        { values: Int32Array.of(5, 6, 7, 1), shape: [4], dtype: "int32" },
      ],
    );
  });
});

describe("unary elementwise kernels on cpu-accelerated", () => {
  const ops: Record<string, [(x: tf.Tensor) => tf.Tensor, (s: number[]) => InputSpec]> = {
    abs: [tf.abs, anyReal],
    exp: [tf.exp, anyReal],
    log: [tf.log, positive],
    log1p: [tf.log1p, positive],
    neg: [tf.neg, anyReal],
    relu: [tf.relu, anyReal],
    rsqrt: [tf.rsqrt, positive],
    sigmoid: [tf.sigmoid, anyReal],
    sqrt: [tf.sqrt, positive],
    square: [tf.square, anyReal],
    step: [(x) => tf.step(x, 0.25), anyReal],
  };
  for (const [name, [op, input]] of Object.entries(ops)) {
    it(`${name}: forward and gradient match tfjs cpu`, async () => {
      await expectSameAsCpu((x) => op(x!), [input([37, 5])], name === "step" ? [] : [0]);
    });
  }

  it("step keeps NaN", async () => {
    await expectSameAsCpu(
      (x) => tf.step(x!, 0.5),
      [{ values: Float32Array.of(NaN, -1, 0, 2), shape: [4], dtype: "float32" }],
    );
  });
});
