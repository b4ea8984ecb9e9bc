import type { Direction } from "@rectune/search";
import type { LeaderboardWatcher } from "./leaderboard-watcher.js";
import type {
  DecisionRow,
  StudyListOptions,
  StudyRow,
  StudySummary,
  TrialPage,
  TrialPageOptions,
  TrialRow,
  WorkerRow,
} from "./rows.js";
import type { TrialHistory } from "./trial-history.js";

/** What the API reads. Unknown studies and trials are NotFoundError. */
export interface StudyReads extends TrialHistory {
  study(id: number): Promise<StudyRow>;
  /** Newest first, keyset-paginated by id. */
  studies(options: StudyListOptions): Promise<StudyRow[]>;
  /** The study, its trials counted by state, and its best trial. */
  studySummary(id: number): Promise<StudySummary>;
  /** Trials in number order, offset-paginated. */
  trialPage(studyId: number, options: TrialPageOptions): Promise<TrialPage>;
  trial(studyId: number, number: number): Promise<TrialRow>;
  /** COMPLETE trials best first by the first objective (ties: the earlier trial), at most `limit`. */
  leaderboard(studyId: number, direction: Direction, limit: number): Promise<TrialRow[]>;
  /** The strategy decision log in trial order. */
  decisions(studyId: number): Promise<DecisionRow[]>;
  /** Registered workers, most recently seen first. */
  workers(): Promise<WorkerRow[]>;
  /**
   * Tells `watcher` whenever a study's leaderboard may have changed (and whether such changes are being
   * delivered at all); returns the function that stops watching.
   */
  watchLeaderboards(watcher: LeaderboardWatcher): () => void;
  /** One round trip to the data (readiness checks). */
  ping(): Promise<void>;
}
