import { execSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { connect } from "node:net";

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });

async function waitFor(port: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await answers(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** Starts the local PostgreSQL and Redis the way the machines' docs say, if they do not answer. */
export async function ensureServices(): Promise<void> {
  if (!(await answers(5432))) {
    const versions = existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql") : [];
    if (versions[0])
      execSync(`pg_ctlcluster --skip-systemctl-redirect ${versions[0]} main start`, { stdio: "inherit" });
    if (!(await waitFor(5432, 20_000))) throw new Error("PostgreSQL does not answer on 127.0.0.1:5432");
  }
  if (!(await answers(6379))) {
    execSync(
      'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
      { stdio: "inherit" },
    );
    if (!(await waitFor(6379, 10_000))) throw new Error("Redis does not answer on 127.0.0.1:6379");
  }
}
