import { didYouMean } from "./did-you-mean.js";
import type { SpecProblem } from "./parse.js";
import type { StudySpec } from "./study-spec.js";

/** The hyperparameters a target takes: its names (or any, for `sleep`) and those it cannot do without. */
export interface TargetHyperparameters {
  readonly names: readonly string[] | "any";
  readonly required: readonly string[];
  /** How the target is named in messages: `model "mf"`, `function "curve"`. */
  readonly label: string;
}

const xs = (n: number): string[] => Array.from({ length: n }, (_, i) => `x${i}`);

/** What each function target reads of a configuration (see @rectune/search's benchmarks). */
const FUNCTION_HYPERPARAMETERS: Record<string, Omit<TargetHyperparameters, "label">> = {
  curve: { names: ["x", "lr"], required: ["x", "lr"] },
  crossing: { names: ["x", "lr"], required: ["x", "lr"] },
  branin: { names: xs(2), required: xs(2) },
  hartmann6: { names: xs(6), required: xs(6) },
  rosenbrock: { names: xs(64), required: xs(2) },
  sleep: { names: "any", required: [] },
};

/** The hyperparameters of a function target. */
export function functionHyperparameters(name: string): TargetHyperparameters {
  const known = FUNCTION_HYPERPARAMETERS[name] ?? { names: "any", required: [] };
  return { ...known, label: `function "${name}"` };
}

/** Limits of what a worker can hold, named in their refusals. */
export const SPEC_LIMITS = {
  /** Hyperparameters in one space. */
  maxSpaceParams: 64,
  /** Points of a grid search (the product of every parameter's values). */
  maxGridPoints: 1_000_000,
  /** Interactions of a synthetic data set (users x interactionsPerUser). */
  maxSyntheticInteractions: 20_000_000,
} as const;

/** How many values a grid takes of one parameter, or undefined for a float without a step. */
function gridValues(def: StudySpec["space"][string]): number | undefined {
  if (def.type === "categorical") return def.choices.length;
  const step = def.step ?? (def.type === "int" ? 1 : undefined);
  return step === undefined ? undefined : Math.floor((def.high - def.low) / step + 1e-9) + 1;
}

/**
 * What is wrong with a spec for its target, before anything is stored: hyperparameters the target does
 * not take (with the allowed names and a did-you-mean), required ones missing, a grid over a float
 * without a step, and sizes beyond what a worker can hold (the limit named). Empty when nothing is.
 */
export function targetProblems(spec: StudySpec, target: TargetHyperparameters): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const fixed = spec.target.kind === "recommender" ? spec.target.fixed : {};
  const allowed = target.names;
  if (allowed !== "any") {
    const unknown = (name: string, field: string) => {
      if (allowed.includes(name)) return;
      const guess = didYouMean(name, allowed);
      problems.push({
        field,
        message:
          `${target.label} has no hyperparameter "${name}"` +
          `${guess ? `; did you mean "${guess}"?` : ""} Expected one of: ${allowed.join(", ")}`,
      });
    };
    for (const name of Object.keys(spec.space)) unknown(name, `space.${name}`);
    for (const name of Object.keys(fixed)) unknown(name, `target.fixed.${name}`);
  }
  for (const name of target.required)
    if (!(name in spec.space) && !(name in fixed))
      problems.push({
        field: "space",
        message: `${target.label} needs the hyperparameter "${name}": add it to the space${spec.target.kind === "recommender" ? " or target.fixed" : ""}`,
      });

  const names = Object.keys(spec.space);
  if (names.length > SPEC_LIMITS.maxSpaceParams)
    problems.push({
      field: "space",
      message: `${names.length} hyperparameters; at most ${SPEC_LIMITS.maxSpaceParams} (maxSpaceParams) fit a study`,
    });
  if (spec.strategy.sampler.name === "grid") {
    let points = 1;
    for (const [name, def] of Object.entries(spec.space)) {
      const values = gridValues(def);
      if (values === undefined)
        problems.push({ field: `space.${name}.step`, message: "a grid over a float needs a step" });
      else points *= values;
    }
    if (points > SPEC_LIMITS.maxGridPoints)
      problems.push({
        field: "space",
        message: `the grid has ${points.toExponential(2)} points; at most ${SPEC_LIMITS.maxGridPoints} (maxGridPoints)`,
      });
  }
  if (spec.target.kind === "recommender" && "synthetic" in spec.target.dataset) {
    const { users, interactionsPerUser } = spec.target.dataset.synthetic;
    if (users * interactionsPerUser > SPEC_LIMITS.maxSyntheticInteractions)
      problems.push({
        field: "target.dataset.synthetic",
        message: `users x interactionsPerUser = ${users * interactionsPerUser}; at most ${SPEC_LIMITS.maxSyntheticInteractions} (maxSyntheticInteractions) fit a worker`,
      });
  }
  return problems;
}
