export { SchedulerLoop, type SchedulerLoopOptions, type SchedulerLogger } from "./scheduler-loop.js";
export { StudyScheduler } from "./study-scheduler.js";
export { StudyView } from "./study-view.js";
export { completeWhenDone, isExternal } from "./external-studies.js";
