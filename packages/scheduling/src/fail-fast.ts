import type { TrialRecord } from "@rectune/search";
import type { StudyLedger, StudyRow } from "@rectune/store";
import type { StudyView } from "./study-view.js";

/** The reaper's error text: a lost worker is the infrastructure's failure, never a reason to fail a study. */
const REAPER_ERROR = /^worker lost /;

const succeeded = (t: TrialRecord): boolean => t.state === "COMPLETE" || t.state === "PRUNED";

/**
 * Fails a study fast that cannot succeed: when its first trials (min(3, parallelism + 1)) all FAILED with
 * the same error and none succeeded, every further trial would repeat that error (a parameter the target
 * does not take, a file it cannot read). Decided once per study, as soon as those first trials ended.
 */
export class FailFast {
  private decided = false;

  constructor(
    private readonly ledger: Pick<StudyLedger, "failedTrialErrors">,
    private readonly study: StudyRow,
  ) {}

  /** The reason to FAIL the study now, or null. Cheap on every pass: it looks at the first k trials only. */
  async check(view: StudyView): Promise<string | null> {
    if (this.decided) return null;
    const { parallelism, maxTrials } = this.study.spec.strategy;
    const k = Math.min(3, parallelism + 1, maxTrials);
    const first = view.trials.slice(0, k);
    if (first.length < k || first.some((t) => t.state === "WAITING" || t.state === "RUNNING")) return null;
    this.decided = true;
    if (!first.every((t) => t.state === "FAILED") || view.trials.some(succeeded)) return null;
    const errors = await this.ledger.failedTrialErrors(
      this.study.id,
      first.map((t) => t.number),
    );
    const texts = new Set(first.map((t) => errors.get(t.number) ?? ""));
    const [text] = [...texts];
    if (texts.size !== 1 || !text || REAPER_ERROR.test(text)) return null;
    return `the first ${k} trials all failed with the same error: ${text}`;
  }
}

/** Why a study whose budget is spent must end FAILED rather than COMPLETED: no trial succeeded. Null if one did. */
export async function noSuccessReason(
  ledger: Pick<StudyLedger, "failedTrialErrors">,
  studyId: number,
  view: StudyView,
): Promise<string | null> {
  if (view.trials.some(succeeded)) return null;
  const failed = view.trials.filter((t) => t.state === "FAILED");
  const last = failed.at(-1);
  const error = last ? (await ledger.failedTrialErrors(studyId, [last.number])).get(last.number) : null;
  return `no trial completed (${failed.length} of ${view.trials.length} failed)${error ? `; last error: ${error}` : ""}`;
}
