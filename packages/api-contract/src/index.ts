export * from "./studies.js";
export * from "./trials.js";
export * from "./insights.js";
export * from "./events.js";
export * from "./problem.js";
export * from "./serving.js";
export * from "./capacity.js";
