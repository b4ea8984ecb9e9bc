import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.js";

const query = async (url: string, sql: string): Promise<unknown[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};

/** A PID that surely names no process: a child that has already exited. */
const deadPid = (): number => spawnSync(process.execPath, ["-e", "process.pid"]).pid ?? 999_999;

describe("embedded PostgreSQL", () => {
  let root: string;
  let dir: string;
  let server: EmbeddedPostgres | undefined;
  const logs: string[] = [];
  const start = () => startEmbeddedPostgres({ dir, database: "postgres", log: (line) => logs.push(line) });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "rectune-embedded-"));
    // Run as root, the server runs as `postgres`, which must be able to enter the folders above its own.
    await chmod(root, 0o755);
    dir = join(root, "project", ".rectune", "postgres");
  });

  afterAll(async () => {
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  }, 60_000);

  it("creates a cluster on first start and keeps its data across a stop and a start", async () => {
    server = await start();
    expect(server.created).toBe(true);
    expect(server.databaseUrl).toMatch(/^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
    expect(
      await query(server.databaseUrl, "SELECT current_setting('server_version_num')::int / 10000 AS major"),
    ).toEqual([{ major: 18 }]);
    await query(server.databaseUrl, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
    await server.stop();
    await expect(readFile(join(dir, "data", "postmaster.pid"))).rejects.toThrow(/ENOENT/);

    server = await start();
    expect(server.created).toBe(false);
    expect(await query(server.databaseUrl, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
  }, 60_000);

  it("stops and restarts a server whose rectune process died (a crash leaves it running)", async () => {
    // What a SIGKILLed `rectune up` leaves: the server runs on, its owner is gone.
    const orphanPort = server!.port;
    await writeFile(join(dir, "owner.json"), JSON.stringify({ pid: deadPid(), port: orphanPort }));
    logs.length = 0;
    server = await start();
    expect(logs.join("\n")).toMatch(/stopping a server left running by an earlier run \(PID \d+\)/);
    expect(await query(server.databaseUrl, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
  }, 60_000);

  it("refuses a directory whose server belongs to a rectune process that still runs", async () => {
    const owner = { pid: process.ppid, port: server!.port };
    await writeFile(join(dir, "owner.json"), JSON.stringify(owner));
    await expect(start()).rejects.toThrow(
      new RegExp(`in use by rectune \\(PID ${process.ppid}, port ${owner.port}\\)`),
    );
    await writeFile(join(dir, "owner.json"), JSON.stringify({ pid: process.pid, port: server!.port }));
  }, 60_000);

  it("removes a postmaster.pid naming a live process that is not this directory's server", async () => {
    await server!.stop();
    server = undefined;
    const stale = `${process.pid}\n${join(dir, "data")}\n0\n0\n`;
    await writeFile(join(dir, "data", "postmaster.pid"), stale);
    logs.length = 0;
    server = await start();
    expect(logs.join("\n")).toMatch(new RegExp(`removing a stale postmaster.pid \\(PID ${process.pid}`));
    expect(await query(server.databaseUrl, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
  }, 60_000);
});
