// What other packages' benchmarks reuse of this one's (`@rectune/search/bench`): the synthetic problems
// and the single-sampler-vs-auto comparison on them. Not part of the package's runtime API.
export { median, PROBLEMS, runStudy, type Problem } from "./problems.js";
export { CANDIDATES, runSynthetic, type SyntheticResult } from "./auto-synthetic.js";
