import * as tfjs from "@tensorflow/tfjs";
import { z } from "zod";
import { CPU_ACCELERATED, registerCpuAccelerated } from "./cpu-accelerated-backend.js";
import type { Tf } from "./tf.js";
import { registerWasm } from "./wasm-backend.js";

/** The backends a worker can train on, fastest first. */
export const backendNames = ["tensorflow-gpu", "tensorflow", "wasm", "cpu-accelerated", "cpu"] as const;
export const BackendName = z.enum(backendNames);
export type BackendName = z.infer<typeof BackendName>;

export interface LoadedTensorflow {
  tf: Tf;
  backend: BackendName;
  /** Faster backends that are installed but could not start (e.g. tfjs-node without its libtensorflow, CUDA missing), with why. */
  skipped: { backend: BackendName; reason: string }[];
}

export interface LoadOptions {
  /** Use exactly this backend, failing if it cannot load (the worker passes RECTUNE_BACKEND here). */
  force?: BackendName;
}

/**
 * Picks the fastest backend available: tfjs-node-gpu, then tfjs-node (both optional dependencies, absent
 * where libtensorflow could not be downloaded at install time), then tfjs's wasm backend with this
 * package's kernels (SIMD; 1.6x faster than cpu-accelerated on MF, 9x on NeuMF here), else tfjs's cpu
 * backend with this package's typed-array kernels. Model code stays plain tfjs; only the backend
 * underneath changes.
 */
export async function loadTensorflow(options: LoadOptions = {}): Promise<LoadedTensorflow> {
  const force = options.force === undefined ? undefined : BackendName.parse(options.force);
  if (force !== undefined) return { tf: await activate(force), backend: force, skipped: [] };
  const skipped: LoadedTensorflow["skipped"] = [];
  for (const name of ["tensorflow-gpu", "tensorflow"] as const) {
    try {
      return { tf: await activate(name), backend: name, skipped };
    } catch (error) {
      // Not installed is the usual case; installed but broken (npm skipped its libtensorflow download,
      // no CUDA on this host) must not stop the worker either: it falls back, and says why.
      if (!isModuleMissing(error))
        skipped.push({ backend: name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  try {
    return { tf: await activate("wasm"), backend: "wasm", skipped };
  } catch (error) {
    // A runtime without WebAssembly SIMD: the typed-array kernels on tfjs's cpu backend.
    skipped.push({ backend: "wasm", reason: error instanceof Error ? error.message : String(error) });
    return { tf: await activate("cpu-accelerated"), backend: "cpu-accelerated", skipped };
  }
}

async function activate(name: BackendName): Promise<Tf> {
  switch (name) {
    case "tensorflow-gpu":
      return useNative("@tensorflow/tfjs-node-gpu");
    case "tensorflow":
      return useNative("@tensorflow/tfjs-node");
    case "wasm":
      await registerWasm();
      return use(tfjs, "wasm");
    case "cpu-accelerated":
      registerCpuAccelerated();
      return use(tfjs, CPU_ACCELERATED);
    case "cpu":
      return use(tfjs, "cpu");
  }
}

async function useNative(specifier: string): Promise<Tf> {
  // A variable specifier: these packages are optional and usually not installed, so TypeScript must
  // not try to resolve them.
  const tf = (await import(specifier)) as Tf;
  // Both register their backend as "tensorflow".
  return use(tf, "tensorflow");
}

async function use(tf: Tf, backend: string): Promise<Tf> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend "${backend}" failed to initialise`);
  await tf.ready();
  return tf;
}

function isModuleMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}
