import type { StudyWatcher } from "../contract/study-watcher.js";
import type { NotificationFeed } from "./notification-feed.js";

/** Trial created, changed state or reported a step (migration 20261206010000); payload `<study>:<trial id>`. */
export const TRIALS_CHANNEL = "rectune_trials";
/** Study created or changed status; payload `<study>`. */
export const STUDIES_CHANNEL = "rectune_studies";

/** The study and trial changes of the process's notification feed. */
export class StudyFeed {
  constructor(private readonly feed: NotificationFeed) {}

  watch(watcher: StudyWatcher): () => void {
    return this.feed.watch({
      notified: (channel, payload) => {
        if (channel === TRIALS_CHANNEL) {
          const [study, trial] = payload.split(":").map(Number);
          if (Number.isSafeInteger(study) && Number.isSafeInteger(trial)) watcher.trialChanged(study!, trial!);
        } else if (channel === STUDIES_CHANNEL) {
          const study = Number(payload);
          if (Number.isSafeInteger(study)) watcher.studyChanged(study);
        }
      },
      listening: (on) => watcher.listening(on),
    });
  }
}
