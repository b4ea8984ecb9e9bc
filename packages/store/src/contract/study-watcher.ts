/** What a live view of studies (the API's event stream) is told. */
export interface StudyWatcher {
  /** A trial was created, changed state, or reported a new step. */
  trialChanged(studyId: number, trialId: number): void;
  /** A study was created or changed status. */
  studyChanged(studyId: number): void;
  /** As LeaderboardWatcher.listening: after `false`, changes may have been missed until the next `true`. */
  listening(on: boolean): void;
}
