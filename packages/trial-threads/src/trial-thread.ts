import { Worker } from "node:worker_threads";
import type { ObjectiveContext, ObjectiveResult, RefitContext, RefitResult, StepVerdict } from "@rectune/runner";
import type { Target } from "@rectune/spec";
import {
  reasonText,
  fromThreadError,
  toThreadError,
  type FromThread,
  type ThreadSetup,
  type ToThread,
} from "./messages.js";

const FROM_SOURCE = import.meta.url.endsWith(".ts");
const ENTRY = new URL(FROM_SOURCE ? "./objective-thread.ts" : "./objective-thread.js", import.meta.url);

/** Compiled (dist/*.js) the thread entry is JavaScript; from sources, tsx-thread.mjs loads it through tsx. */
function startWorker(setup: ThreadSetup): Worker {
  if (!FROM_SOURCE) return new Worker(ENTRY, { workerData: setup });
  return new Worker(new URL("./tsx-thread.mjs", import.meta.url), { workerData: { ...setup, entry: ENTRY.href } });
}

/** What a running objective's calls (reports, checkpoints) go to: a trial's context; a refit makes none. */
type Calls = Pick<ObjectiveContext, "report" | "saveCheckpoint">;

/** The objective running in a thread: what its messages are answered from. */
interface Running {
  readonly calls: Calls | null;
  resolve(result: ObjectiveResult | RefitResult): void;
  reject(error: Error): void;
}

/**
 * One worker thread with its own tfjs backend, running one objective (a trial, or a champion's refit) at a
 * time. The objective's reports and checkpoints come back as messages and go through the parent's context
 * (the TrialRunner's store calls), whose answers (the pruner's verdicts) go back to the thread. The parent's
 * own thread stays free meanwhile, however long the objective computes without yielding: heartbeats,
 * lease renewals and stop signals go on.
 */
export class TrialThread {
  private running: Running | undefined;
  private exited: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    /** How long an aborted objective has to stop before its thread is terminated. */
    private readonly abortGraceMs: number,
  ) {
    worker.on("message", (message: FromThread) => this.onMessage(message));
    worker.on("error", (error) => this.end(error));
    worker.on("exit", (code) => this.end(new Error(`trial thread exited with code ${code}`)));
  }

  /** Starts a thread and waits until its backend (and modules) are loaded; rejects with the reason they could not be. */
  static start(setup: ThreadSetup, abortGraceMs: number): Promise<TrialThread> {
    const worker = startWorker(setup);
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`trial thread exited with code ${code} while starting`));
      worker.once("error", reject);
      worker.once("exit", onExit);
      worker.once("message", (message: FromThread) => {
        worker.off("error", reject);
        worker.off("exit", onExit);
        if (message.type === "ready") resolve(new TrialThread(worker, abortGraceMs));
        else {
          void worker.terminate();
          reject(new Error(message.type === "setup-failed" ? message.error : `unexpected ${message.type}`));
        }
      });
    });
  }

  /** False once the thread has died (it then takes no trial: the pool replaces it). */
  get alive(): boolean {
    return this.exited === undefined;
  }

  run(target: Target, ctx: ObjectiveContext): Promise<ObjectiveResult> {
    const { params, spec, trialNumber, start } = ctx;
    return this.execute(ctx, ctx.signal, {
      type: "run",
      target,
      params,
      spec,
      trialNumber,
      start,
    }) as Promise<ObjectiveResult>;
  }

  refit(target: Target, ctx: RefitContext): Promise<RefitResult> {
    const { params, spec, trialNumber, bestStep } = ctx;
    return this.execute(null, ctx.signal, {
      type: "refit",
      target,
      params,
      spec,
      trialNumber,
      bestStep,
    }) as Promise<RefitResult>;
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  /**
   * Sends the objective to the thread and settles with its answer. An abort is passed on to the thread's
   * signal; an objective that does not stop within the grace period (it computes without ever yielding, or
   * ignores its signal) has its thread terminated: the trial ends now, and the pool starts another thread.
   */
  private execute(
    calls: Calls | null,
    signal: AbortSignal,
    message: Extract<ToThread, { type: "run" | "refit" }>,
  ): Promise<ObjectiveResult | RefitResult> {
    if (this.exited) return Promise.reject(this.exited);
    if (this.running) return Promise.reject(new Error("a trial thread runs one objective at a time"));
    let grace: NodeJS.Timeout | undefined;
    const onAbort = () => {
      this.post({ type: "abort", reason: reasonText(signal.reason) });
      grace = setTimeout(() => {
        this.exited ??= new Error(
          `the objective did not stop within ${this.abortGraceMs} ms of its abort (${reasonText(signal.reason)}): its thread was terminated`,
        );
        void this.worker.terminate();
      }, this.abortGraceMs);
    };
    return new Promise<ObjectiveResult | RefitResult>((resolve, reject) => {
      this.running = { calls, resolve, reject };
      // The objective first: the thread makes its signal when it starts it, and an abort applies to it.
      this.post(message);
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    }).finally(() => {
      clearTimeout(grace);
      signal.removeEventListener("abort", onAbort);
      this.running = undefined;
    });
  }

  private post(message: ToThread): void {
    if (!this.exited) this.worker.postMessage(message);
  }

  /** Passes a thread's call to the running objective's context and its answer (a verdict, or an error) back. */
  private answer(call: number, work: (calls: Calls) => Promise<StepVerdict | void>): void {
    const calls = this.running?.calls;
    const done = calls ? work(calls) : Promise.reject(new Error("a refit has no trial to report to or checkpoint"));
    done.then(
      (verdict) => this.post({ type: "answer", call, verdict: verdict ?? undefined }),
      (error: unknown) => this.post({ type: "answer", call, error: toThreadError(error) }),
    );
  }

  private onMessage(message: FromThread): void {
    const running = this.running;
    if (!running) return;
    switch (message.type) {
      case "report":
        this.answer(message.call, (calls) => calls.report(message.step, message.metrics, { last: message.last }));
        return;
      case "checkpoint":
        this.answer(message.call, (calls) => calls.saveCheckpoint(message.step, message.data));
        return;
      case "done":
        running.resolve({ metrics: message.metrics });
        return;
      case "refitted":
        running.resolve(message.result);
        return;
      case "failed":
        running.reject(fromThreadError(message.error));
        return;
      case "ready":
      case "setup-failed":
        return;
    }
  }

  private end(error: Error): void {
    this.exited ??= error;
    this.running?.reject(this.exited);
  }
}
