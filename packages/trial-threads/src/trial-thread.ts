import { Worker } from "node:worker_threads";
import type { ObjectiveContext, ObjectiveResult } from "@rectune/runner";
import type { Target } from "@rectune/spec";
import { fromThreadError, toThreadError, type FromThread, type ThreadSetup, type ToThread } from "./messages.js";

const FROM_SOURCE = import.meta.url.endsWith(".ts");
const ENTRY = new URL(FROM_SOURCE ? "./objective-thread.ts" : "./objective-thread.js", import.meta.url);

/** Compiled (dist/*.js) the thread entry is JavaScript; from sources, tsx-thread.mjs loads it through tsx. */
function startWorker(setup: ThreadSetup): Worker {
  if (!FROM_SOURCE) return new Worker(ENTRY, { workerData: setup });
  return new Worker(new URL("./tsx-thread.mjs", import.meta.url), { workerData: { ...setup, entry: ENTRY.href } });
}

/** The trial running in a thread: what its messages are answered from. */
interface Running {
  readonly ctx: ObjectiveContext;
  resolve(result: ObjectiveResult): void;
  reject(error: Error): void;
}

/**
 * One worker thread with its own tfjs backend, running one objective at a time. The objective's reports and
 * checkpoints come back as messages and go through the parent's context (the TrialRunner's store calls),
 * whose answers (the pruner's verdicts) go back to the thread.
 */
export class TrialThread {
  private running: Running | undefined;
  private exited: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (message: FromThread) => this.onMessage(message));
    worker.on("error", (error) => this.end(error));
    worker.on("exit", (code) => this.end(new Error(`trial thread exited with code ${code}`)));
  }

  /** Starts a thread and waits until its backend is loaded; rejects with the reason it could not be. */
  static start(setup: ThreadSetup): Promise<TrialThread> {
    const worker = startWorker(setup);
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`trial thread exited with code ${code} while starting`));
      worker.once("error", reject);
      worker.once("exit", onExit);
      worker.once("message", (message: FromThread) => {
        worker.off("error", reject);
        worker.off("exit", onExit);
        if (message.type === "ready") resolve(new TrialThread(worker));
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
    if (this.exited) return Promise.reject(this.exited);
    if (this.running) return Promise.reject(new Error("a trial thread runs one trial at a time"));
    const onAbort = () => this.post({ type: "abort" });
    return new Promise<ObjectiveResult>((resolve, reject) => {
      this.running = { ctx, resolve, reject };
      if (ctx.signal.aborted) onAbort();
      else ctx.signal.addEventListener("abort", onAbort, { once: true });
      this.post({
        type: "run",
        target,
        params: ctx.params,
        spec: ctx.spec,
        trialNumber: ctx.trialNumber,
        start: ctx.start,
      });
    }).finally(() => {
      ctx.signal.removeEventListener("abort", onAbort);
      this.running = undefined;
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private post(message: ToThread): void {
    if (!this.exited) this.worker.postMessage(message);
  }

  private onMessage(message: FromThread): void {
    const running = this.running;
    if (!running) return;
    switch (message.type) {
      case "report":
        running.ctx.report(message.step, message.metrics, { last: message.last }).then(
          (verdict) => this.post({ type: "answer", call: message.call, verdict }),
          (error: unknown) => this.post({ type: "answer", call: message.call, error: toThreadError(error) }),
        );
        return;
      case "checkpoint":
        running.ctx.saveCheckpoint(message.step, message.data).then(
          () => this.post({ type: "answer", call: message.call }),
          (error: unknown) => this.post({ type: "answer", call: message.call, error: toThreadError(error) }),
        );
        return;
      case "done":
        running.resolve({ metrics: message.metrics });
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
    this.running?.reject(error);
  }
}
