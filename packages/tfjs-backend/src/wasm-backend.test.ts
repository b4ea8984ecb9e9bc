import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { describeOnBackends, expectSameAsCpu, floats, prepareBackends } from "./testing/compare-backends.js";

describeOnBackends("wasm BatchMatMul with transposed operands", 8, (rand) => {
  const cases: { a: number[]; b: number[]; ta: boolean; tb: boolean }[] = [
    { a: [33, 17], b: [17, 9], ta: false, tb: false },
    { a: [33, 17], b: [9, 17], ta: false, tb: true },
    { a: [17, 33], b: [17, 9], ta: true, tb: false },
    { a: [17, 33], b: [9, 17], ta: true, tb: true },
    { a: [3, 12, 5], b: [3, 7, 5], ta: false, tb: true },
    { a: [2, 5, 12], b: [2, 5, 7], ta: true, tb: false },
  ];
  for (const { a, b, ta, tb } of cases) {
    it(`${JSON.stringify(a)}${ta ? "^T" : ""} x ${JSON.stringify(b)}${tb ? "^T" : ""}: forward and gradients match tfjs cpu`, async () => {
      // XNNPACK accumulates dot products in float32 where tfjs's cpu kernel uses float64, so results
      // differ in the last bits on any input (the untransposed case, wasm's own kernel, included).
      await expectSameAsCpu(
        (x, y) => tf.matMul(x!, y!, ta, tb),
        [floats(rand, a), floats(rand, b)],
        [0, 1],
        ["wasm"],
        1e-4,
      );
    });
  }
});

describe("wasm Cast", () => {
  beforeAll(prepareBackends);

  it("shares memory for a cast to the tensor's own dtype (the values outlive the input) and converts other dtypes", async () => {
    await tf.setBackend("wasm");
    const x = tf.tensor1d([1.5, -2.25, 3]);
    const same = tf.cast(x, "float32");
    const ints = tf.cast(x, "int32");
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual([1.5, -2.25, 3]);
    expect(Array.from(ints.dataSync())).toEqual([1, -2, 3]);
    expect(ints.dtype).toBe("int32");
    tf.dispose([same, ints]);
    await tf.setBackend("cpu");
  });
});
