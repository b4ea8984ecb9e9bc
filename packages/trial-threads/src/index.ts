export { TrialThreadPool, type TrialThreadPoolOptions } from "./trial-thread-pool.js";
export type { ThreadSetup } from "./messages.js";
