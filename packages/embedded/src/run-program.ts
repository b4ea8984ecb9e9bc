import { execFile } from "node:child_process";
import type { ServerUser } from "./server-user.js";

export interface RunResult {
  readonly code: number;
  readonly output: string;
}

/**
 * Runs one PostgreSQL program as the server's account, in `cwd` (the account must be able to enter
 * it). Resolves with the exit code and the combined output; never rejects on a non-zero exit.
 */
export function runProgram(
  program: string,
  args: readonly string[],
  options: { user: ServerUser | undefined; cwd: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      {
        cwd: options.cwd,
        ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
        // Nothing of this process's environment: the programs get absolute paths and the cluster's locale
        // (C, UTF8) from initdb's arguments, and their messages are matched in English.
        env: { LC_MESSAGES: "C" },
      },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`.trim();
        if (error && typeof error.code !== "number") return reject(error as Error);
        resolve({ code: typeof error?.code === "number" ? error.code : 0, output });
      },
    );
  });
}
