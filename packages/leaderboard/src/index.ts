export {
  LeaderboardCache,
  type Leaderboard,
  type LeaderboardAnswer,
  type LeaderboardCacheOptions,
} from "./leaderboard-cache.js";
