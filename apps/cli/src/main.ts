import { apiUrlOf, parseEnv } from "@rectune/config";
import { StudySpecError } from "@rectune/spec";
import { Command } from "commander";
import { ApiClient, ApiError } from "./api-client.js";
import { apiKeyFile, readCliApiKey } from "./api-key-file.js";
import type { CliContext } from "./cli-context.js";
import { dashboardCommand } from "./commands/dashboard.js";
import { dataCommand } from "./commands/data.js";
import { keysCommand } from "./commands/keys.js";
import { projectsCommand } from "./commands/projects.js";
import { demoCommand } from "./commands/demo.js";
import { leaderboardCommand } from "./commands/leaderboard.js";
import { statusCommand } from "./commands/status.js";
import { submitCommand } from "./commands/submit.js";
import { upCommand } from "./commands/up.js";
import { watchCommand } from "./commands/watch.js";

const env = parseEnv(process.env);
const context: CliContext = {
  env,
  client: new ApiClient(apiUrlOf(env), () => readCliApiKey(env)),
  say: (line) => process.stdout.write(`${line}\n`),
};

const program = new Command("rectune").description("Distributed hyperparameter optimization for recommender models.");
for (const command of [
  upCommand,
  submitCommand,
  watchCommand,
  leaderboardCommand,
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
