/** The benchmark suite: every problem, by family. */
import { CONDITIONAL } from "./conditional.js";
import { CONTINUOUS } from "./continuous.js";
import { MIXED } from "./mixed.js";
import { NOISY } from "./noisy.js";
import { PLATEAU } from "./plateau.js";
import type { SuiteProblem } from "./problem.js";
import { loadTable, recordedBest, recordedEpochs, recordedLastEpochs } from "./recorded.js";

const mf = loadTable("mf-ml-latest-small");
/** MF on ml-latest-small (recorded/): tuned for its best epoch, for its epochs too, and observed at its last epochs. */
const RECORDED: SuiteProblem[] = [
  recordedBest("recorded-mf", mf),
  recordedEpochs("recorded-mf-epochs", mf),
  recordedLastEpochs("recorded-mf-last", mf),
];

export const SUITE: readonly SuiteProblem[] = [
  ...CONTINUOUS,
  ...MIXED,
  ...CONDITIONAL,
  ...NOISY,
  ...PLATEAU,
  ...RECORDED,
];
export type { Family, SuiteProblem } from "./problem.js";
