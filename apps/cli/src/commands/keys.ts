import { API_KEY_SCOPES, isScope, issueApiKey } from "@rectune/access";
import type { ApiKeyScope } from "@rectune/store";
import { Command, InvalidArgumentError, Option } from "commander";
import type { CliContext } from "../cli-context.js";
import { withStore } from "../store-session.js";

const scopeArg = (v: string): ApiKeyScope => {
  if (!isScope(v)) throw new InvalidArgumentError(`expected one of ${API_KEY_SCOPES.join(", ")}`);
  return v;
};

const when = (d: Date | null): string => (d ? d.toISOString().replace(/\.\d+Z$/, "Z") : "-");

/**
 * `rectune keys create | list | revoke`: API keys, made in the store directly (DATABASE_URL or the
 * embedded data directory), so the first one needs no key. The key is printed once, alone on its line.
 */
export function keysCommand({ env, say }: CliContext): Command {
  const keys = new Command("keys").description("API keys (made and revoked in the store directly)");
  const log = (line: string) => process.stderr.write(`${line}\n`);
  keys
    .command("create")
    .description("make a key and print it once, alone on its line (only its SHA-256 is kept)")
    .requiredOption("--name <name>", "what the key is for")
    .addOption(
      new Option("--scope <scope>", "read, write (submit, stop) or admin").argParser(scopeArg).makeOptionMandatory(),
    )
    .option("--project <name>", "the project whose studies it sees (default: every project, admin keys only)")
    .action(async (opts: { name: string; scope: ApiKeyScope; project?: string }) => {
      if (opts.project === undefined && opts.scope !== "admin")
        throw new InvalidArgumentError("a read or write key belongs to a project: give --project NAME");
      const { key, row } = await withStore(env, log, (store) =>
        issueApiKey(store, { name: opts.name, scopes: [opts.scope], project: opts.project ?? null }),
      );
      log(
        `created ${row.prefix} (${row.name}, ${row.scopes.join(",")}, project ${row.projectName ?? "all"}); the key:`,
      );
      say(key);
      log("it is shown this once: keep it (RECTUNE_API_KEY, or a file of mode 0600 named by RECTUNE_API_KEY_FILE)");
    });
  keys
    .command("list")
    .description("every key: prefix, name, scope, project, created, last used, revoked")
    .action(async () => {
      const rows = await withStore(env, log, (store) => store.apiKeys());
      for (const k of rows)
        say(
          [
            k.prefix,
            k.name,
            k.scopes.join(","),
            k.projectName ?? "(all)",
            when(k.createdAt),
            when(k.lastUsedAt),
            k.revokedAt ? `revoked ${when(k.revokedAt)}` : "active",
          ].join("  "),
        );
    });
  keys
    .command("revoke <prefix>")
    .description("revoke a key by its prefix (rtk_xxxxxxxx): it is refused from then on")
    .action(async (prefix: string) => {
      const row = await withStore(env, log, (store) => store.revokeApiKey(prefix));
      say(`revoked ${row.prefix} (${row.name}) at ${when(row.revokedAt)}`);
    });
  return keys;
}
