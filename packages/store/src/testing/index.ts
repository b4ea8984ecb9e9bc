export { describeStoreContract } from "./store-contract.js";
export { completeTrials, contractSpec, studyWithTrials } from "./fixtures.js";
