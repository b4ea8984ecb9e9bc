export { TRIAL_QUEUE, trialJobSchema, trialJobId, type TrialJob } from "./jobs.js";
export { queueConnectionSchema, type QueueConnection } from "./connection.js";
export { createQueueBackend, type QueueBackend } from "./backend.js";
export { TrialQueue } from "./trial-queue.js";
export { TrialConsumer, type TrialConsumerOptions } from "./trial-consumer.js";
