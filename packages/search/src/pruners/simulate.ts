import type { SyntheticTrainable } from "../benchmarks/curve.js";
import type { StudyHistory, TrialRecord, TrialState } from "../history.js";
import { createRng, deriveSeed } from "../rng.js";
import { RandomSampler } from "../samplers/random.js";
import type { Sampler } from "../samplers/sampler.js";
import { suggest } from "../samplers/suggest.js";
import type { Params } from "../space/types.js";
import type { StepDecision, Pruner } from "./pruner.js";

/** Stream id for the simulated epoch durations. */
const CLOCK_STREAM = 0x51d;

export interface SimulationOptions<S> {
  readonly pruner: Pruner;
  readonly trainable: SyntheticTrainable<S>;
  readonly trials: number;
  readonly workers: number;
  readonly seed: number;
  readonly sampler?: Sampler;
}

/** One decision and exactly what the pruner was shown. */
export interface DecisionEvent {
  readonly trial: number;
  readonly step: number;
  readonly value: number;
  /** Values the other trials had reported at each step the pruner asked for, at decision time. */
  readonly peers: ReadonlyMap<number, readonly { readonly number: number; readonly value: number }[]>;
  readonly decision: StepDecision;
}

export interface SimulationResult {
  readonly history: StudyHistory;
  readonly decisions: readonly DecisionEvent[];
  /** Epochs trained by all trials together: the budget spent. */
  readonly epochs: number;
}

interface LiveTrial<S> {
  number: number;
  state: TrialState;
  params: Params;
  values: number[] | null;
  intermediate: Map<number, number>;
  weights: S;
  step: number;
}

const snapshot = (t: LiveTrial<unknown>, steps?: readonly number[]): TrialRecord => ({
  number: t.number,
  state: t.state,
  params: { ...t.params },
  values: t.values ? [...t.values] : null,
  intermediate: new Map(
    steps
      ? steps.flatMap((s) => (t.intermediate.has(s) ? [[s, t.intermediate.get(s) as number] as const] : []))
      : t.intermediate,
  ),
});

/**
 * Runs a study in process: `workers` simulated workers, each epoch taking a seeded random time, so
 * reports of different trials interleave as on a cluster. A worker trains one epoch, saves a
 * checkpoint, reports, and asks the pruner, which sees the other trials only at the steps its
 * `stepsNeeded` names — the same contract the distributed worker follows with the store.
 */
export function simulateStudy<S>(options: SimulationOptions<S>): SimulationResult {
  const { pruner, trainable, trials, workers, seed } = options;
  const sampler = options.sampler ?? new RandomSampler();
  const direction = trainable.direction;
  const clock = createRng(deriveSeed(seed, CLOCK_STREAM));
  const live: LiveTrial<S>[] = [];
  const checkpoints = new Map<string, { weights: S; params: Params }>();
  const decisions: DecisionEvent[] = [];
  const fullHistory = (): StudyHistory => ({ directions: [direction], trials: live.map((t) => snapshot(t)) });
  let epochs = 0;

  const start = (): LiveTrial<S> | undefined => {
    if (live.length >= trials) return undefined;
    const number = live.length;
    const params = suggest(sampler, trainable.space, fullHistory(), number, seed);
    const trial: LiveTrial<S> = {
      number,
      state: "RUNNING",
      params,
      values: null,
      intermediate: new Map(),
      weights: trainable.init(),
      step: 0,
    };
    live.push(trial);
    return trial;
  };

  // Each worker: its current trial and the virtual time its current epoch ends.
  const slots = Array.from({ length: workers }, () => ({ trial: start(), at: clock.next() }));
  for (;;) {
    let next: (typeof slots)[number] | undefined;
    for (const slot of slots) if (slot.trial && (!next || slot.at < next.at)) next = slot;
    if (!next?.trial) break;
    const trial = next.trial;
    const step = trial.step + 1;
    trial.weights = trainable.train(trial.weights, trial.params, step);
    trial.step = step;
    epochs++;
    const value = trainable.value(trial.weights, trial.params, step);
    checkpoints.set(`${trial.number}:${step}`, { weights: trial.weights, params: { ...trial.params } });
    trial.intermediate.set(step, value);

    const needed = pruner.stepsNeeded(trial.number, step);
    const others = live.filter((t) => t.number !== trial.number).map((t) => snapshot(t, needed));
    const decision = pruner.decide({
      history: { directions: [direction], trials: others },
      trial: snapshot(trial),
      step,
      space: trainable.space,
    });
    const peers = new Map(
      needed.map((s) => [
        s,
        others.flatMap((t) =>
          t.intermediate.has(s) ? [{ number: t.number, value: t.intermediate.get(s) as number }] : [],
        ),
      ]),
    );
    decisions.push({ trial: trial.number, step, value, peers, decision });

    if (decision.action === "exploit") {
      const source = checkpoints.get(`${decision.source}:${decision.checkpointStep}`);
      if (!source) throw new Error(`no checkpoint of trial ${decision.source} at step ${decision.checkpointStep}`);
      trial.weights = source.weights;
      trial.params = { ...decision.params };
    }
    if (decision.action === "prune") {
      trial.state = "PRUNED";
      trial.values = [value];
    } else if (step >= trainable.steps) {
      trial.state = "COMPLETE";
      trial.values = [value];
    }
    if (trial.state !== "RUNNING") next.trial = start();
    next.at += 0.5 + clock.next();
  }
  return { history: fullHistory(), decisions, epochs };
}
