import type { ObjectiveResolver } from "@rectune/runner";
import type { BackendName } from "@rectune/tfjs-backend";
import { TrialThreadPool } from "@rectune/trial-threads";

/** Backends whose training runs in TensorFlow's native library, on its own threads (or the GPU). */
const NATIVE: readonly BackendName[] = ["tensorflow-gpu", "tensorflow"];

export interface ObjectiveExecution {
  readonly resolveObjective: ObjectiveResolver;
  /** Where recommender trials train: this thread, or a pool of trial threads. */
  readonly mode: "in-process" | "threads";
  close(): Promise<void>;
}

/**
 * Where the worker's objectives run. On the JavaScript backends (wasm, cpu) tfjs computes on the thread that
 * calls it, so recommender trials train in worker threads, one per concurrent trial, each with its own tfjs
 * backend: `--concurrency N` uses N cores. The threads start with the first recommender trial (a worker
 * running only function targets starts none). Native TensorFlow already spreads one trial's kernels over
 * every core (or runs them on the GPU), and its addon loads once per process: there, and for function
 * targets (no training), objectives run in this thread, through `inProcess`.
 */
export function objectiveExecution(deps: {
  inProcess: ObjectiveResolver;
  backend: BackendName;
  concurrency: number;
  cacheDir: string;
  dataRoots: readonly string[];
}): ObjectiveExecution {
  if (NATIVE.includes(deps.backend))
    return { resolveObjective: deps.inProcess, mode: "in-process", close: () => Promise.resolve() };
  let pool: Promise<TrialThreadPool> | undefined;
  const startPool = () =>
    (pool ??= TrialThreadPool.start({
      size: deps.concurrency,
      backend: deps.backend,
      cacheDir: deps.cacheDir,
      dataRoots: deps.dataRoots,
    }));
  return {
    mode: "threads",
    resolveObjective: (target) =>
      target.kind === "recommender" ? async (ctx) => (await startPool()).run(target, ctx) : deps.inProcess(target),
    close: async () => {
      await (await pool?.catch(() => undefined))?.close();
    },
  };
}
