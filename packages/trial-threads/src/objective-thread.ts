// The entry of one trial thread: loads its own tfjs backend (a tfjs instance and its wasm memory belong to
// one thread) and the operator's objective modules, then runs the objectives its parent sends (a trial or
// a champion's refit), one at a time, relaying each report and checkpoint to the parent, whose TrialRunner
// talks to the store.
import { parentPort, workerData } from "node:worker_threads";
import { createObjectiveResolver, loadObjectiveModules } from "@rectune/objectives";
import type { Objective, StepVerdict } from "@rectune/runner";
import { loadTensorflow } from "@rectune/tfjs-backend";
import {
  fromThreadError,
  reasonText,
  toThreadError,
  type FromThread,
  type ThreadSetup,
  type ToThread,
} from "./messages.js";

const port = parentPort;
if (!port) throw new Error("objective-thread.ts runs as a worker thread (TrialThreadPool starts it)");
const setup = workerData as ThreadSetup;
const send = (message: FromThread, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

/** Calls to the parent waiting for their answer, by call number. */
const pending = new Map<number, { resolve(verdict: StepVerdict | undefined): void; reject(e: Error): void }>();
let nextCall = 0;
function call(message: (call: number) => FromThread, transfer: ArrayBuffer[] = []): Promise<StepVerdict | undefined> {
  const id = nextCall++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    send(message(id), transfer);
  });
}

/**
 * Runs `work` and sends its outcome (copied by structured clone: a refit's weights may be a view of memory
 * the backend keeps); an objective that cannot even be resolved fails like one that throws.
 */
function settle<R>(work: () => Promise<R>, done: (result: R) => FromThread): void {
  Promise.resolve()
    .then(work)
    .then(
      (result) => send(done(result)),
      (error: unknown) => send({ type: "failed", error: toThreadError(error) }),
    );
}

let abort = new AbortController();
try {
  const { tf } = await loadTensorflow({ force: setup.backend });
  const modules = await loadObjectiveModules(setup.modules?.list, setup.modules?.baseDir ?? process.cwd());
  const resolve = createObjectiveResolver({
    tf,
    cacheDir: setup.cacheDir,
    dataRoots: setup.dataRoots,
    modules,
    backendName: setup.backend,
  });
  port.on("message", (message: ToThread) => {
    switch (message.type) {
      case "answer": {
        const waiting = pending.get(message.call);
        pending.delete(message.call);
        if (message.error === undefined) waiting?.resolve(message.verdict);
        else waiting?.reject(fromThreadError(message.error));
        return;
      }
      case "abort":
        abort.abort(new Error(`trial interrupted: ${message.reason}`));
        return;
      case "run": {
        abort = new AbortController();
        const { signal } = abort;
        settle(
          () =>
            resolve(message.target).run({
              params: message.params,
              spec: message.spec,
              trialNumber: message.trialNumber,
              start: message.start,
              signal,
              report: async (step, metrics, options) =>
                (await call((id) => ({ type: "report", call: id, step, metrics, last: options?.last === true }))) ??
                "continue",
              saveCheckpoint: async (step, data) => {
                // A copy is transferred: the objective may keep using its own buffer.
                const copy = data.slice();
                await call((id) => ({ type: "checkpoint", call: id, step, data: copy }), [copy.buffer as ArrayBuffer]);
              },
            }),
          (result) => ({ type: "done", metrics: result.metrics }),
        );
        return;
      }
      case "refit": {
        abort = new AbortController();
        const { signal } = abort;
        settle(
          () => {
            const objective: Objective = resolve(message.target);
            if (!objective.refit) throw new Error(`the objective of target ${message.target.kind} has no refit`);
            const { params, spec, trialNumber, bestStep } = message;
            return objective.refit({ params, spec, trialNumber, bestStep, signal });
          },
          (result) => ({ type: "refitted", result }),
        );
        return;
      }
    }
  });
  send({ type: "ready" });
} catch (error) {
  send({ type: "setup-failed", error: reasonText(error) });
}
