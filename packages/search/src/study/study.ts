import type { Direction, MutableTrialRecord, StudyHistory, TrialRecord, TrialStrategy } from "../history.js";
import { paretoFront } from "../multiobjective/pareto.js";
import { samplerConfigSchema, type SamplerConfig } from "../samplers/config.js";
import { minimizedValues } from "../samplers/ranking.js";
import { createSampler } from "../samplers/registry.js";
import { strategyOf, type Sampler } from "../samplers/sampler.js";
import { suggest } from "../samplers/suggest.js";
import { parseSearchSpace } from "../space/schema.js";
import type { Params, SearchSpace } from "../space/types.js";

export interface StudyOptions {
  /** One direction per objective; default a single minimized objective. */
  readonly directions?: readonly Direction[];
  /** A sampler config (or its bare name), as in the study spec; or a Sampler instance. Default TPE. */
  readonly sampler?: SamplerConfig | SamplerConfig["name"] | Sampler;
  /** Seed of every random choice; default the sampler config's seed, else 0. */
  readonly seed?: number;
  /** The trial budget, if known: the "auto" sampler's rules read it. */
  readonly budget?: number;
}

/** A trial handed out by `ask`, to be passed back to `tell`. */
export interface Trial {
  readonly number: number;
  readonly params: Params;
}

/** What `tell` accepts: the objective value(s), or the outcome of a trial that did not complete. */
export type TellOutcome =
  number | readonly number[] | { readonly state: "PRUNED"; readonly value?: number } | { readonly state: "FAILED" };

type MutableTrial = MutableTrialRecord & { intermediate: Map<number, number>; strategy: TrialStrategy };

/**
 * The in-process ask/tell API: a study held in memory, driven by a plain script. The same samplers run
 * behind the distributed scheduler; here the history is just this object's trials.
 */
export class Study implements StudyHistory {
  readonly directions: readonly Direction[];
  readonly sampler: Sampler;
  readonly seed: number;
  private readonly records: MutableTrial[] = [];
  private readonly spaces = new WeakMap<SearchSpace, SearchSpace>();

  constructor(opts: StudyOptions = {}) {
    this.directions = opts.directions ?? ["minimize"];
    if (this.directions.length === 0) throw new RangeError("a study needs at least one direction");
    const raw = opts.sampler ?? "tpe";
    if (typeof raw === "object" && "sample" in raw) {
      this.sampler = raw;
      this.seed = opts.seed ?? 0;
    } else {
      const config = samplerConfigSchema.parse(raw);
      this.sampler = createSampler(config, { budget: opts.budget });
      this.seed = opts.seed ?? config.seed ?? 0;
    }
  }

  get trials(): readonly TrialRecord[] {
    return this.records;
  }

  /** Proposes the next trial's parameters for `space` (validated; a SearchSpaceError names a bad parameter). */
  ask(space: SearchSpace): Trial {
    let parsed = this.spaces.get(space);
    if (!parsed) {
      parsed = parseSearchSpace(space);
      this.spaces.set(space, parsed);
    }
    const number = this.records.length;
    const params = suggest(this.sampler, parsed, this, number, this.seed);
    this.records.push({
      number,
      state: "RUNNING",
      params,
      values: null,
      intermediate: new Map(),
      strategy: strategyOf(this.sampler),
    });
    return { number, params: { ...params } };
  }

  /** Records an intermediate value (e.g. validation loss after an epoch) of a running trial. */
  report(trial: Trial, step: number, value: number): void {
    this.running(trial).intermediate.set(step, value);
  }

  /** Finishes a trial: its value(s), or `{ state: "PRUNED" }` / `{ state: "FAILED" }`. NaN counts as failed. */
  tell(trial: Trial, outcome: TellOutcome): void {
    const record = this.running(trial);
    if (typeof outcome === "number" || Array.isArray(outcome)) {
      const values = typeof outcome === "number" ? [outcome] : [...(outcome as readonly number[])];
      if (values.length !== this.directions.length) {
        throw new RangeError(`trial ${trial.number}: ${values.length} values for ${this.directions.length} objectives`);
      }
      if (values.some(Number.isNaN)) {
        record.state = "FAILED";
        return;
      }
      record.state = "COMPLETE";
      record.values = values;
      return;
    }
    const o = outcome as Exclude<TellOutcome, number | readonly number[]>;
    record.state = o.state;
    if (o.state === "PRUNED") {
      const last = [...record.intermediate.entries()].sort((a, b) => b[0] - a[0])[0];
      const value = o.value ?? last?.[1];
      if (value !== undefined) record.values = [value];
    }
  }

  /** The best completed trial of a single-objective study (undefined before any completes). */
  get bestTrial(): TrialRecord | undefined {
    if (this.directions.length !== 1) throw new RangeError("bestTrial is for single-objective studies; use bestTrials");
    return this.bestTrials[0];
  }

  /** The Pareto front of the completed trials (for one objective: the best trial, ties by trial number). */
  get bestTrials(): TrialRecord[] {
    const done = this.records.filter((t) => t.state === "COMPLETE" && t.values !== null);
    const points = done.map((t) => minimizedValues(this.directions, t.values!));
    if (this.directions.length === 1) {
      let best: number | undefined;
      points.forEach((p, i) => {
        if (best === undefined || p[0]! < points[best]![0]!) best = i;
      });
      return best === undefined ? [] : [done[best]!];
    }
    return paretoFront(points).map((i) => done[i]!);
  }

  private running(trial: Trial): MutableTrial {
    const record = this.records[trial.number];
    if (!record) throw new RangeError(`trial ${trial.number} does not belong to this study`);
    if (record.state !== "RUNNING") throw new RangeError(`trial ${trial.number} is already ${record.state}`);
    return record;
  }
}

export function createStudy(opts: StudyOptions = {}): Study {
  return new Study(opts);
}
