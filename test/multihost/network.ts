import { execFileSync } from "node:child_process";

/** The test's namespaces: a bridge, the servers' host and three worker hosts, all named rt-scal-*. */
export const BRIDGE_NS = "rt-scal-br";
export const SERVER_NS = "rt-scal-srv";
export const WORKER_NS = ["rt-scal-w1", "rt-scal-w2", "rt-scal-w3"] as const;
export const SERVER_IP = "10.77.0.1";
/** The bridge-side end of a host's link: setting it down cuts that host off. */
export const linkOf = (ns: string): string => ns.replace("rt-scal-", "rtscal-");

const ip = (...args: string[]): string => execFileSync("ip", args, { encoding: "utf8", stdio: "pipe" });

/** Whether network namespaces can be made here (Linux, root, iproute2); the reason when not. */
export function netnsUnavailable(): string | undefined {
  if (process.platform !== "linux") return "network namespaces need Linux";
  if (process.getuid?.() !== 0) return "creating network namespaces needs root";
  try {
    ip("netns", "add", "rt-scal-probe");
    ip("netns", "del", "rt-scal-probe");
    return undefined;
  } catch (error) {
    return `ip netns is unavailable: ${(error as Error).message.split("\n")[0]}`;
  }
}

/**
 * One bridge in a namespace of its own and a veth pair per host, its host end `eth0` at 10.77.0.x/24: the
 * hosts reach each other only over this bridge, and nothing is added to the machine's own network.
 */
export function createNetwork(): void {
  removeNetwork();
  ip("netns", "add", BRIDGE_NS);
  ip("-n", BRIDGE_NS, "link", "add", "br0", "type", "bridge");
  ip("-n", BRIDGE_NS, "link", "set", "br0", "up");
  const hosts = [SERVER_NS, ...WORKER_NS].map((ns, i) => ({ ns, addr: i === 0 ? SERVER_IP : `10.77.0.${10 + i}` }));
  for (const { ns, addr } of hosts) {
    ip("netns", "add", ns);
    ip("link", "add", linkOf(ns), "netns", BRIDGE_NS, "type", "veth", "peer", "name", "eth0", "netns", ns);
    ip("-n", BRIDGE_NS, "link", "set", linkOf(ns), "master", "br0");
    ip("-n", BRIDGE_NS, "link", "set", linkOf(ns), "up");
    ip("-n", ns, "addr", "add", `${addr}/24`, "dev", "eth0");
    ip("-n", ns, "link", "set", "eth0", "up");
    ip("-n", ns, "link", "set", "lo", "up");
  }
}

/** Cuts a host's link to the bridge (as a pulled cable: its processes keep running, unreachable). */
export function cutLink(ns: string): void {
  ip("-n", BRIDGE_NS, "link", "set", linkOf(ns), "down");
}

/** Deletes the namespaces (their veth pairs and the bridge go with them). */
export function removeNetwork(): void {
  for (const ns of [BRIDGE_NS, SERVER_NS, ...WORKER_NS]) {
    try {
      ip("netns", "del", ns);
    } catch {
      // not there: nothing to remove
    }
  }
}
