export { TRIAL_QUEUE, trialJobSchema, trialJobId, type TrialJob } from "./jobs.js";
export { queueConnectionSchema, chooseQueueConnection, type QueueConnection } from "./connection.js";
export { createQueueBackend, type QueueBackend, type AnyQueue, type AnyWorker } from "./backend.js";
export { TrialQueue } from "./trial-queue.js";
export { TrialConsumer, type TrialConsumerOptions } from "./trial-consumer.js";
