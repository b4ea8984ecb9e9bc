import type { ObjectiveContext, ObjectiveResult, RefitContext, RefitResult } from "@rectune/runner";
import type { Target } from "@rectune/spec";
import type { ThreadSetup } from "./messages.js";
import { TrialThread } from "./trial-thread.js";

export interface TrialThreadPoolOptions extends ThreadSetup {
  /** Threads, so trials trained at once (the worker's concurrency). */
  readonly size: number;
  /**
   * How long an aborted objective (stop, timeout, shutdown) has to return before its thread is terminated
   * (default 10 s): one that computes without yielding, or ignores its signal, cannot hold a slot forever.
   */
  readonly abortGraceMs?: number;
}

const ABORT_GRACE_MS = 10_000;

/**
 * A fixed set of trial threads: each objective a worker runs (a trial, or a champion's refit) takes an idle
 * thread for its whole run, so N trials train on N cores instead of sharing the process's one JavaScript
 * thread, which stays free for heartbeats, the queue and signals. A thread that dies (its trial fails with
 * the reason) is replaced before it takes another trial.
 */
export class TrialThreadPool {
  private readonly idle: TrialThread[] = [];
  private readonly waiting: ((thread: TrialThread) => void)[] = [];
  private closed = false;

  private constructor(private readonly options: TrialThreadPoolOptions) {}

  /** Starts every thread and waits for their backends: a backend that cannot load fails here, not in a trial. */
  static async start(options: TrialThreadPoolOptions): Promise<TrialThreadPool> {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error("a thread pool needs at least one thread");
    const pool = new TrialThreadPool(options);
    const started = await Promise.allSettled(Array.from({ length: options.size }, () => pool.startThread()));
    const threads = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const failure = started.find((s) => s.status === "rejected");
    if (failure) {
      await Promise.all(threads.map((t) => t.terminate()));
      throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
    }
    pool.idle.push(...threads);
    return pool;
  }

  get size(): number {
    return this.options.size;
  }

  run(target: Target, ctx: ObjectiveContext): Promise<ObjectiveResult> {
    return this.onThread((thread) => thread.run(target, ctx));
  }

  refit(target: Target, ctx: RefitContext): Promise<RefitResult> {
    return this.onThread((thread) => thread.refit(target, ctx));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((t) => t.terminate()));
  }

  private async onThread<R>(work: (thread: TrialThread) => Promise<R>): Promise<R> {
    const thread = await this.acquire();
    try {
      return await work(thread);
    } finally {
      this.release(thread);
    }
  }

  private startThread(): Promise<TrialThread> {
    return TrialThread.start(this.options, this.options.abortGraceMs ?? ABORT_GRACE_MS);
  }

  private async acquire(): Promise<TrialThread> {
    if (this.closed) throw new Error("the trial thread pool is closed");
    const thread = this.idle.pop() ?? (await new Promise<TrialThread>((resolve) => this.waiting.push(resolve)));
    if (thread.alive) return thread;
    try {
      return await this.startThread();
    } catch (error) {
      this.release(thread); // the slot stays, for the next trial to try again
      throw error;
    }
  }

  /** A dead thread keeps its slot: the next trial to take it starts a replacement (acquire). */
  private release(thread: TrialThread): void {
    if (this.closed) {
      void thread.terminate();
      return;
    }
    const next = this.waiting.shift();
    if (next) next(thread);
    else this.idle.push(thread);
  }
}
