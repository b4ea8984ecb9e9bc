export { createObjectiveResolver } from "./objective-resolver.js";
