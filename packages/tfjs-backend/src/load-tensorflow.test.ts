import { describe, expect, it } from "vitest";
import { loadTensorflow } from "./load-tensorflow.js";

describe("loadTensorflow", () => {
  it("falls back to wasm with this package's kernels where tfjs-node is not installed", async () => {
    const { tf, backend } = await loadTensorflow();
    expect(backend).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
  });

  it("loads the accelerated cpu backend on request", async () => {
    const { tf, backend } = await loadTensorflow({ force: "cpu-accelerated" });
    expect(backend).toBe("cpu-accelerated");
    expect(tf.getBackend()).toBe("cpu-accelerated");
  });

  it("fails loudly when a forced native backend is missing", async () => {
    await expect(loadTensorflow({ force: "tensorflow-gpu" })).rejects.toMatchObject({ code: "ERR_MODULE_NOT_FOUND" });
  });

  it("rejects unknown backend names", async () => {
    await expect(loadTensorflow({ force: "webgpu" as never })).rejects.toThrow();
  });

  it("trains an embedding on wasm with the UnsortedSegmentSum kernel it lacks", async () => {
    const { tf, backend } = await loadTensorflow({ force: "wasm" });
    expect(backend).toBe("wasm");
    const table = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const grad = tf.grad((t) => tf.gather(t, tf.tensor1d([2, 0, 2], "int32")).sum())(table);
    expect(Array.from(grad.dataSync())).toEqual([1, 1, 0, 0, 2, 2]);
    await loadTensorflow({ force: "cpu" });
  });
});
