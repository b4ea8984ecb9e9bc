import * as tf from "@tensorflow/tfjs";
import { createRng } from "@rectune/search";
import { beforeAll, describe, expect } from "vitest";
import { CPU_ACCELERATED, registerCpuAccelerated } from "../cpu-accelerated-backend.js";
import { registerWasm } from "../wasm-backend.js";

/** Registers and initialises the accelerated backends (wasm loads asynchronously); call in beforeAll. */
export async function prepareBackends(): Promise<void> {
  registerCpuAccelerated();
  await registerWasm();
  for (const name of [CPU_ACCELERATED, "wasm"]) await tf.setBackend(name);
  await tf.setBackend("cpu");
}

/** Deterministic uniform [0, 1) generator, so every test run draws the same inputs. */
export function seededRandom(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

export function randomValues(rand: () => number, size: number, scale = 1): Float32Array {
  return Float32Array.from({ length: size }, () => (rand() * 2 - 1) * scale);
}

export function randomInts(rand: () => number, size: number, max: number): Int32Array {
  return Int32Array.from({ length: size }, () => Math.floor(rand() * max));
}

/** An input of `fn`: its values, shape and dtype, rebuilt as a tensor on each backend. */
export interface InputSpec {
  values: Float32Array | Int32Array;
  shape: number[];
  dtype: "float32" | "int32";
}

/** This package's backends, each compared with tfjs's reference `cpu`. */
export const ACCELERATED = [CPU_ACCELERATED, "wasm"];

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A float32 input of `shape`, uniform in (-scale, scale). */
export const floats = (rand: () => number, shape: number[], scale = 1): InputSpec => ({
  values: randomValues(rand, sizeOf(shape), scale),
  shape,
  dtype: "float32",
});

/** An int32 input of `shape` (indices, segment ids), uniform in [0, max). */
export const ints = (rand: () => number, shape: number[], max: number): InputSpec => ({
  values: randomInts(rand, sizeOf(shape), max),
  shape,
  dtype: "int32",
});

/** A suite over the accelerated backends (initialised once), drawing its inputs from one seeded stream. */
export function describeOnBackends(name: string, seed: number, body: (rand: () => number) => void): void {
  describe(name, () => {
    beforeAll(prepareBackends);
    body(seededRandom(seed));
  });
}

interface Result {
  outputs: Float32Array[];
  shapes: number[][];
  grads: Float32Array[];
}

async function runOn(
  backend: string,
  fn: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: InputSpec[],
  differentiable: number[],
): Promise<Result> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialise`);
  const scope = tf.engine().startScope.bind(tf.engine());
  scope();
  try {
    const xs = inputs.map((s) => tf.tensor(s.values, s.shape, s.dtype));
    const y = fn(...xs);
    const out: Result = { outputs: [Float32Array.from(y.dataSync())], shapes: [y.shape], grads: [] };
    if (differentiable.length > 0) {
      const dy = tf.tensor(randomValues(seededRandom(7), y.size), y.shape);
      const gradFn = tf.grads((...ds: tf.Tensor[]) => {
        const all = xs.slice();
        differentiable.forEach((i, k) => (all[i] = ds[k]!));
        return fn(...all);
      });
      for (const g of gradFn(
        differentiable.map((i) => xs[i]!),
        dy,
      )) {
        out.grads.push(Float32Array.from(g.dataSync()));
        out.shapes.push(g.shape);
      }
    }
    return out;
  } finally {
    tf.engine().endScope();
  }
}

/** |a - b| <= rtol * max(|b|, 1e-3 * max|b|): relative, with a floor for entries that cancel to ~0. */
export function expectClose(actual: Float32Array, expected: Float32Array, rtol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (const v of expected) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i]) && Number.isNaN(actual[i])) continue;
    const tol = rtol * Math.max(Math.abs(expected[i]!), 1e-3 * scale, 1e-30);
    if (!(Math.abs(actual[i]! - expected[i]!) <= tol)) {
      expect.fail(`element ${i}: ${actual[i]} vs tfjs cpu ${expected[i]} (tolerance ${tol})`);
    }
  }
}

/**
 * Runs `fn` (forward, and the gradient for the inputs listed in `differentiable`) on tfjs's reference
 * `cpu` backend and on each of `backends` (initialised by prepareBackends), and asserts equal shapes
 * and values to `rtol`.
 */
export async function expectSameAsCpu(
  fn: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: InputSpec[],
  differentiable: number[] = [],
  backends: string[] = [CPU_ACCELERATED],
  rtol = 1e-5,
): Promise<void> {
  const ref = await runOn("cpu", fn, inputs, differentiable);
  for (const backend of backends) {
    const ours = await runOn(backend, fn, inputs, differentiable);
    expect(ours.shapes).toEqual(ref.shapes);
    expect(ours.grads.length).toBe(differentiable.length);
    ours.outputs.forEach((o, i) => expectClose(o, ref.outputs[i]!, rtol));
    ours.grads.forEach((g, i) => expectClose(g, ref.grads[i]!, rtol));
  }
}
