import type { Env } from "@rectune/config";
import type { RectuneClient } from "@rectune/client";
import { InvalidArgumentError } from "commander";

/** What every command gets from main: the parsed environment, the API client, a line printer. */
export interface CliContext {
  readonly env: Env;
  /** The API at `--api-url`, else RECTUNE_API_URL (or the configured host and port); built when first used. */
  readonly client: RectuneClient;
  /** A client of another API (a cluster this CLI started), with the same key. */
  clientAt(url: string): RectuneClient;
  say(line: string): void;
}

/** Commander's parser of a positive integer option or argument. */
export const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
};

/** Prints a read's answer as JSON (`--json`) instead of its table. */
export const printJson = (say: (line: string) => void, value: unknown): void => say(JSON.stringify(value, null, 2));
