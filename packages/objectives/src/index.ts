export { createObjectiveResolver } from "./objective-resolver.js";
export { loadObjectiveModules, moduleObjective, type ObjectiveModules } from "./module-objectives.js";
