import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createPostgresStore } from "@rectune/store";
import { authenticate } from "@rectune/access";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "./helpers/db.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const run = promisify(execFile);

describe("rectune keys, projects and data add", () => {
  let env: Record<string, string>;
  let dir: string;
  const cli = (...args: string[]) =>
    run(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rectune-cli-"));
    env = {
      DATABASE_URL: await createTestDatabase(),
      RECTUNE_DATA_DIR: join(dir, ".rectune"),
      RECTUNE_DATA_ROOTS: join(dir, "root"),
    };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("makes a project and a key (printed once, alone on stdout), lists it without the secret, revokes it", async () => {
    expect((await cli("projects", "create", "recsys")).stdout).toMatch(/^project recsys created/);
    expect((await cli("projects", "list")).stdout).toMatch(/default[\s\S]*recsys/);
    const created = await cli("keys", "create", "--name", "ci", "--scope", "write", "--project", "recsys");
    const key = created.stdout.trim();
    expect(created.stdout).toBe(`${key}\n`);
    expect(key).toMatch(/^rtk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const prefix = key.slice(0, 12);
    // The store keeps what authenticates it, for its project and scope.
    const store = createPostgresStore(env.DATABASE_URL!, { poolSize: 1 });
    try {
      const principal = await authenticate(store, `Bearer ${key}`);
      expect(principal.scopes).toEqual(["write"]);
      expect(principal.projectId).toBe((await store.project("recsys")).id);
      const listed = (await cli("keys", "list")).stdout;
      expect(listed).toContain(prefix);
      expect(listed).not.toContain(key.slice(13));
      expect((await cli("keys", "revoke", prefix)).stdout).toMatch(new RegExp(`^revoked ${prefix}`));
      await expect(authenticate(store, `Bearer ${key}`)).rejects.toThrow(/revoked/);
    } finally {
      await store.close();
    }
    await expect(cli("keys", "create", "--name", "x", "--scope", "read")).rejects.toThrow(/--project/);
  }, 60_000);

  it("copies a data file into a data root and refuses to overwrite one", async () => {
    const file = join(dir, "plays.csv");
    await writeFile(file, "user,item\n1,2\n");
    const out = (await cli("data", "add", file)).stdout;
    const target = join(dir, "root", "plays.csv");
    expect(out).toContain(`use it as: dataset: { path: ${target} }`);
    expect(await readFile(target, "utf8")).toBe("user,item\n1,2\n");
    await expect(cli("data", "add", file)).rejects.toThrow(/EEXIST/);
    await expect(cli("data", "add", file, "--root", dir)).rejects.toThrow(/not a data root/);
  }, 60_000);
});
