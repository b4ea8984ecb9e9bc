export { createObjectiveResolver } from "./objective-resolver.js";
export { loadObjectiveModules, type ObjectiveModules } from "./module-objectives.js";
export { objectiveOf, objectiveRegistry, type ObjectiveRegistry } from "./objective-registry.js";
