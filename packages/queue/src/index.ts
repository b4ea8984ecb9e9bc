export { TRIAL_QUEUE, trialQueueName, trialJobSchema, trialJobId, type TrialJob, type TrialJobInput } from "./jobs.js";
export { queueConnectionSchema, chooseQueueConnection, type QueueConnection } from "./connection.js";
export { createQueueBackend } from "./create-backend.js";
export type {
  QueueBackend,
  QueueErrorListener,
  AnyQueue,
  AnyWorker,
  QueueSettings,
  WorkerSettings,
} from "./queue-backend.js";
export { TrialQueue } from "./trial-queue.js";
export type { TrialEnqueuer } from "./trial-enqueuer.js";
export { InProcessTrialQueue } from "./in-process-queue.js";
export { TrialConsumer, type TrialConsumerOptions, type JobPlacement } from "./trial-consumer.js";
