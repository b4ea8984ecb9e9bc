import type { LeaderboardWatcher } from "../contract/leaderboard-watcher.js";
import type { NotificationFeed } from "./notification-feed.js";

/** The channel the trials table's triggers announce leaderboard changes on (migration 20261128170000). */
export const LEADERBOARD_CHANNEL = "rectune_leaderboard";

/** The leaderboard changes of the process's notification feed (see NotificationFeed for delivery). */
export class LeaderboardFeed {
  constructor(private readonly feed: NotificationFeed) {}

  /** Adds a watcher (told at once whether the feed is live); returns the function that removes it. */
  watch(watcher: LeaderboardWatcher): () => void {
    return this.feed.watch({
      notified: (channel, payload) => {
        if (channel !== LEADERBOARD_CHANNEL) return;
        const studyId = Number(payload);
        if (Number.isSafeInteger(studyId)) watcher.changed(studyId);
      },
      listening: (on) => watcher.listening(on),
    });
  }
}
