import { Command, InvalidArgumentError } from "commander";
import type { CliContext } from "../cli-context.js";
import { withStore } from "../store-session.js";

const projectName = (v: string): string => {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v))
    throw new InvalidArgumentError("expected 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
  return v;
};

/** `rectune projects create | list`: a team's studies and keys live in a project. */
export function projectsCommand({ env, say }: CliContext): Command {
  const projects = new Command("projects").description("projects (each study and key belongs to one)");
  const log = (line: string) => process.stderr.write(`${line}\n`);
  projects
    .command("create <name>")
    .description("make a project; then `rectune keys create --project NAME` gives its team a key")
    .action(async (name: string) => {
      const row = await withStore(env, log, (store) => store.createProject(projectName(name)));
      say(`project ${row.name} created (id ${row.id})`);
    });
  projects
    .command("list")
    .description("every project")
    .action(async () => {
      for (const p of await withStore(env, log, (store) => store.projects()))
        say(`${String(p.id).padStart(4)}  ${p.name}  created ${p.createdAt.toISOString()}`);
    });
  return projects;
}
