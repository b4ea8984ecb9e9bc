export { createObjectiveResolver, createRefitResolver } from "./objective-resolver.js";
export { loadObjectiveModules, moduleObjective, type ObjectiveModules } from "./module-objectives.js";
