export { RectuneClient, type ClientOptions, type ArgsOf, type ResponseOf } from "./client.js";
export { ApiError } from "./api-error.js";
