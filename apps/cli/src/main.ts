import { readFileSync } from "node:fs";
import { ApiError, RectuneClient } from "@rectune/client";
import { apiUrlOf, parseEnv } from "@rectune/config";
import { StudySpecError } from "@rectune/spec";
import { Command } from "commander";
import { apiKeyFile, readCliApiKey } from "./api-key-file.js";
import type { CliContext } from "./cli-context.js";
import { dashboardCommand } from "./commands/dashboard.js";
import { dataCommand } from "./commands/data.js";
import { keysCommand } from "./commands/keys.js";
import { projectsCommand } from "./commands/projects.js";
import { demoCommand } from "./commands/demo.js";
import { exportCommand } from "./commands/export.js";
import { leaderboardCommand } from "./commands/leaderboard.js";
import { listCommand } from "./commands/list.js";
import { budgetCommand, resumeCommand, stopCommand } from "./commands/control.js";
import { statusCommand } from "./commands/status.js";
import { submitCommand } from "./commands/submit.js";
import { trialsCommand } from "./commands/trials.js";
import { upCommand } from "./commands/up.js";
import { watchCommand } from "./commands/watch.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};
const env = parseEnv(process.env);
const program = new Command("rectune")
  .description("Distributed hyperparameter optimization for recommender models.")
  .version(version, "-V, --version")
  .option("--api-url <url>", "the API to talk to (default: RECTUNE_API_URL, or the configured host and port)")
  .option("--api-key <key>", "the API key (default: RECTUNE_API_KEY, or the key file `rectune up` writes)");
let client: RectuneClient | undefined;
/** `--api-key`, else RECTUNE_API_KEY or the key file, read at each request: a key `rectune up` just wrote is found. */
const apiKey = (): string | undefined => program.opts<{ apiKey?: string }>().apiKey ?? readCliApiKey(env);
const context: CliContext = {
  env,
  get client() {
    client ??= new RectuneClient({
      baseUrl: program.opts<{ apiUrl?: string }>().apiUrl ?? apiUrlOf(env),
      apiKey,
    });
    return client;
  },
  clientAt: (url) => new RectuneClient({ baseUrl: url, apiKey }),
  say: (line) => process.stdout.write(`${line}\n`),
};

for (const command of [
  upCommand,
  submitCommand,
  watchCommand,
  listCommand,
  leaderboardCommand,
  trialsCommand,
  exportCommand,
  stopCommand,
  resumeCommand,
  budgetCommand,
  statusCommand,
  dashboardCommand,
  dataCommand,
  keysCommand,
  projectsCommand,
  demoCommand,
])
  program.addCommand(command(context));

try {
  await program.parseAsync();
} catch (error) {
  // Errors name the file and line (spec files) or the field (the API's answer), never a file's content.
  if (error instanceof StudySpecError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const p of error.problems.slice(1))
      process.stderr.write(`  ${error.source ?? ""}${p.line ? `:${p.line}` : ""}: ${p.field}: ${p.message}\n`);
  } else if (error instanceof ApiError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const p of error.problem.errors ?? []) process.stderr.write(`  ${p.field}: ${p.message}\n`);
    if (error.status === 401)
      process.stderr.write(
        `  the CLI sends RECTUNE_API_KEY, or the key in ${apiKeyFile(env)}; \`rectune keys create\` makes one\n`,
      );
  } else {
    process.stderr.write(`error: ${(error as Error).message}\n`);
  }
  process.exit(1);
}
