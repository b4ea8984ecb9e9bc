export { createObjectiveResolver, createRefitResolver } from "./objective-resolver.js";
