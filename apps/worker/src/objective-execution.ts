import type { Objective, ObjectiveResolver } from "@rectune/runner";
import type { Target } from "@rectune/spec";
import type { BackendName } from "@rectune/tfjs-backend";
import { TrialThreadPool } from "@rectune/trial-threads";

/** Backends whose training runs in TensorFlow's native library, on its own threads (or the GPU). */
const NATIVE: readonly BackendName[] = ["tensorflow-gpu", "tensorflow"];

export interface ObjectiveExecution {
  readonly resolveObjective: ObjectiveResolver;
  /** Where recommender and module objectives run: this thread, or a pool of trial threads. */
  readonly mode: "in-process" | "threads";
  close(): Promise<void>;
}

/**
 * The synthetic functions compute nothing worth a thread: a trial thread would add a message round trip to
 * each of their reports and a thread (with its tfjs backend) to start, for work that takes microseconds.
 * They run in this thread (see `npm run bench:thread-overhead`).
 */
const runsInProcess = (target: Target): boolean => target.kind === "function";

/**
 * Where the worker's objectives run. On the JavaScript backends (wasm, cpu) the recommender and the
 * operator's modules run in trial threads, one per concurrent trial, each with its own tfjs backend and the
 * modules loaded again: `--concurrency N` uses N cores, and an objective that computes for seconds without
 * yielding cannot stall this thread, which heartbeats the trials' leases, takes jobs and answers a stop or
 * a shutdown. A champion's refit runs in a thread too. The threads start with the first such objective (a
 * worker running only function targets starts none).
 *
 * Native TensorFlow already spreads one trial's kernels over every core (or runs them on the GPU) and its
 * addon is loaded once per process, for the one GPU context a process may hold: there, and for function
 * targets (runsInProcess), objectives run in this thread, through `inProcess`.
 */
export function objectiveExecution(deps: {
  inProcess: ObjectiveResolver;
  backend: BackendName;
  concurrency: number;
  cacheDir: string;
  dataRoots: readonly string[];
  /** RECTUNE_OBJECTIVES and the folder its paths are relative to: the threads load the modules too. */
  modules?: { readonly list: string; readonly baseDir: string };
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
      ...(deps.modules ? { modules: deps.modules } : {}),
    }));
  return {
    mode: "threads",
    resolveObjective: (target): Objective => {
      // Resolved here as well: an unknown module fails the trial at once, and whether it has a refit is known.
      const local = deps.inProcess(target);
      if (runsInProcess(target)) return local;
      const run: Objective["run"] = async (ctx) => (await startPool()).run(target, ctx);
      if (!local.refit) return { run };
      return { run, refit: async (ctx) => (await startPool()).refit(target, ctx) };
    },
    close: async () => {
      await (await pool?.catch(() => undefined))?.close();
    },
  };
}
