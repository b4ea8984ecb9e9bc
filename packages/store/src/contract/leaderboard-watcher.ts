/** What a reader that keeps leaderboards in memory is told (StudyReads.watchLeaderboards). */
export interface LeaderboardWatcher {
  /** A COMPLETE trial of this study was added, changed or removed: its leaderboard may differ now. */
  changed(studyId: number): void;
  /**
   * Whether changes are being delivered. `false` (the connection dropped) means changes may be missed
   * from now on, so everything derived from earlier reads must be forgotten; `true` comes once delivery
   * is in place again, and changes committed after that are delivered.
   */
  listening(on: boolean): void;
}
