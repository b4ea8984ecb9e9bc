import type { Env } from "@rectune/config";
import { InvalidArgumentError } from "commander";
import type { ApiClient } from "./api-client.js";

/** What every command gets from main: the parsed environment, the API client, a line printer. */
export interface CliContext {
  readonly env: Env;
  /** The API at RECTUNE_API_URL (or the configured host and port). */
  readonly client: ApiClient;
  say(line: string): void;
}

/** Commander's parser of a positive integer option or argument. */
export const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
};
